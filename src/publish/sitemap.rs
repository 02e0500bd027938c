//! Files for publishing: `sitemap.xml`, `robots.txt`, `.nojekyll` (GitHub
//! Pages must not run Jekyll over the output) and `CNAME` when configured.

use std::fmt::Write;

use crate::output::OutputFile;
use crate::render::lists::Listing;
use crate::site::Site;
use crate::util::escape::html as xml_escape;

pub fn files(site: &Site, listings: &[Listing]) -> Vec<OutputFile> {
    let urls = sitemap_urls(site, listings);
    let mut files: Vec<OutputFile> = sitemaps(urls, SITEMAP_MAX_URLS, |path| {
        site.config.absolute_url(path)
    })
    .into_iter()
    .map(|(path, xml)| OutputFile::text(&path, xml))
    .collect();
    files.extend([
        OutputFile::text(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                site.config.absolute_url("/sitemap.xml")
            ),
        ),
        OutputFile::text(".nojekyll", String::new()),
    ]);
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

/// The most URLs one sitemap file may list (sitemaps.org).
const SITEMAP_MAX_URLS: usize = 50_000;

/// A page in the sitemap: its absolute URL, `lastmod` (or empty) and its
/// versions in other languages.
type SitemapUrl = (String, String, Versions);

/// Every page's absolute URL, with `lastmod` where the entry has a date,
/// and the page's versions in other languages as `xhtml:link` alternates
/// (Google's hreflang in sitemaps), `x-default` the default language's;
/// sorted, each once.
fn sitemap_urls(site: &Site, listings: &[Listing]) -> Vec<SitemapUrl> {
    let mut urls: Vec<SitemapUrl> = site
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
    urls
}

/// The sitemap files, (path, XML): `sitemap.xml` listing every URL, or,
/// past `max` URLs, `sitemap.xml` as a sitemap index of `sitemap-1.xml`,
/// `sitemap-2.xml`... of at most `max` URLs each (a 100,000-entry site has
/// 150,000 pages; search engines read no more than 50,000 from one file).
fn sitemaps(
    urls: Vec<SitemapUrl>,
    max: usize,
    absolute: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    if urls.len() <= max {
        return vec![("sitemap.xml".to_string(), urlset(&urls))];
    }
    let parts: Vec<(String, String)> = urls
        .chunks(max)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), urlset(chunk)))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, _) in &parts {
        let _ = writeln!(
            index,
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>",
            xml_escape(&absolute(&format!("/{path}")))
        );
    }
    index.push_str("</sitemapindex>\n");
    std::iter::once(("sitemap.xml".to_string(), index))
        .chain(parts)
        .collect()
}

/// One `<urlset>` of `urls`.
fn urlset(urls: &[SitemapUrl]) -> String {
    let multilingual = urls.iter().any(|u| !u.2.is_empty());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if multilingual {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for (url, lastmod, alternates) in urls {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", xml_escape(url));
        if !lastmod.is_empty() {
            let _ = writeln!(xml, "    <lastmod>{lastmod}</lastmod>");
        }
        for (lang, href) in alternates {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(lang),
                xml_escape(href)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn url(n: usize) -> SitemapUrl {
        (
            format!("https://example.org/p{n}/"),
            String::new(),
            Vec::new(),
        )
    }

    fn locs(xml: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("loc"))
            .map(|n| n.text().unwrap().to_string())
            .collect()
    }

    #[test]
    fn up_to_the_limit_one_sitemap_lists_every_url() {
        let files = sitemaps((0..3).map(url).collect(), 3, |p| {
            format!("https://example.org{p}")
        });
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert!(files[0].1.contains("<urlset"));
        assert_eq!(locs(&files[0].1).len(), 3);
    }

    #[test]
    fn past_the_limit_sitemap_xml_is_an_index_of_parts() {
        let files = sitemaps((0..7).map(url).collect(), 3, |p| {
            format!("https://example.org{p}")
        });
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = roxmltree::Document::parse(&files[0].1).unwrap();
        assert_eq!(index.root_element().tag_name().name(), "sitemapindex");
        assert_eq!(
            locs(&files[0].1),
            [
                "https://example.org/sitemap-1.xml",
                "https://example.org/sitemap-2.xml",
                "https://example.org/sitemap-3.xml"
            ]
        );
        let parts: Vec<Vec<String>> = files[1..].iter().map(|(_, xml)| locs(xml)).collect();
        assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
        let all: Vec<String> = parts.concat();
        assert_eq!(
            all,
            (0..7).map(|n| url(n).0).collect::<Vec<_>>(),
            "each URL once, in order"
        );
    }
}
