//! Tags as the site graph holds them: each tag's entries under one
//! spelling, and the descriptions of tags (`content/tags/<slug>.md`).

use super::{EntryId, Site, Tag};
use crate::content::slugify;
use crate::diagnostics::Diagnostics;

impl Site {
    /// The description of tag `slug` in `lang`, shown on its page.
    pub fn tag_intro(&self, lang: &str, slug: &str) -> Option<EntryId> {
        self.tag_intros
            .get(&(lang.to_string(), slug.to_string()))
            .copied()
    }

    /// A tag's description for a tag that no page of its language has is
    /// shown nowhere: a warning, likely a misspelt file name.
    pub(super) fn check_tag_intros(&self, diagnostics: &Diagnostics) {
        let known: Vec<&str> = self.tags.keys().map(String::as_str).collect();
        for ((lang, slug), &id) in &self.tag_intros {
            let used = self
                .tags
                .get(slug)
                .is_some_and(|tag| tag.entries.iter().any(|&e| self.list_lang(e) == lang));
            if !used {
                let entry = &self.entries[id];
                let message =
                    format!("no page is tagged `{slug}`: this description of the tag is not shown");
                let mut problem = entry.problem_at_key(false, "slug", message);
                if let Some(close) = crate::yaml::did_you_mean(slug, &known) {
                    problem = problem.with_help(format!("did you mean `{close}`?"));
                }
                diagnostics.push(problem);
            }
        }
    }

    pub(super) fn collect_tags(&mut self) {
        for id in self.ids() {
            if !self.has_page(id) {
                continue;
            }
            for name in &self.entries[id].meta.tags {
                let slug = slugify(name);
                if slug.is_empty() {
                    continue;
                }
                let tag = self.tags.entry(slug.clone()).or_insert_with(|| Tag {
                    name: name.clone(),
                    slug,
                    entries: Vec::new(),
                });
                // One spelling for the tag whatever order files load in.
                if name < &tag.name {
                    tag.name = name.clone();
                }
                if tag.entries.last() != Some(&id) {
                    tag.entries.push(id);
                }
            }
        }
    }
}
