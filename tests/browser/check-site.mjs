// Checks a built site as its readers and a standards reviewer would:
// - every HTML page through the W3C Nu HTML Checker (vnu-jar): zero errors;
// - key pages in headless Chromium, light and dark: axe-core (WCAG 2.1 A
//   and AA) finds no violations, the console stays clean, nothing scrolls
//   sideways at 375 px, keyboard focus is visible; screenshots at desktop
//   and phone width;
// - every internal link and asset answers 200.
//
// Usage: node check-site.mjs --root DIR --base /kb/ --port N [--pages a,b]
//        [--screenshots DIR] [--self-test]
// --self-test checks that a deliberately broken page fails the right checks.
// Ends with a line "N passed, M failed"; exits 1 when anything failed.

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath, serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1] && !all[i + 1].startsWith("--") ? all[i + 1] : true]);
    return pairs;
  }, []),
);

let passed = 0;
const failures = [];
function check(ok, what) {
  if (ok) passed += 1;
  else failures.push(what);
  return ok;
}

function htmlFiles(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    const full = join(root, name);
    if (statSync(full).isDirectory()) out.push(...htmlFiles(full));
    else if (name.endsWith(".html")) out.push(full);
  }
  return out;
}

/** Runs the Nu HTML Checker over files; returns its error messages. */
function vnu(files) {
  const jar = join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  const run = spawnSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...files], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  const report = JSON.parse(run.stderr || '{"messages":[]}');
  return report.messages.filter((m) => m.type === "error");
}

// WCAG 2.1 A and AA, and axe's best practices (unique landmark names,
// content inside landmarks, heading order...).
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** Loads a page and returns axe violations, console errors, overflow and focus facts. */
async function inspect(browser, url, scheme, width, screenshot) {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
  const response = await page.goto(url, { waitUntil: "load" });
  // Diagrams, once Mermaid drew them.
  await page.waitForFunction(() => [...document.querySelectorAll("pre.mermaid")].every((pre) => pre.querySelector("svg")), null, { timeout: 15000 }).catch(() => {});
  // The search page: its results and offers, once the search settled.
  await page.waitForFunction(() => {
    const status = document.querySelector("#search-status");
    return !status || !new URLSearchParams(location.search).get("q") ||
      (status.textContent && !status.textContent.startsWith("Loading"));
  });
  await page.addScriptTag({ path: join(here, "node_modules/axe-core/axe.min.js") });
  const axe = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), AXE_TAGS);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const focus = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    focus.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return { visible: false, what: "nothing focused" };
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== "none";
        return { visible: outline || shadow, what: `${el.tagName.toLowerCase()} "${(el.textContent || "").trim().slice(0, 30)}"` };
      }),
    );
  }
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await context.close();
  return { status: response?.status(), violations: axe.violations, consoleErrors, overflow, focus };
}

/** Every href/src in the site's HTML, resolved, that stays on this server. */
function internalUrls(root, base, origin) {
  const urls = new Set();
  for (const file of htmlFiles(root)) {
    const rel = relative(root, file).split(sep).join("/");
    const pageUrl = new URL(base + rel.replace(/index\.html$/, ""), origin);
    const html = readFileSync(file, "utf8");
    for (const match of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
      const raw = match[1].replaceAll("&amp;", "&");
      if (raw.startsWith("#") || raw.startsWith("mailto:")) continue;
      const url = new URL(raw, pageUrl);
      if (url.origin === origin) urls.add(url.origin + url.pathname);
    }
  }
  return [...urls].sort();
}

async function checkSite() {
  const root = args.root;
  const base = args.base ?? "/kb/";
  const port = Number(args.port ?? 8731);
  const origin = `http://127.0.0.1:${port}`;
  const shots = args.screenshots;
  if (shots) mkdirSync(shots, { recursive: true });
  const server = await serve(root, base, port);
  try {
    const files = htmlFiles(root);
    const errors = vnu(files);
    for (const e of errors) console.log(`vnu: ${relative(root, fileURLToPath(e.url))}:${e.lastLine}: ${e.message}`);
    check(errors.length === 0, `Nu HTML Checker: ${errors.length} errors in ${files.length} pages`);
    console.log(`Nu HTML Checker: ${files.length} pages, ${errors.length} errors`);

    const urls = internalUrls(root, base, origin);
    let broken = 0;
    for (const url of urls) {
      const res = await fetch(url);
      if (!check(res.status === 200, `link ${url} answers ${res.status}`)) broken += 1;
    }
    console.log(`Links and assets: ${urls.length} checked, ${broken} broken`);

    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    try {
      for (const path of String(args.pages).split(",")) {
        const url = origin + base + path;
        const name = path.replace(/\/$/, "").replaceAll("/", "_") || "home";
        for (const scheme of ["light", "dark"]) {
          const desktop = await inspect(browser, url, scheme, 1280, shots && join(shots, `${name}-${scheme}-desktop.png`));
          const phone = await inspect(browser, url, scheme, 375, shots && join(shots, `${name}-${scheme}-phone.png`));
          check(desktop.status === 200, `${path}: status ${desktop.status}`);
          for (const v of [...desktop.violations, ...phone.violations]) {
            console.log(`axe (${scheme}) ${path}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
          }
          check(desktop.violations.length + phone.violations.length === 0, `${path} (${scheme}): axe violations ${[...new Set([...desktop.violations, ...phone.violations].map((v) => v.id))].join(", ")}`);
          check(desktop.consoleErrors.length === 0, `${path} (${scheme}): console errors: ${desktop.consoleErrors.join(" | ")}`);
          check(phone.overflow <= 0, `${path} (${scheme}): scrolls sideways by ${phone.overflow}px at 375px`);
          for (const f of desktop.focus) check(f.visible, `${path} (${scheme}): focus not visible on ${f.what}`);
        }
        console.log(`Browser: ${path} checked in light and dark, desktop and phone`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
  }
}

/** The checks must catch what they claim to: a broken page fails them. */
async function selfTest() {
  const root = join(here, "broken");
  const port = Number(args.port ?? 8732);
  const errors = vnu([join(root, "index.html")]);
  check(errors.some((e) => /Duplicate ID/i.test(e.message)), "self-test: the Nu checker misses a duplicate id");
  check(errors.some((e) => /alt/.test(e.message)), "self-test: the Nu checker misses an image without alt");
  const server = await serve(root, "/kb/", port);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const result = await inspect(browser, `http://127.0.0.1:${port}/kb/`, "light", 375, null);
    const ids = result.violations.map((v) => v.id);
    check(ids.includes("image-alt"), `self-test: axe misses image-alt (found ${ids})`);
    check(ids.includes("color-contrast"), `self-test: axe misses color-contrast (found ${ids})`);
    // Best practices: two landmarks of one name, content outside landmarks.
    check(ids.includes("landmark-unique"), `self-test: axe misses landmark-unique (found ${ids})`);
    check(ids.includes("region"), `self-test: axe misses region (found ${ids})`);
    check(result.overflow > 0, "self-test: sideways scrolling not detected");
    check(result.focus.some((f) => !f.visible), "self-test: invisible focus not detected");
    check(result.consoleErrors.length > 0, "self-test: console error not detected");
  } finally {
    await browser.close();
    server.close();
  }
  console.log("Self-test: the broken page fails each check it should");
}

try {
  if (args["self-test"]) await selfTest();
  else await checkSite();
} catch (error) {
  failures.push(`crashed: ${error.stack ?? error}`);
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
