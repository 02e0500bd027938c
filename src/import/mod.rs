//! `guildhall import`: a community's history kept elsewhere becomes
//! content files. Each source has its reader (`stackexchange`); what every
//! source needs is shared: writing files and re-importing
//! ([`writer`]), naming people ([`people`]), the front matter of an
//! imported post with its attribution ([`entry`]), and bodies in HTML made
//! markdown ([`entry::markdown_of_html`]).

pub mod entry;
pub mod people;
pub mod stackexchange;
pub mod writer;

use std::path::Path;

use crate::config::Config;
use crate::diagnostics::Diagnostics;

/// Why an import stopped before writing anything.
#[derive(Debug)]
pub enum ImportError {
    /// The command was called wrongly (exit 2).
    Usage(String),
    /// The input or the site is not as it should be (exit 1).
    Input(String),
}

/// The settings of the site to import into, which must have a
/// `guildhall.yml` without errors (the folder for questions comes from
/// it).
pub fn site_config(site: &Path) -> Result<Config, ImportError> {
    if !site.join(crate::config::CONFIG_FILE).is_file() {
        return Err(ImportError::Input(format!(
            "{} has no {}: import into a guildhall site (`guildhall init` makes one)",
            site.display(),
            crate::config::CONFIG_FILE
        )));
    }
    let diagnostics = Diagnostics::default();
    let config = Config::load(site, &diagnostics);
    let problems = diagnostics.sorted();
    if let Some(first) = problems.iter().find(|d| d.is_error()) {
        return Err(ImportError::Input(format!(
            "{}: {} (fix the settings first)",
            site.join(crate::config::CONFIG_FILE).display(),
            first.message
        )));
    }
    Ok(config)
}
