//! The images a site's output gets besides pages, as the markdown of
//! images needs them: their site paths (a local image that is not among
//! them is a broken link) and the pixel size of raster images (written on
//! `<img>`, so the page does not jump while they load). Other files are
//! left out, so that adding one under static/ stays a mere copy in
//! `watch`.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::render::theme::{self, Theme};
use crate::site::StaticFiles;

/// `SITE/static/` and the theme's files; problems reading them are
/// reported when they are copied, not here.
pub fn static_files(site_dir: &Path, theme: Option<&Theme>) -> StaticFiles {
    let quiet = Diagnostics::default();
    let mut files = StaticFiles::default();
    if let Some(theme) = theme {
        let images = theme
            .static_files
            .keys()
            .filter(|path| StaticFiles::is_image(path));
        files.paths.extend(images.map(|path| format!("/{path}")));
    }
    for (rel, path) in theme::files_under(&site_dir.join("static"), site_dir, &quiet) {
        if !StaticFiles::is_image(&rel) {
            continue;
        }
        let site_path = format!("/{rel}");
        let raster = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| StaticFiles::RASTER.contains(&e.to_ascii_lowercase().as_str()));
        if raster
            && let Ok(size) = imagesize::size(&path)
            && let (Ok(w), Ok(h)) = (u32::try_from(size.width), u32::try_from(size.height))
        {
            files.sizes.insert(site_path.clone(), (w, h));
        }
        files.paths.insert(site_path);
    }
    files
}
