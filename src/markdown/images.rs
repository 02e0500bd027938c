//! Images in markdown: a local image (a root path or one relative to the
//! page) must be a file of the site, and is written as one `<img>` with
//! its size when known (read by the build from `static/`), lazy after the
//! page's first image; the alt text is gathered and checked.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::walk::State;
use crate::site::StaticFiles;

/// An image whose alt text is being gathered.
pub(super) struct OpenImage {
    pub(super) at: usize,
    pub(super) len: usize,
    pub(super) src: String,
    pub(super) alt: String,
    /// Where its `Start` event sits in `events`.
    pub(super) start: usize,
    /// The address written into the page, and the title.
    pub(super) url: String,
    pub(super) title: String,
    /// Its site path when it is a file of the site (`/images/a.png`).
    pub(super) local: Option<String>,
}

impl<'a> State<'a> {
    pub(super) fn open_image(&mut self, tag: Tag<'a>, at: usize, len: usize) {
        let Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } = tag
        else {
            return;
        };
        let local = self.local_image(&dest_url);
        // Only files named as images are known (see `build::assets`).
        if let Some(path) = &local
            && StaticFiles::is_image(path)
            && !self.site.static_files.paths.contains(path)
        {
            let problem = self.broken(
                at,
                len,
                format!("image `{dest_url}` is not a file of the site ({path})"),
                Some("put images under static/ and link them from the root: `/images/chart.png` is `static/images/chart.png`".into()),
            );
            self.out.problems.push(problem);
        }
        let url = self
            .external_or_rooted(&dest_url)
            .unwrap_or_else(|| dest_url.to_string());
        self.image = Some(OpenImage {
            at,
            len,
            src: dest_url.to_string(),
            alt: String::new(),
            start: self.events.len(),
            url: url.clone(),
            title: title.to_string(),
            local,
        });
        self.events.push(Event::Start(Tag::Image {
            link_type,
            dest_url: url.into(),
            title,
            id,
        }));
    }

    /// The site path of an image that is a file of the site: a root path
    /// (`/images/a.png`) or one relative to the page; `None` for web
    /// addresses.
    fn local_image(&self, dest: &str) -> Option<String> {
        let dest = dest.split(['?', '#']).next().unwrap_or(dest);
        if dest.is_empty() || dest.starts_with("//") || dest.contains(':') {
            return None;
        }
        if dest.starts_with('/') {
            return Some(dest.to_string());
        }
        let page = self.site.page_of(self.id);
        let folder = self.site.paths[page].trim_matches('/');
        crate::site::links::normalize(folder, dest).map(|path| format!("/{path}"))
    }

    /// The end of an image: its alt text checked, and the image written
    /// as one `<img>` with its size when known (so the page does not jump
    /// while it loads) and, after the first image, `loading="lazy"`.
    pub(super) fn close_image(&mut self) {
        let Some(open) = self.image.take() else {
            self.events.push(Event::End(TagEnd::Image));
            return;
        };
        if open.alt.trim().is_empty() {
            let problem = self.located(
                false,
                open.at,
                open.len,
                format!("image `{}` has no alt text", open.src),
            );
            self.out.problems.push(problem.with_help(
                "describe what the image shows: `![a chart of weekly answers](chart.png)`",
            ));
        }
        let escape = crate::util::escape::html;
        let mut img = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape(&open.url),
            escape(&open.alt)
        );
        if !open.title.is_empty() {
            img.push_str(&format!(" title=\"{}\"", escape(&open.title)));
        }
        if let Some((w, h)) = open
            .local
            .as_ref()
            .and_then(|p| self.site.static_files.sizes.get(p))
        {
            img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if self.images_written > 0 {
            img.push_str(" loading=\"lazy\"");
        }
        img.push_str(" decoding=\"async\">");
        self.images_written += 1;
        self.events.truncate(open.start);
        self.events.push(Event::InlineHtml(img.into()));
    }
}
