//! Files for publishing: `sitemap.xml`, `robots.txt`, `.nojekyll` (GitHub
//! Pages must not run Jekyll over the output) and `CNAME` when configured.

use std::fmt::Write;

use crate::output::OutputFile;
use crate::render::lists::Listing;
use crate::site::Site;
use crate::util::escape::html as xml_escape;

pub fn files(site: &Site, listings: &[Listing]) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::text("sitemap.xml", sitemap(site, listings)),
        OutputFile::text(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                site.config.absolute_url("/sitemap.xml")
            ),
        ),
        OutputFile::text(".nojekyll", String::new()),
    ];
    if let Some(cname) = &site.config.cname {
        files.push(OutputFile::text("CNAME", format!("{}\n", cname.trim())));
    }
    files
}

/// A redirect page at each alias: a meta refresh and a canonical link to
/// the entry's URL, which search engines follow as a move.
pub fn alias_pages(site: &Site) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|(path, id)| {
            let target = xml_escape(&site.config.absolute_url(&site.paths[*id]));
            let title = xml_escape(&site.entry(*id).title);
            let lang = xml_escape(&site.config.language);
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n"
            );
            OutputFile::text(&crate::render::file_for(path), html)
        })
        .collect()
}

/// Every page's absolute URL, with `lastmod` where the entry has a date,
/// and the page's versions in other languages as `xhtml:link` alternates
/// (Google's hreflang in sitemaps), `x-default` the default language's.
fn sitemap(site: &Site, listings: &[Listing]) -> String {
    let mut urls: Vec<(String, String, Versions)> = site
        .page_ids()
        .map(|id| {
            let meta = &site.entry(id).meta;
            let lastmod = meta
                .updated
                .or(meta.reviewed)
                .or(meta.date)
                .map(|d| d.ymd())
                .unwrap_or_default();
            (
                site.config.absolute_url(&site.paths[id]),
                lastmod,
                entry_alternates(site, id),
            )
        })
        .collect();
    let langs = crate::render::lists::list_languages(site);
    let homes: Vec<(String, String)> = langs
        .iter()
        .map(|l| (l.clone(), site.config.absolute_url(&site.lang_path(l, "/"))))
        .collect();
    for (_, home) in &homes {
        urls.push((
            home.clone(),
            String::new(),
            with_default(site, homes.clone()),
        ));
    }
    for path in [
        site.config.layout.tags_path(),
        site.config.layout.people_path(),
        site.config.layout.stats_path(),
    ] {
        urls.push((site.config.absolute_url(&path), String::new(), Vec::new()));
    }
    for listing in listings {
        let versions: Vec<(String, String)> = listings
            .iter()
            .filter(|l| l.kind == listing.kind && l.kind != crate::render::lists::ListKind::Tag)
            .map(|l| (l.lang.clone(), site.config.absolute_url(&l.path)))
            .collect();
        let versions = if versions.len() > 1 {
            with_default(site, versions)
        } else {
            Vec::new()
        };
        urls.push((
            site.config.absolute_url(&listing.path),
            String::new(),
            versions,
        ));
    }
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let multilingual = urls.iter().any(|u| !u.2.is_empty());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if multilingual {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for (url, lastmod, alternates) in urls {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", xml_escape(&url));
        if !lastmod.is_empty() {
            let _ = writeln!(xml, "    <lastmod>{lastmod}</lastmod>");
        }
        for (lang, href) in alternates {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(&lang),
                xml_escape(&href)
            );
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A page's versions: (language, absolute URL).
type Versions = Vec<(String, String)>;

/// An entry's versions (itself and its translations), one per language,
/// plus `x-default`; empty without translations.
fn entry_alternates(site: &Site, id: crate::site::EntryId) -> Vec<(String, String)> {
    if site.translations[id].is_empty() {
        return Vec::new();
    }
    let mut versions: Vec<(String, String)> = std::iter::once(id)
        .chain(site.translations[id].iter().copied())
        .map(|t| {
            (
                site.entry(t).lang.clone(),
                site.config.absolute_url(&site.paths[t]),
            )
        })
        .collect();
    versions.sort();
    versions.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
    with_default(site, versions)
}

fn with_default(site: &Site, mut versions: Vec<(String, String)>) -> Vec<(String, String)> {
    let languages = &site.config.layout.languages;
    if let Some((_, url)) = versions.iter().find(|(l, _)| languages.is_default(l)) {
        let url = url.clone();
        versions.push(("x-default".into(), url));
    }
    versions
}
