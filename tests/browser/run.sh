#!/usr/bin/env bash
# Checks the built example site as readers and reviewers would: the W3C Nu
# HTML Checker, axe-core in headless Chromium (light and dark, desktop and
# phone), links, console, layout and focus; feeds, calendars, sitemap and
# structured data read back by real parsers; search typed into, filtered and read
# (and, on a generated site of 2,500 pages, answered from a word's top tier).
# Screenshots land in target/screenshots/.
#
#   bash tests/browser/run.sh        # after `cargo build` (or it builds)
#
# Needs: chromium, java, xmllint, node with `npm ci` run here, and Python
# with feedparser, icalendar and extruct (.ci/run installs them all).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

# Chromium under whichever name this system gives it (CHROMIUM overrides).
if [ -z "${CHROMIUM:-}" ]; then
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then CHROMIUM="$(command -v "$name")"; break; fi
  done
fi
[ -n "${CHROMIUM:-}" ] || { echo "error: no Chromium found (install chromium, or set CHROMIUM)"; exit 1; }
export CHROMIUM

bin="$repo/target/debug/guildhall"
[ -x "$bin" ] || cargo build --quiet
[ -d "$here/node_modules/playwright-core" ] || (cd "$here" && npm ci --no-audit --no-fund --silent)

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
site="$work/kb"
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1780000000}" "$bin" build example-site --out "$site" --base-url "http://127.0.0.1:$port/kb/"

pages=",questions/postgres-backup-restore-test/,questions/loki-retention-per-tenant/,guides/postgres-backups/,guides/alerting-that-people-trust/,guides/onboarding/,guides/incident-reviews/,events/2026-02-backup-clinic/,events/2027-02-alerting-clinic/,tags/backups/,questions/,questions/unanswered/,guides/,events/,tags/,people/,people/ana-lima/,stats/,404.html,about/,handbook/02-on-call/,search/,search/?q=backup,search/?q=restore+frozen+penguins,ja/,ja/guides/postgres-backups/,ja/guides/,fr/guides/onboarding/,ja/search/,zh-cn/guides/runbooks/,ar/,ar/guides/runbooks/"
status=0
node "$here/check-site.mjs" --root "$site" --base /kb/ --port "$port" --pages "$pages" --screenshots "$repo/target/screenshots" || status=1
node "$here/search.mjs" --root "$site" --base /kb/ --port "$port" || status=1
# A word in more pages than a chunk keeps whole: answered from its top tier.
tiers_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 "$here/make-tiers-site.py" "$work/tiers-src" 2500
"$bin" build "$work/tiers-src" --out "$work/tiers" --base-url "http://127.0.0.1:$tiers_port/tiers/" >/dev/null
node "$here/search-tiers.mjs" --root "$work/tiers" --base /tiers/ --port "$tiers_port" --pages 2500 || status=1
python3 "$here/check_files.py" "$site" "http://127.0.0.1:$port/kb/" "$here/sitemap.xsd" || status=1
node "$here/check-site.mjs" --self-test --port "$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" || status=1
exit "$status"
