//! Translations: entries whose paths are equal once the language part is
//! taken out (`guides/ja/x.md` and `guides/x.md`, `ja/about.md` and
//! `en/about.md`, `x.fr.md` and `x.md`), or that `translation_of:` links.
//! Answers are not translated: they stay with their question, in whatever
//! language each is written.

use std::collections::{BTreeMap, HashMap};

use super::links::Resolved;
use super::{EntryId, Site};
use crate::content::Kind;
use crate::diagnostics::Diagnostics;

impl Site {
    /// Groups translations and fills [`Site::translations`]; two entries
    /// of one group in the same language are a warning.
    pub(super) fn link_translations(&mut self, diagnostics: &Diagnostics) {
        // Union-find over entries: by key, then by `translation_of:`.
        let n = self.entries.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut by_key: HashMap<&str, usize> = HashMap::new();
        for id in self.ids() {
            let entry = &self.entries[id];
            if entry.kind == Kind::Answer {
                continue;
            }
            if let Some(&first) = by_key.get(entry.key.as_str()) {
                let (a, b) = (root(&mut parent, first), root(&mut parent, id.index()));
                parent[b] = a;
            } else {
                by_key.insert(&entry.key, id.index());
            }
        }
        for id in self.ids() {
            let Some(target) = self.entries[id].meta.translation_of.clone() else {
                continue;
            };
            match self.resolve_reference(id, &target) {
                Resolved::Entry(other) if other != id => {
                    let (a, b) = (
                        root(&mut parent, other.index()),
                        root(&mut parent, id.index()),
                    );
                    parent[b] = a;
                }
                Resolved::Entry(_) => {}
                Resolved::Ambiguous(_) | Resolved::Missing => {
                    diagnostics.push(self.entries[id].problem_at_key(
                        true,
                        "translation_of",
                        format!("`translation_of: {target}` names no single entry: write its path, such as `guides/backups.md`"),
                    ));
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<EntryId>> = BTreeMap::new();
        for id in self.ids() {
            if self.entries[id].kind != Kind::Answer {
                groups
                    .entry(root(&mut parent, id.index()))
                    .or_default()
                    .push(id);
            }
        }
        let order: Vec<&str> = self.config.layout.languages.tags().collect();
        let rank = |lang: &str| {
            order
                .iter()
                .position(|t| t.eq_ignore_ascii_case(lang))
                .unwrap_or(order.len())
        };
        for (_, mut group) in groups {
            if group.len() < 2 {
                continue;
            }
            group.sort_by_key(|&id| {
                (
                    rank(&self.entries[id].lang),
                    self.entries[id].lang.clone(),
                    id,
                )
            });
            for pair in group.windows(2) {
                let (a, b) = (&self.entries[pair[0]], &self.entries[pair[1]]);
                if a.lang.eq_ignore_ascii_case(&b.lang) {
                    diagnostics.push(
                        b.problem_at_key(
                            false,
                            "lang",
                            format!(
                                "`{}` and `{}` are both translations of one entry in `{}`",
                                a.file, b.file, b.lang
                            ),
                        )
                        .with_help(
                            "give one of them another `lang:`, or `translation_of:` another entry",
                        ),
                    );
                }
            }
            for &id in &group {
                self.translations[id] = group.iter().copied().filter(|&o| o != id).collect();
            }
        }
    }

    /// The version of `id` in the site's default language: itself, or a
    /// translation (`x-default` of hreflang).
    pub fn default_version(&self, id: EntryId) -> Option<EntryId> {
        let languages = &self.config.layout.languages;
        std::iter::once(id)
            .chain(self.translations[id].iter().copied())
            .find(|&t| languages.is_default(&self.entries[t].lang))
    }
}
