// A static server for the checks: serves a built site under a sub-path,
// as GitHub Pages does for a project site, with the site's 404 page.
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";

/** How the checks start Chromium (the machine's network is closed). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".xml": "application/xml", ".ics": "text/calendar", ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain",
};

/** Serves ROOT under BASE, like GitHub Pages does for a project site. */
export function serve(root, base, port) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404).end("outside the site");
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      const notFound = join(root, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(existsSync(notFound) ? readFileSync(notFound) : "not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

/** Chromium as run.sh found it (the CHROMIUM variable). */
export function chromiumPath() {
  if (!process.env.CHROMIUM) throw new Error("set CHROMIUM to the Chromium binary (run.sh finds it)");
  return process.env.CHROMIUM;
}

/** The command line's `--name value` pairs, as an object. */
export function cliArgs() {
  return Object.fromEntries(
    process.argv.slice(2).reduce((pairs, arg, i, all) => {
      if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
      return pairs;
    }, []),
  );
}

/** Checks counted: `check(ok, what)`; `finish(name)` prints the failures
 * and "name: N passed, M failed", and exits 1 when one failed. */
export function tally() {
  let passed = 0;
  const failures = [];
  return {
    check(ok, what) {
      if (ok) passed += 1;
      else failures.push(what);
    },
    finish(name) {
      for (const f of failures) console.log(`FAIL ${f}`);
      console.log(`${name}: ${passed} passed, ${failures.length} failed`);
      process.exit(failures.length ? 1 : 0);
    },
  };
}

/** A new page of `browser`, with the console errors and uncaught
 * exceptions it has had. */
export async function pageWithErrors(browser) {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, errors };
}
