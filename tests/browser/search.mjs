// End-to-end test of search in headless Chromium: the built site served
// under a sub-path, a query typed into /search/, the first result, the
// excerpt highlight, a filter, the header box, the address that keeps the
// query, and the page without JavaScript. Also reports the bytes one
// query fetched.
//
// Usage: node search.mjs --root DIR --base /kb/ --port N
// Ends with "N passed, M failed"; exits 1 when anything failed.

import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath, serve } from "./serve.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const base = args.base ?? "/kb/";
const origin = `http://127.0.0.1:${args.port}`;

let passed = 0;
const failures = [];
function check(ok, what) {
  if (ok) passed += 1;
  else failures.push(what);
}

const server = await serve(args.root, base, Number(args.port));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  let bytes = 0;
  const fetched = [];
  page.on("response", async (response) => {
    try {
      const body = await response.body();
      bytes += body.length;
      fetched.push(new URL(response.url()).pathname);
    } catch {
      // redirects have no body
    }
  });

  // A query typed letter by letter: results appear as you type.
  await page.goto(`${origin}${base}search/`);
  const before = bytes;
  // Everything the live region says while the query is typed.
  await page.evaluate(() => {
    window.announced = [];
    const region = document.querySelector("#search-announce");
    new MutationObserver(() => window.announced.push(region.textContent))
      .observe(region, { childList: true, characterData: true, subtree: true });
  });
  await page.locator("#search-query").pressSequentially("prove restore", { delay: 30 });
  // Results show while typing; wait for those of the whole query.
  await page.waitForFunction(() => /results? for “prove restore”/.test(document.querySelector("#search-status").textContent));
  const first = page.locator(".search-result").first();
  const title = await first.locator("h2 a").textContent();
  check(title === "How do we prove our Postgres backups actually restore?", `first result for "prove restore" is the restore question, got "${title}"`);
  const href = await first.locator("h2 a").getAttribute("href");
  check(href === `${base}questions/postgres-backup-restore-test/`, `first result links under the base path, got ${href}`);
  const marks = await page.locator(".search-excerpt mark").allTextContents();
  check(marks.length > 0 && marks.every((m) => /^(prove|restore)/i.test(m)), `excerpt marks the matched words, got ${JSON.stringify(marks)}`);
  const statusText = await page.locator("#search-status").textContent();
  check(/^\d+ results? for “prove restore”\.$/.test(statusText), `status shows the count, got "${statusText}"`);
  // A screen reader hears the settled search once, not every keystroke.
  await page.waitForFunction(() => /results? for “prove restore”/.test(document.querySelector("#search-announce").textContent));
  const announced = await page.evaluate(() => window.announced);
  check(announced.length === 1 && announced[0] === statusText, `the live region spoke once, when typing stopped: ${JSON.stringify(announced)}`);
  check(new URL(page.url()).searchParams.get("q") === "prove restore", `the address keeps the query, got ${page.url()}`);
  const queryBytes = bytes - before;
  check(queryBytes < 300_000, `one query fetched ${queryBytes} bytes (< 300 kB)`);
  console.log(`one query ("prove restore") fetched ${queryBytes} bytes in ${fetched.filter((p) => p.includes("/search/")).length} index files`);

  // A filter: only guides.
  await page.getByLabel("Guides").check();
  await page.waitForFunction(() => [...document.querySelectorAll(".search-result .kicker")].every((k) => k.textContent.startsWith("Guide")));
  const kickers = await page.locator(".search-result .kicker").allTextContents();
  check(kickers.length > 0 && kickers.every((k) => k.startsWith("Guide")), `the Guides filter keeps guides only, got ${JSON.stringify(kickers)}`);
  const guide = await page.locator(".search-result h2 a").first().textContent();
  check(guide === "Postgres backups you can trust", `first guide for "prove restore", got "${guide}"`);
  check(new URL(page.url()).searchParams.getAll("kind").join() === "guide", "the address keeps the filter");

  // A status filter on its own, with no words: every unanswered question.
  await page.goto(`${origin}${base}search/?status=unanswered`);
  await page.waitForSelector(".search-result");
  const unanswered = await page.locator(".search-result .kicker").allTextContents();
  check(unanswered.length > 0 && unanswered.every((k) => k === "Question · unanswered"), `status filter alone lists unanswered questions, got ${JSON.stringify(unanswered)}`);

  // The header box on any page leads to the results; Tab reaches it.
  await page.goto(`${origin}${base}guides/`);
  await page.locator("#site-search").fill("flapping alert");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/search\/\?q=flapping/);
  await page.waitForSelector(".search-result");
  const flapping = await page.locator(".search-result h2 a").first().textContent();
  check(flapping === "How do I stop a Prometheus alert from flapping?", `header search for "flapping alert", got "${flapping}"`);
  check((await page.locator("#search-query").inputValue()) === "flapping alert", "the search page shows the query from the header box");

  // Keyboard: Tab from the query box reaches the filters, then the results.
  await page.locator("#search-query").focus();
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.getAttribute("name"));
  check(focused === "kind", `Tab from the query goes to the filters, got ${focused}`);

  // No words, no filter: nothing listed, nothing broken.
  await page.locator("#search-query").fill("zzzzqqqq");
  await page.waitForFunction(() => /No results/.test(document.querySelector("#search-status").textContent));
  check((await page.locator(".search-result").count()) === 0, "a query without matches lists nothing");
  check(errors.length === 0, `no console errors: ${errors.join(" | ")}`);

  // Without JavaScript the page says so and links to the tag index.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await noJs.goto(`${origin}${base}search/?q=restore`);
  const notice = noJs.locator(".search-noscript");
  check(await notice.isVisible(), "without JavaScript a notice shows");
  check((await notice.locator("a").first().getAttribute("href")) === `${base}tags/`, "the notice links to the tag index");
  check(!(await noJs.locator(".search-filters").isVisible()), "without JavaScript the filters stay hidden");
  await plain.close();
} finally {
  await browser.close();
  server.close();
}

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`search: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
