"""Writes a site for search-tiers.mjs: PAGES guides that all hold "backup",
1 to 7 times, in texts of many lengths, so the word's postings are tiered
(src/publish/search/chunks.rs) and its weight differs from page to page;
ten pages, spread over the site, that hold it twelve times in a short
text: the ten best results for "backup", whatever tier they were put in;
and pages where it weighs least (once in a long text) tagged "rare".

    python3 make-tiers-site.py DIR PAGES
"""
import pathlib
import sys

BEST = [17, 401, 999, 1500, 1777, 2001, 2222, 2345, 2468, 2499]

root = pathlib.Path(sys.argv[1])
pages = int(sys.argv[2])
guides = root / "content" / "guides"
guides.mkdir(parents=True, exist_ok=True)
(root / "guildhall.yml").write_text("title: Tiers\nbase_url: https://example.org/\n")
filler = "ledger harbour lantern meadow quarry".split()
for n in range(pages):
    if n in BEST:
        words = ["backup"] * 12
    else:
        words = ["backup"] * (1 + n % 7) + [filler[(n + i) % 5] for i in range(n % 97)]
    rare = n not in BEST and n % 7 == 0 and n % 97 > 80
    tags = "tags: [rare]\n" if rare else ""
    (guides / f"guide-{n:04}.md").write_text(
        f"---\ntitle: Guide {n}\ndate: 2026-01-01\n{tags}---\n\n{' '.join(words)}.\n"
    )
