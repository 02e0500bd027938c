// Search on a word in more pages than a chunk keeps whole, in headless
// Chromium, on a site from make-tiers-site.py: the query is answered from
// the word's top tier (its rest file unfetched) with the ten pages built
// to be its best results, says how many results there are at least, and
// does the same with a filter; "Show more" past the top tier fetches the
// rest and gives the exact count, with no result twice; a filter that
// keeps too few of the top tier fetches the rest first.
//
// Usage: node search-tiers.mjs --root DIR --base /tiers/ --port N --pages N
// Ends with "search tiers: N passed, M failed".

import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath, cliArgs, pageWithErrors, serve, tally } from "./serve.mjs";

const args = cliArgs();
const base = args.base ?? "/tiers/";
const origin = `http://127.0.0.1:${args.port}`;
const total = Number(args.pages);
// The pages make-tiers-site.py made best for "backup", in page order
// (equal scores keep the order of the pages).
const BEST = [17, 401, 999, 1500, 1777, 2001, 2222, 2345, 2468, 2499].map((n) => `Guide ${n}`);

const { check, finish } = tally();

const server = await serve(args.root, base, Number(args.port));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const { page, errors } = await pageWithErrors(browser);
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  const rests = () => fetched.filter((p) => p.includes("/search/rest/"));
  const titles = () => page.locator(".search-result h2 a").allTextContents();
  const status = () => page.locator("#search-status").textContent();
  const settled = () => page.waitForFunction(() => /for “backup”/.test(document.querySelector("#search-status").textContent));

  // The word typed, then a space: one term, no prefix.
  await page.goto(`${origin}${base}search/`);
  await page.locator("#search-query").pressSequentially("backup ", { delay: 20 });
  await settled();
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length === 10);
  const topStatus = await status();
  check(topStatus === `At least ${total} results for “backup”.`, `the count from the top tier, got "${topStatus}"`);
  const top = await titles();
  check(JSON.stringify(top) === JSON.stringify(BEST), `the ten best pages first, got ${JSON.stringify(top)}`);
  check(rests().length === 0, `the rest of the postings is not fetched: ${rests()}`);

  // A filter keeps the top tier's results sure: the same, nothing more fetched.
  fetched.length = 0;
  await page.goto(`${origin}${base}search/?q=backup+&kind=guide`);
  await settled();
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length === 10);
  const filtered = await titles();
  check(JSON.stringify(filtered) === JSON.stringify(BEST), `filtered, the same first results, got ${JSON.stringify(filtered)}`);
  check(rests().length === 0, `a filtered query of one word reads the top tier only: ${rests()}`);
  const filteredStatus = await status();
  check(/^At least \d+ results for “backup”\.$/.test(filteredStatus), `filtered, a count it is sure of, got "${filteredStatus}"`);

  // A filter that keeps none of the top tier (the pages tagged "rare"
  // are where the word weighs least): the rest is read first, and the
  // count is exact.
  fetched.length = 0;
  const rare = [...Array(total).keys()].filter((n) => !BEST.includes(`Guide ${n}`) && n % 7 === 0 && n % 97 > 80).length;
  await page.goto(`${origin}${base}search/?q=backup+&tag=rare`);
  await settled();
  const rareStatus = await status();
  check(rareStatus === `${rare} results for “backup”.`, `too few sure results: every posting read, got "${rareStatus}"`);
  check(rests().length > 0, "with too few sure results the rest is fetched");

  // "Show more" past the top tier: the rest is fetched, the count exact.
  fetched.length = 0;
  await page.goto(`${origin}${base}search/?q=backup+`);
  await page.waitForSelector(".search-result");
  const more = page.locator(".search-more");
  let shown = 0;
  while (shown <= 1000 && (await more.isVisible())) {
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll(".search-result").length > n, shown);
    shown = await page.locator(".search-result").count();
  }
  check(shown > 1000, `"Show more" goes on past the top tier, got ${shown}`);
  check(rests().length > 0, "past the top tier the rest is fetched");
  const after = await status();
  check(after === `${total} results for “backup”.`, `past the top tier the count is exact, got "${after}"`);
  const urls = await page.locator(".search-result h2 a").evaluateAll((links) => links.map((a) => a.href));
  check(new Set(urls).size === urls.length, "no result listed twice");
  check(errors.length === 0, `no console errors: ${errors.join(" | ")}`);
} finally {
  await browser.close();
  server.close();
}

finish("search tiers");
