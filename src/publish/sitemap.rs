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

/// Every page's absolute URL, with `lastmod` where the entry has a date.
fn sitemap(site: &Site, listings: &[Listing]) -> String {
    let mut urls: Vec<(String, String)> = site
        .page_ids()
        .map(|id| {
            let meta = &site.entry(id).meta;
            let lastmod = meta
                .updated
                .or(meta.reviewed)
                .or(meta.date)
                .map(|d| d.ymd())
                .unwrap_or_default();
            (site.config.absolute_url(&site.paths[id]), lastmod)
        })
        .collect();
    urls.push((site.config.absolute_url("/"), String::new()));
    urls.push((
        site.config.absolute_url(&site.config.layout.tags_path()),
        String::new(),
    ));
    urls.push((
        site.config.absolute_url(&site.config.layout.people_path()),
        String::new(),
    ));
    urls.push((
        site.config.absolute_url(&site.config.layout.stats_path()),
        String::new(),
    ));
    urls.extend(
        listings
            .iter()
            .map(|l| (site.config.absolute_url(&l.path), String::new())),
    );
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in urls {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", xml_escape(&url));
        if !lastmod.is_empty() {
            let _ = writeln!(xml, "    <lastmod>{lastmod}</lastmod>");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
