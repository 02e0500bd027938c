// Search on a word in more pages than a chunk keeps whole, in headless
// Chromium: the query is answered from the word's top tier (its rest file
// unfetched), says how many results there are at least, and shows the same
// first results as every posting gives (read with a filter, which needs
// them all); "Show more" past the top tier fetches the rest and gives the
// exact count, with no result twice.
//
// Usage: node search-tiers.mjs --root DIR --base /tiers/ --port N --pages N
// (a site built from make-tiers-site.py). Ends with "N passed, M failed".

import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath, cliArgs, serve, tally } from "./serve.mjs";

const args = cliArgs();
const base = args.base ?? "/tiers/";
const origin = `http://127.0.0.1:${args.port}`;
const total = Number(args.pages);

const { check, finish } = tally();

const server = await serve(args.root, base, Number(args.port));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  const titles = () => page.locator(".search-result h2 a").allTextContents();
  const status = () => page.locator("#search-status").textContent();

  // The word typed, then a space: one term, no prefix.
  await page.goto(`${origin}${base}search/`);
  await page.locator("#search-query").pressSequentially("backup ", { delay: 20 });
  await page.waitForFunction(() => /for “backup”/.test(document.querySelector("#search-status").textContent));
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length === 10);
  const topStatus = await status();
  check(topStatus === `At least ${total} results for “backup”.`, `the count from the top tier, got "${topStatus}"`);
  const top = await titles();
  check(top.length === 10, `a page of results, got ${top.length}`);
  const rests = fetched.filter((p) => p.includes("/search/rest/"));
  check(rests.length === 0, `the rest of the postings is not fetched: ${rests}`);

  // With a filter every posting is read: the same first results.
  await page.goto(`${origin}${base}search/?q=backup+&kind=guide`);
  await page.waitForFunction(() => /for “backup”/.test(document.querySelector("#search-status").textContent));
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length === 10);
  const fullStatus = await status();
  check(fullStatus === `${total} results for “backup”.`, `the exact count with every posting, got "${fullStatus}"`);
  check(fetched.some((p) => p.includes("/search/rest/")), "a filtered query fetches the rest");
  const full = await titles();
  check(JSON.stringify(full) === JSON.stringify(top), `the top tier's first results are every posting's: ${JSON.stringify(top)} vs ${JSON.stringify(full)}`);

  // "Show more" past the top tier: the rest is fetched, the count exact.
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
