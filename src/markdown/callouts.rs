//! Callouts: GitHub's alerts (`> [!NOTE]`, read by pulldown-cmark) and
//! Obsidian's callouts (`> [!tip] Title`, foldable with `-` folded or `+`
//! open, read here from the quote's first line), drawn as GitHub draws
//! alerts: a note with its kind or title as a visible title (what a screen
//! reader announces) and a decorative icon; a foldable one as `<details>`.

use pulldown_cmark::BlockQuoteKind;

/// The five looks, by GitHub's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Look {
    fn of_github(kind: BlockQuoteKind) -> Look {
        match kind {
            BlockQuoteKind::Note => Look::Note,
            BlockQuoteKind::Tip => Look::Tip,
            BlockQuoteKind::Important => Look::Important,
            BlockQuoteKind::Warning => Look::Warning,
            BlockQuoteKind::Caution => Look::Caution,
        }
    }

    /// Obsidian's kinds (and their aliases) by the look closest to theirs.
    fn of_obsidian(kind: &str) -> Option<Look> {
        Some(match kind {
            "note" | "info" | "todo" | "abstract" | "summary" | "tldr" | "quote" | "cite"
            | "example" => Look::Note,
            "tip" | "hint" | "success" | "check" | "done" | "question" | "help" | "faq" => {
                Look::Tip
            }
            "important" => Look::Important,
            "warning" | "attention" => Look::Warning,
            "caution" | "danger" | "error" | "failure" | "fail" | "missing" | "bug" => {
                Look::Caution
            }
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Look::Note => "note",
            Look::Tip => "tip",
            Look::Important => "important",
            Look::Warning => "warning",
            Look::Caution => "caution",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            Look::Note => "ℹ",
            Look::Tip => "✦",
            Look::Important => "!",
            Look::Warning => "⚠",
            Look::Caution => "⛔",
        }
    }
}

/// Whether `kind` names a callout guildhall draws (`tip`, `danger`...:
/// Obsidian's kinds and aliases, any case).
pub fn is_callout_kind(kind: &str) -> bool {
    Look::of_obsidian(&kind.to_lowercase()).is_some()
}

/// A callout to open: its look, title, and whether it folds (`Some(open)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    look: Look,
    title: String,
    fold: Option<bool>,
    /// Titled by its kind, one of the five (`tip`, not an alias such as
    /// `hint`): the theme's word for it, in the page's language, may
    /// stand instead.
    by_kind: bool,
}

impl Callout {
    /// A GitHub alert: titled by its kind.
    pub fn github(kind: BlockQuoteKind) -> Callout {
        let look = Look::of_github(kind);
        let mut title = look.name().to_string();
        title[..1].make_ascii_uppercase();
        Callout {
            look,
            title,
            fold: None,
            by_kind: true,
        }
    }

    /// Titled `title_of(kind)` (`note`, `tip`, `important`, `warning`,
    /// `caution`) instead of its kind in English, when it is titled by
    /// its kind and `title_of` has a word for it: "Astuce" on a French
    /// page.
    pub fn titled(mut self, title_of: impl FnOnce(&str) -> Option<String>) -> Callout {
        if self.by_kind
            && let Some(title) = title_of(self.look.name())
        {
            self.title = title;
        }
        self
    }

    /// An Obsidian callout from a quote's first source line (`> [!tip]-
    /// Title`); `None` for any other line.
    pub fn obsidian(line: &str) -> Option<Callout> {
        let rest = line.trim_start().strip_prefix('>')?.trim_start();
        let rest = rest.strip_prefix("[!")?;
        let (kind, after) = rest.split_once(']')?;
        let kind = kind.trim().to_lowercase();
        let look = Look::of_obsidian(&kind)?;
        let (fold, title) = match after.chars().next() {
            Some('-') => (Some(false), &after[1..]),
            Some('+') => (Some(true), &after[1..]),
            _ => (None, after),
        };
        let by_kind = title.trim().is_empty() && kind == look.name();
        let title = match title.trim() {
            "" => {
                let mut title = kind;
                if let Some(first) = title.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                title
            }
            title => title.to_string(),
        };
        Some(Callout {
            look,
            title,
            fold,
            by_kind,
        })
    }

    /// The HTML that opens it.
    pub fn open(&self) -> String {
        let (name, icon) = (self.look.name(), self.look.icon());
        let title = crate::util::escape::html(&self.title);
        let heading =
            format!("<span class=\"callout-icon\" aria-hidden=\"true\">{icon}</span> {title}");
        match self.fold {
            None => format!(
                "<div class=\"callout callout-{name}\" role=\"note\"><p class=\"callout-title\">{heading}</p>\n"
            ),
            Some(open) => format!(
                "<details class=\"callout callout-{name}\"{}><summary class=\"callout-title\">{heading}</summary>\n",
                if open { " open" } else { "" }
            ),
        }
    }

    /// The HTML that closes it.
    pub fn close(&self) -> &'static str {
        match self.fold {
            None => "</div>\n",
            Some(_) => "</details>\n",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obsidian_lines_with_kinds_titles_and_folds() {
        let c = Callout::obsidian("> [!tip]- Stage first").unwrap();
        assert_eq!(
            (c.look, c.title.as_str(), c.fold),
            (Look::Tip, "Stage first", Some(false))
        );
        assert!(
            c.open()
                .starts_with("<details class=\"callout callout-tip\"><summary")
        );
        let c = Callout::obsidian(">[!DANGER]+").unwrap();
        assert_eq!(
            (c.look, c.title.as_str(), c.fold),
            (Look::Caution, "Danger", Some(true))
        );
        assert!(c.open().contains(" open>"));
        let c = Callout::obsidian("> [!info] Read <this>").unwrap();
        assert_eq!(c.fold, None);
        assert!(c.open().contains("Read &lt;this&gt;</p>"), "{}", c.open());
        assert_eq!(Callout::obsidian("> [!madeup] x"), None);
        assert_eq!(Callout::obsidian("> just a quote"), None);
        assert_eq!(Callout::github(BlockQuoteKind::Warning).title, "Warning");
    }
}
