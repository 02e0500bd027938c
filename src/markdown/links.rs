//! Links in markdown: `.md` links and wikilinks rewritten to their target's
//! URL (with `#anchors` queued for checking), root-relative URLs moved under
//! `base_url`'s path, script-running URL schemes neutralised, and bare web
//! addresses in text made links (`autolinks`).

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::AnchorCheck;
use super::autolinks::bare_urls;
use super::walk::State;
use crate::config::RawHtml;
use crate::site::EntryId;
use crate::site::links::Resolved;
use crate::yaml::did_you_mean;

impl<'a> State<'a> {
    /// A link opens: a wikilink resolved to its target (whose title shows
    /// when the link has no text of its own), any other link's
    /// destination checked and rewritten (see [`State::link`]).
    pub(super) fn open_link(&mut self, tag: Tag<'a>, at: usize, len: usize) {
        let Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } = tag
        else {
            return;
        };
        let (link_type, url) = match link_type {
            LinkType::WikiLink { has_pothole } => {
                let (url, target_title) = self.wikilink(&dest_url, at, len);
                if !has_pothole {
                    self.wikilink_title = target_title;
                }
                (LinkType::Inline, url)
            }
            other => (other, self.link(&dest_url, at, len)),
        };
        self.links_open += 1;
        self.events.push(Event::Start(Tag::Link {
            link_type,
            dest_url: url.into(),
            title,
            id,
        }));
    }

    /// A run of text, its bare web addresses made links.
    pub(super) fn text_with_links(&mut self, text: CowStr<'a>, at: usize) {
        let urls = bare_urls(&text);
        if urls.is_empty() {
            self.events.push(Event::Text(text));
            return;
        }
        let mut written = 0;
        for url in urls {
            if url.range.start > written {
                let before = text[written..url.range.start].to_string();
                self.events.push(Event::Text(before.into()));
            }
            let shown = text[url.range.clone()].to_string();
            let dest = self.link(&url.href, at + url.range.start, url.range.len());
            self.events.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: dest.into(),
                title: "".into(),
                id: "".into(),
            }));
            self.events.push(Event::Text(shown.into()));
            self.events.push(Event::End(TagEnd::Link));
            written = url.range.end;
        }
        if written < text.len() {
            self.events
                .push(Event::Text(text[written..].to_string().into()));
        }
    }
}

impl State<'_> {
    /// Rewrites a link destination written in markdown.
    pub(super) fn link(&mut self, dest: &str, at: usize, len: usize) -> String {
        if let Some(url) = self.external_or_rooted(dest) {
            return url;
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            let id = format!("{}{fragment}", self.prefix);
            let page = self.site.page_of(self.id);
            let problem = self.broken(
                at,
                len,
                format!("no heading `#{fragment}` on this page"),
                None,
            );
            self.out.anchor_checks.push(AnchorCheck {
                page,
                id: id.clone(),
                problem,
            });
            return format!("#{id}");
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        if crate::content::markdown_stem(&path.to_ascii_lowercase()).is_none() {
            // A relative link to something else (a file under static/, say).
            return dest.to_string();
        }
        match self.site.resolve_relative(self.id, path) {
            Resolved::Entry(target) => self.target_url(target, fragment, dest, at, len),
            _ => {
                let problem = self.broken(
                    at,
                    len,
                    format!("link to `{path}`, which does not exist"),
                    None,
                );
                self.out.problems.push(problem);
                dest.to_string()
            }
        }
    }

    /// Resolves `[[target#anchor]]`: the URL, and the target's title.
    pub(super) fn wikilink(
        &mut self,
        dest: &str,
        at: usize,
        len: usize,
    ) -> (String, Option<String>) {
        let (target, fragment) = match dest.split_once('#') {
            Some((t, f)) => (t.trim(), Some(f.trim())),
            None => (dest.trim(), None),
        };
        if target.is_empty() {
            return (
                self.link(&format!("#{}", fragment.unwrap_or("")), at, len),
                None,
            );
        }
        match self.site.resolve_reference(self.id, target) {
            Resolved::Entry(found) => {
                let url = self.target_url(found, fragment, dest, at, len);
                let title = self.site.entry(found).title.clone();
                (url, Some(title))
            }
            Resolved::Ambiguous(ids) => {
                let problem = self.broken(
                    at,
                    len,
                    format!("`[[{target}]]` matches several entries"),
                    Some(format!(
                        "write the longer form: {}",
                        self.site.describe_candidates(&ids)
                    )),
                );
                self.out.problems.push(problem);
                (String::from("#"), None)
            }
            Resolved::Missing => {
                let help = did_you_mean(target, &self.site.slugs())
                    .map(|s| format!("did you mean `[[{s}]]`?"));
                let problem =
                    self.broken(at, len, format!("`[[{target}]]` matches no entry"), help);
                self.out.problems.push(problem);
                (String::from("#"), None)
            }
        }
    }

    /// The URL of `target`, queueing a check of `fragment` against its page.
    pub(super) fn target_url(
        &mut self,
        target: EntryId,
        fragment: Option<&str>,
        written: &str,
        at: usize,
        len: usize,
    ) -> String {
        if !self.out.links_to.contains(&target) && target != self.id {
            self.out.links_to.push(target);
        }
        let site = self.site;
        let url = site.entry_url(target);
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            return url;
        };
        let (page, id) = match site.question_of[target] {
            Some(question) => (
                question,
                format!("{}-{fragment}", site.answer_anchor(target)),
            ),
            None => (target, fragment.to_string()),
        };
        let page_url = site.entry_url(page);
        let problem = self.broken(
            at,
            len,
            format!(
                "`{written}`: `{}` has no heading `#{fragment}`",
                site.entry(target).file
            ),
            None,
        );
        self.out.anchor_checks.push(AnchorCheck {
            page,
            id: id.clone(),
            problem,
        });
        format!("{page_url}#{id}")
    }

    /// URLs with a scheme stay as written, except script-running schemes;
    /// root-relative paths move under `base_url`'s path. `None` for
    /// relative paths and fragments.
    pub(super) fn external_or_rooted(&mut self, dest: &str) -> Option<String> {
        if let Some(scheme) = url_scheme(dest) {
            let scheme = scheme.to_ascii_lowercase();
            if matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
                && self.site.config.raw_html != RawHtml::Allow
            {
                return Some("#".into());
            }
            return Some(dest.to_string());
        }
        if dest.starts_with("//") {
            return Some(dest.to_string());
        }
        if let Some(rest) = dest.strip_prefix('/') {
            return Some(self.site.url(&format!("/{rest}")));
        }
        None
    }
}

/// The scheme of an absolute URL (`https` of `https://x`), if any.
fn url_scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::url_scheme;

    #[test]
    fn schemes() {
        assert_eq!(url_scheme("https://x"), Some("https"));
        assert_eq!(url_scheme("JavaScript:alert(1)"), Some("JavaScript"));
        assert_eq!(url_scheme("../x.md"), None);
        assert_eq!(url_scheme("x.md#a:b"), None);
    }
}
