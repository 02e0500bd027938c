// End-to-end test of search in headless Chromium: the built site served
// under a sub-path, a query typed into /search/, the first result, the
// excerpt highlight, a filter, the header box, the address that keeps the
// query, and the page without JavaScript. Also reports the bytes one
// query fetched.
//
// Usage: node search.mjs --root DIR --base /kb/ --port N
// Ends with "N passed, M failed"; exits 1 when anything failed.

import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath, cliArgs, pageWithErrors, serve, tally } from "./serve.mjs";

const args = cliArgs();
const base = args.base ?? "/kb/";
const origin = `http://127.0.0.1:${args.port}`;

const { check, finish } = tally();

const server = await serve(args.root, base, Number(args.port));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const { page, errors } = await pageWithErrors(browser);
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
  const typedBytes = bytes - before;
  check(typedBytes < 300_000, `typing the query fetched ${typedBytes} bytes (< 300 kB)`);

  // What one query costs, the same on every run: the search page opened
  // with it in the address (what typed letters fetch depends on timing).
  const opened = bytes;
  fetched.length = 0;
  await page.goto(`${origin}${base}search/?q=prove+restore`);
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length > 0);
  await page.waitForLoadState("networkidle");
  const queryBytes = bytes - opened;
  check(queryBytes < 300_000, `one query fetched ${queryBytes} bytes (< 300 kB)`);
  console.log(`one query ("prove restore") fetched ${queryBytes} bytes in ${fetched.filter((p) => p.includes("/search/") && p.endsWith(".json")).length} index files (typed letter by letter: ${typedBytes})`);

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
  check(unanswered.length > 0 && unanswered.every((k) => k === "Question · Unanswered"), `status filter alone lists unanswered questions, got ${JSON.stringify(unanswered)}`);

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

  // A search with no result offers to ask it as a question: GitHub's
  // new-file page for content/questions/<slug>.md, front matter filled in
  // from the query and the tag filter, with the closest questions.
  await page.goto(`${origin}${base}search/`);
  await page.locator("#search-query").fill("restore frozen penguins");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /No results for “restore frozen penguins”/.test(document.querySelector("#search-status").textContent));
  const offer = page.locator(".search-ask-link");
  await offer.waitFor({ state: "visible", timeout: 5000 }).catch(() => {});
  check(await offer.isVisible(), "no result: the offer to ask shows");
  await page.locator(".search-closest").waitFor({ state: "visible", timeout: 5000 }).catch(() => {});
  const ask = new URL(await offer.getAttribute("href"));
  check(`${ask.origin}${ask.pathname}` === "https://github.com/ops-guild/kb/new/main/content/questions", `the offer opens the new-file page of the questions folder, got ${ask.origin}${ask.pathname}`);
  check(ask.searchParams.get("filename") === "restore-frozen-penguins.md", `file name from the query, got ${ask.searchParams.get("filename")}`);
  const value = ask.searchParams.get("value") || "";
  const today = new Date().toISOString().slice(0, 10);
  check(value.startsWith(`---\ntitle: "restore frozen penguins"\ndate: ${today}\ntags: []\n---\n`), `front matter from the query, got ${JSON.stringify(value)}`);
  const nearest = await page.locator(".search-closest .search-result h2 a").allTextContents();
  check(nearest.length > 0 && nearest.some((t) => /restore/i.test(t)), `the closest questions share a word, got ${JSON.stringify(nearest)}`);
  const spoken = await page.locator("#search-announce").textContent();
  check(/You can ask it as a question\.$/.test(spoken), `the offer is announced with the result, got "${spoken}"`);
  await page.locator("#search-tag").selectOption("backups");
  await page.waitForFunction(() => decodeURIComponent(document.querySelector(".search-ask-link").href).includes("tags: [backups]"));
  check(true, "the tag filter goes into the question's tags");
  await offer.focus();
  check(await page.evaluate(() => document.activeElement.classList.contains("search-ask-link")), "the offer is reachable from the keyboard");

  // Searches as events for the site's own analytics, and nothing sent.
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${origin}${base}search/`);
  await page.evaluate(() => {
    window.events = [];
    for (const type of ["guildhall:search", "guildhall:search-result"]) {
      document.addEventListener(type, (e) => window.events.push([type, e.detail]));
    }
    // Stay on the page when a result is opened, to read the events.
    document.addEventListener("click", (e) => { if (e.target.closest(".search-result a")) e.preventDefault(); });
  });
  await page.locator("#search-query").fill("prove restore");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /results? for “prove restore”/.test(document.querySelector("#search-status").textContent));
  await page.waitForSelector("#search-results .search-result");
  const proveCount = await page.locator("#search-results .search-result").count();
  await page.locator("#search-query").fill("flapping alert");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /results? for “flapping alert”/.test(document.querySelector("#search-status").textContent));
  await page.waitForFunction(() => /flapping/i.test(document.querySelector("#search-results .search-result h2 a")?.textContent));
  await page.locator("#search-results .search-result h2 a").first().click();
  const events = await page.evaluate(() => window.events);
  const [ended, result, led] = events;
  check(events.length === 3, `three events, got ${JSON.stringify(events)}`);
  check(ended?.[0] === "guildhall:search" && ended[1].query === "prove restore" && ended[1].opened === false && ended[1].results >= 1,
    `a settled search ends unopened when the next one settles: ${JSON.stringify(ended)}`);
  check(proveCount > 0 && ended?.[1].results >= proveCount, `the event carries the result count (${proveCount} shown)`);
  check(result?.[0] === "guildhall:search-result" && result[1].query === "flapping alert" && result[1].position === 1 && result[1].url.endsWith(`${base}questions/prometheus-alert-flapping/`),
    `opening a result: ${JSON.stringify(result)}`);
  check(led?.[0] === "guildhall:search" && led[1].query === "flapping alert" && led[1].opened === true && Array.isArray(led[1].filters.kind),
    `the search that led to it, opened: ${JSON.stringify(led)}`);
  const away = requests.filter((u) => !u.startsWith(origin));
  check(away.length === 0, `no request leaves the site: ${away.join(" ")}`);

  // A diagram is drawn by the Mermaid guildhall wrote, from this site.
  const diagramRequests = [];
  const diagramPage = await browser.newPage();
  diagramPage.on("request", (r) => diagramRequests.push(r.url()));
  const diagramErrors = [];
  diagramPage.on("pageerror", (e) => diagramErrors.push(String(e)));
  await diagramPage.goto(`${origin}${base}guides/incident-reviews/`);
  await diagramPage.waitForSelector("pre.mermaid svg", { timeout: 15000 }).catch(() => {});
  const drawn = await diagramPage.locator("pre.mermaid svg").count();
  check(drawn === 1, `the diagram is drawn as SVG (${drawn})`);
  const labels = await diagramPage.locator("pre.mermaid svg").textContent().catch(() => "");
  check(/Timeline from logs/.test(labels || ""), `the diagram shows its nodes: ${labels}`);
  check(diagramErrors.length === 0, `no script errors: ${diagramErrors.join(" | ")}`);
  check(diagramRequests.every((u) => u.startsWith(origin)), `Mermaid comes from the site: ${diagramRequests.filter((u) => !u.startsWith(origin)).join(" ")}`);
  const plainDiagram = await browser.newContext({ javaScriptEnabled: false });
  const noJsDiagram = await plainDiagram.newPage();
  await noJsDiagram.goto(`${origin}${base}guides/incident-reviews/`);
  const source = await noJsDiagram.locator("pre.mermaid").textContent();
  check(source.includes("flowchart LR") && source.includes("Timeline from logs"), "without JavaScript the diagram's source shows");
  await plainDiagram.close();
  await diagramPage.close();

  // Languages: a Japanese query typed into the Japanese search page finds
  // the Japanese guide (characters as pairs, no spaces needed); accents
  // fold both ways.
  const ja = await browser.newPage();
  await ja.goto(`${origin}${base}ja/search/`);
  check((await ja.locator("html").getAttribute("lang")) === "ja", "the Japanese search page says lang=ja");
  const findIn = async (p, query, pattern) => {
    await p.locator("#search-query").fill(query);
    await p.keyboard.press("Enter");
    await p.waitForSelector("#search-results .search-result", { timeout: 5000 }).catch(() => {});
    const titles = await p.locator("#search-results .search-result h2").allTextContents();
    check(titles.some((t) => pattern.test(t)), `“${query}” finds ${pattern}: ${titles.join(" | ")}`);
  };
  await findIn(ja, "復元テスト", /信頼できる Postgres/);
  await findIn(ja, "継続的アーカイブ", /信頼できる Postgres/);
  const zh = await browser.newPage();
  await zh.goto(`${origin}${base}zh-cn/search/`);
  await findIn(zh, "运行手册", /运行手册/);
  await findIn(zh, "回滚", /运行手册/);
  await zh.close();
  // Arabic, right to left: its guide found, the count in Arabic's own
  // plural forms ("نتيجة واحدة", one result), the box and results laid
  // out from the right.
  const ar = await browser.newPage();
  await ar.goto(`${origin}${base}ar/search/`);
  check((await ar.locator("html").getAttribute("dir")) === "rtl", "the Arabic search page says dir=rtl");
  await findIn(ar, "دليل التشغيل", /أدلة تشغيل/);
  const arabicStatus = await ar.locator("#search-status").textContent();
  check(arabicStatus === "نتيجة واحدة عن «دليل التشغيل».", `the count in Arabic's plural forms: "${arabicStatus}"`);
  const box = await ar.locator("#search-query").boundingBox();
  const heading = await ar.locator("#search-results .search-result h2").first().boundingBox();
  check(box && heading && Math.abs(box.x + box.width - (heading.x + heading.width)) < 40, `results line up on the right: box ${JSON.stringify(box)}, heading ${JSON.stringify(heading)}`);
  await ar.close();
  const fr = await browser.newPage();
  await fr.goto(`${origin}${base}fr/search/`);
  await findIn(fr, "relu", /Commencer ici/);
  await findIn(fr, "acceptees", /Commencer ici/);
  await findIn(fr, "bienvenüe", /Commencer ici/);
  // A stemmed form finds its word: the site has "contribute", never
  // "contributing" (English terms are Snowball stems).
  const en = await browser.newPage();
  await en.goto(`${origin}${base}search/`);
  await findIn(en, "contributing", /Start here: onboarding/);
  // The Japanese search page searches Japanese; "search all languages"
  // adds the others.
  await ja.locator("#search-query").fill("restore");
  await ja.keyboard.press("Enter");
  await ja.waitForFunction(() => /結果はありません/.test(document.querySelector("#search-status").textContent));
  check(true, "an English word finds nothing among the Japanese pages");
  await ja.locator("#search-all").check();
  await ja.waitForSelector("#search-results .search-result", { timeout: 5000 }).catch(() => {});
  const everywhere = await ja.locator("#search-results .search-result h2").allTextContents();
  check(everywhere.some((title) => /Postgres backups you can trust/.test(title)), `all languages: ${everywhere.join(" | ")}`);
  check(new URL(ja.url()).searchParams.get("all") === "1", "the address keeps “all languages”");
  const kicker = await ja.locator("#search-results .search-result .kicker").first().textContent();
  check(/ガイド|質問|イベント|ページ/.test(kicker), `result labels in Japanese: ${kicker}`);
  await en.close();
  await ja.close();
  await fr.close();

  // Without JavaScript the page says so and links to the tag index.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await noJs.goto(`${origin}${base}search/?q=restore`);
  const notice = noJs.locator(".search-noscript");
  check(await notice.isVisible(), "without JavaScript a notice shows");
  check((await notice.locator("a").first().getAttribute("href")) === `${base}tags/`, "the notice links to the tag index");
  check(!(await noJs.locator(".search-filters").isVisible()), "without JavaScript the filters stay hidden");
  const askAny = noJs.locator(".search-noscript-ask a");
  check(await askAny.isVisible(), "without JavaScript the offer to ask shows too");
  const anyUrl = new URL(await askAny.getAttribute("href"));
  check(anyUrl.pathname === "/ops-guild/kb/new/main/content/questions" && anyUrl.searchParams.get("filename") === "your-question.md", `the offer without JavaScript: ${anyUrl}`);
  await plain.close();
} finally {
  await browser.close();
  server.close();
}

finish("search");
