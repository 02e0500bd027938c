//! An entry's language, and its path with the language taken out (what
//! its translations share).
//!
//! The first that applies: `lang:` in front matter; a file suffix
//! `name.<lang>.md` naming a language of the site; a top-level folder
//! `content/<lang>/` naming one; else the site's `language`.

use crate::config::Languages;
use crate::config::languages::url_segment;

/// Where an entry's language came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LangFrom {
    FrontMatter,
    /// `x.fr.md`
    Suffix,
    /// `content/fr/x.md`
    Folder,
    /// The site's `language`.
    Site,
}

/// An entry's language and the two paths it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The tag, in the site's spelling when the site lists it.
    pub lang: String,
    pub from: LangFrom,
    /// `rel` with the language part removed (`guides/ja/x.md`, `ja/x.md`
    /// with `lang: ja` and `x.ja.md` are all `x.md`, or `guides/x.md`):
    /// entries with equal keys are translations of one another. The
    /// kind is read from it too, so `content/ja/questions/` holds
    /// questions.
    pub key: String,
    /// The path the URL is made from: `rel`, but a suffix file is under
    /// its language's folder (`x.fr.md` is `fr/x.md`) and the default
    /// language's folder is the site's root (`en/about.md` is `about.md`).
    pub url_rel: String,
}

/// Places the file at `rel` (under `content/`, `/` separators) whose
/// front matter says `lang` (if it does).
pub fn place(rel: &str, lang: Option<&str>, languages: &Languages) -> Placed {
    let (folder, file) = match rel.rsplit_once('/') {
        Some((folder, file)) => (Some(folder), file),
        None => (None, rel),
    };
    let stem = super::markdown_stem(file).unwrap_or(file);
    let extension = &file[stem.len()..];
    let suffix = stem
        .rsplit_once('.')
        .map(|(_, s)| s)
        .filter(|s| languages.listed(s).is_some());
    let top = folder
        .map(|f| f.split('/').next().unwrap_or(f))
        .filter(|t| languages.listed(t).is_some());
    let (lang, from) = match (lang.map(str::trim).filter(|l| !l.is_empty()), suffix, top) {
        (Some(lang), _, _) => (lang.to_string(), LangFrom::FrontMatter),
        (None, Some(suffix), _) => (suffix.to_string(), LangFrom::Suffix),
        (None, None, Some(top)) => (top.to_string(), LangFrom::Folder),
        (None, None, None) => (languages.default.clone(), LangFrom::Site),
    };
    let lang = languages.listed(&lang).map_or(lang, str::to_string);
    // The file name without its language suffix (when it is this language).
    let name = match stem.rsplit_once('.') {
        Some((base, s)) if s.eq_ignore_ascii_case(&lang) => format!("{base}{extension}"),
        _ => file.to_string(),
    };
    let suffixed = name != file;
    let mut segments: Vec<&str> = folder.map(|f| f.split('/').collect()).unwrap_or_default();
    // A folder named after the language, or its primary subtag
    // (`guides/zh/` for `zh-CN`).
    let primary = lang.split('-').next().unwrap_or(&lang);
    let in_folder = segments
        .iter()
        .position(|s| s.eq_ignore_ascii_case(&lang) || s.eq_ignore_ascii_case(primary));
    let mut key_segments = segments.clone();
    if let Some(i) = in_folder {
        key_segments.remove(i);
    }
    let join = |segments: &[&str], name: &str| {
        let mut path = segments.join("/");
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(name);
        path
    };
    let key = join(&key_segments, &name);
    let is_default = languages.is_default(&lang);
    let url_rel = if in_folder == Some(0) && is_default {
        // `content/en/` on an English site is the root, as in Hugo.
        segments.remove(0);
        join(&segments, &name)
    } else if suffixed && !is_default && in_folder.is_none() {
        format!("{}/{}", url_segment(&lang), join(&segments, &name))
    } else {
        join(&segments, &name)
    };
    Placed {
        lang,
        from,
        key,
        url_rel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn languages() -> Languages {
        let other = |tag: &str| Language {
            tag: tag.into(),
            name: None,
            title: None,
            description: None,
        };
        Languages {
            default: "en".into(),
            others: vec![other("ja"), other("zh-CN"), other("fr")],
        }
    }

    fn placed(rel: &str, lang: Option<&str>) -> (String, LangFrom, String, String) {
        let p = place(rel, lang, &languages());
        (p.lang, p.from, p.key, p.url_rel)
    }

    #[test]
    fn front_matter_then_suffix_then_folder_then_the_site() {
        assert_eq!(
            placed("guides/ja/how-to.md", Some("ja")),
            (
                "ja".into(),
                LangFrom::FrontMatter,
                "guides/how-to.md".into(),
                "guides/ja/how-to.md".into()
            )
        );
        assert_eq!(
            placed("guides/x.fr.md", None),
            (
                "fr".into(),
                LangFrom::Suffix,
                "guides/x.md".into(),
                "fr/guides/x.md".into()
            )
        );
        assert_eq!(
            placed("zh-cn/about.md", None),
            (
                "zh-CN".into(),
                LangFrom::Folder,
                "about.md".into(),
                "zh-cn/about.md".into()
            )
        );
        assert_eq!(
            placed("en/about.md", None),
            (
                "en".into(),
                LangFrom::Folder,
                "about.md".into(),
                "about.md".into()
            )
        );
        assert_eq!(
            placed("guides/x.md", None),
            (
                "en".into(),
                LangFrom::Site,
                "guides/x.md".into(),
                "guides/x.md".into()
            )
        );
    }

    #[test]
    fn unlisted_suffixes_and_folders_are_plain_names() {
        assert_eq!(
            placed("notes/v1.2.md", None),
            (
                "en".into(),
                LangFrom::Site,
                "notes/v1.2.md".into(),
                "notes/v1.2.md".into()
            )
        );
        assert_eq!(placed("de/x.md", None).0, "en");
        // An unlisted `lang:` is taken as written.
        assert_eq!(placed("x.md", Some("pt-BR")).0, "pt-BR");
    }
}
