#!/usr/bin/env python3
"""Import benchmark: `guildhall import stackexchange` on synthetic dumps
made from the real beer.stackexchange.com dump (../shared/data/stackexchange/beer),
its rows repeated with new ids until the dump holds about N posts.

    python3 bench/import_bench.py [--sizes 10000,100000] [--runs 3]

Each copy of the dump shifts every post id (Posts.xml Id, ParentId,
AcceptedAnswerId; PostHistory.xml PostId; PostLinks.xml PostId and
RelatedPostId; Comments.xml PostId) by the copy's number times 10^6, and
adds " (copy k)" to titles so that questions get their own folders, as a
large real site's would. Users are the dump's own. Every run imports
into a fresh site (guildhall init) on tmpfs, with --comments, so all
five files are read; it reports wall time, posts per second (questions
and answers written) and peak resident memory, and the bytes of the dump;
then imports the same dump into the same site again (every file
unchanged) and reports that time too.

Needs a release build (cargo build --release; built if missing).
"""

import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
BEER = REPO.parent / "shared" / "data" / "stackexchange" / "beer"
SHIFT = 1_000_000
ROW = re.compile(r"^\s*<row .*/>\s*$")


def shifted(line, k, keys, title):
    """The row `line` of copy k: the named id attributes moved by k*SHIFT."""
    if k == 0 or not ROW.match(line):
        return line
    for key in keys:
        line = re.sub(
            r'\b%s="(-?\d+)"' % key,
            lambda m: '%s="%d"' % (key, int(m.group(1)) + k * SHIFT),
            line,
        )
    if title:
        line = re.sub(r'\bTitle="([^"]*)"', lambda m: 'Title="%s (copy %d)"' % (m.group(1), k), line)
    return line


def make_dump(posts_wanted, into):
    """Writes a dump of about `posts_wanted` questions and answers."""
    into.mkdir(parents=True, exist_ok=True)
    text = {n: (BEER / n).read_text(encoding="utf-8-sig") for n in
            ["Posts.xml", "PostHistory.xml", "PostLinks.xml", "Comments.xml", "Users.xml"]}
    per_copy = len(re.findall(r'PostTypeId="[12]"', text["Posts.xml"]))
    copies = max(1, round(posts_wanted / per_copy))
    spec = {
        "Posts.xml": (["Id", "ParentId", "AcceptedAnswerId"], True),
        "PostHistory.xml": (["PostId"], False),
        "PostLinks.xml": (["PostId", "RelatedPostId"], False),
        "Comments.xml": (["PostId"], False),
    }
    for name, (keys, title) in spec.items():
        lines = text[name].splitlines(keepends=True)
        head = [l for l in lines if not ROW.match(l)]
        rows = [l for l in lines if ROW.match(l)]
        with open(into / name, "w", encoding="utf-8") as out:
            out.writelines(head[:-1])
            for k in range(copies):
                out.writelines(shifted(l, k, keys, title) for l in rows)
            out.write(head[-1])
    shutil.copy(BEER / "Users.xml", into / "Users.xml")
    return copies * per_copy


def run_measured(command, cwd=None):
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode()
    if status != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024.0, stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    guildhall = REPO / "target" / "release" / "guildhall"
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = pathlib.Path("/dev/shm/guildhall-import-bench") if pathlib.Path("/dev/shm").is_dir() \
        else REPO / "bench" / "work-import"
    shutil.rmtree(work, ignore_errors=True)
    print("| posts | dump MB | median s | min s | max s | posts/s | peak MiB | re-import s |")
    print("|---|---|---|---|---|---|---|---|")
    for size in [int(s) for s in args.sizes.split(",")]:
        dump = work / f"dump-{size}"
        posts = make_dump(size, dump)
        dump_mb = sum(f.stat().st_size for f in dump.iterdir()) / 1e6
        times, peaks, again = [], [], []
        for run in range(args.runs):
            site = work / f"site-{size}-{run}"
            subprocess.run([guildhall, "init", site], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed, peak, stderr = run_measured(
                [guildhall, "import", "stackexchange", dump, site,
                 "--url", "https://beer.stackexchange.com", "--comments"])
            counts = re.search(r"(\d+) questions, (\d+) answers", stderr)
            if not counts or int(counts[1]) + int(counts[2]) != posts:
                sys.exit(f"expected {posts} posts imported:\n{stderr}")
            times.append(elapsed)
            peaks.append(peak)
            elapsed, _, stderr = run_measured(
                [guildhall, "import", "stackexchange", dump, site,
                 "--url", "https://beer.stackexchange.com", "--comments"])
            if " 0 new, 0 updated" not in stderr:
                sys.exit(f"the second import changed files:\n{stderr}")
            again.append(elapsed)
            shutil.rmtree(site)
        median = statistics.median(times)
        print(f"| {posts:,} | {dump_mb:.0f} | {median:.2f} | {min(times):.2f} | {max(times):.2f} "
              f"| {posts / median:,.0f} | {max(peaks):.0f} | {statistics.median(again):.2f} |", flush=True)
        shutil.rmtree(dump)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
