//! What is derived from the graph and the rendered bodies, once, before
//! any page renders: how entries relate (backlinks, related, duplicates),
//! people, the community figures, reviewers' hints, and each entry's
//! summary. [`Loaded`] holds it all: everything rendering and publishing
//! read.

pub mod people;
pub mod relations;
pub mod review;
pub mod stats;

use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::markdown::Rendered;
use crate::site::{EntryId, Site};
use people::People;
use relations::Relations;
use stats::Stats;

/// Everything up to rendering: the graph, each entry's rendered body, and
/// what can only be known once bodies are rendered (links between entries).
pub struct Loaded {
    pub site: Site,
    pub bodies: Vec<Option<Arc<Rendered>>>,
    pub relations: Relations,
    pub people: People,
    pub stats: Stats,
}

impl Loaded {
    /// Derives relations, people and figures from the graph and its
    /// rendered bodies. Relations read the bodies; people and figures only
    /// the graph, so the two run side by side.
    pub fn analyse(
        site: Site,
        bodies: Vec<Option<Arc<Rendered>>>,
        diagnostics: &Diagnostics,
    ) -> Loaded {
        let (relations, (people, stats)) = rayon::join(
            || Relations::build(&site, &bodies, diagnostics),
            || {
                let people = People::build(&site);
                let stats = Stats::compute(&site, &people);
                (people, stats)
            },
        );
        Loaded {
            site,
            bodies,
            relations,
            people,
            stats,
        }
    }

    /// The same relations, people and figures over a new graph and bodies,
    /// for edits that changed nothing they are made from (see
    /// `build::incremental`).
    pub fn with_graph(self, site: Site, bodies: Vec<Option<Arc<Rendered>>>) -> Loaded {
        Loaded {
            site,
            bodies,
            ..self
        }
    }
}

/// An entry's `summary:`, else the start of its first paragraph.
pub fn summary(site: &Site, bodies: &[Option<Arc<Rendered>>], id: EntryId) -> String {
    site.entry(id).meta.summary.clone().unwrap_or_else(|| {
        bodies[id]
            .as_ref()
            .map(|b| truncate_words(&b.first_paragraph, 200))
            .unwrap_or_default()
    })
}

/// At most `max` characters, cut at a word, with an ellipsis when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_ascii_punctuation())
    )
}

#[cfg(test)]
mod tests {
    use super::truncate_words;

    #[test]
    fn truncation_cuts_at_words() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(truncate_words("one two three four", 10), "one two…");
    }
}
