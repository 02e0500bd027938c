#!/usr/bin/env python3
"""Runs ../shared/bench/gen_corpus.py with the same arguments and the same
output, faster for the guildhall flavor at 50k entries.

gen_corpus.py's `write_guildhall` builds a slug table of every page for
each page it writes (quadratic: over 16 minutes at 50k on these machines).
The table only serves to resolve the links in that page's body, so this
wrapper hands it the pages the body links to instead of all of them: the
same look-ups, the same files (compared with `diff -r` against the
original's output at 1,000 and 10,000 entries, both flavors).

    python3 bench/gen_fast.py OUT --pages N --seed 1 --flavor guildhall
"""

import importlib.util
import pathlib
import sys

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def load():
    spec = importlib.util.spec_from_file_location("gen_corpus", SHARED / "gen_corpus.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    original = gen.write_guildhall
    table = {}

    def write_guildhall(content, page, body, pages):
        if table.get("pages") is not pages:
            table["pages"] = pages
            table["by_slug"] = {(q["section"], q["slug"]): q for q in pages}
        by_slug = table["by_slug"]
        wanted = {(m.group(1), m.group(2)) for m in gen._LINK.finditer(body)}
        linked = [by_slug[key] for key in sorted(wanted) if key in by_slug]
        return original(content, page, body, linked)

    gen.write_guildhall = write_guildhall
    return gen


if __name__ == "__main__":
    load().main(sys.argv[1:])
