"""Writes a site for search-tiers.mjs: PAGES guides that all hold "backup",
1 to 7 times, in texts of many lengths, so the word's postings are tiered
(src/publish/search/chunks.rs) and its weight differs from page to page.

    python3 make-tiers-site.py DIR PAGES
"""
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
pages = int(sys.argv[2])
guides = root / "content" / "guides"
guides.mkdir(parents=True, exist_ok=True)
(root / "guildhall.yml").write_text("title: Tiers\nbase_url: https://example.org/\n")
filler = "ledger harbour lantern meadow quarry".split()
for n in range(pages):
    words = ["backup"] * (1 + n % 7) + [filler[(n + i) % 5] for i in range(n % 97)]
    (guides / f"guide-{n:04}.md").write_text(
        f"---\ntitle: Guide {n}\ndate: 2026-01-01\n---\n\n{' '.join(words)}.\n"
    )
