// guildhall search: reads the index that `guildhall build` writes under
// search/ (see src/publish/search/), loading only the chunks a query needs.
// No dependencies, no external service. Results are built as DOM nodes,
// never from HTML strings: the text comes from contributors.
(() => {
  "use strict";
  const root = document.getElementById("search");
  if (!root) return;

  const base = root.dataset.index;
  const form = root.querySelector(".search-form");
  const input = root.querySelector("#search-query");
  const status = root.querySelector("#search-status");
  // What a screen reader hears: the status once the search settles (the
  // reader stopped typing for a moment, pressed Enter or changed a
  // filter), not at every keystroke.
  const announce = root.querySelector("#search-announce");
  const SETTLE_MS = 1000;
  let announceTimer = 0;
  let settled = true;
  function say(text) {
    status.textContent = text;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { announce.textContent = text; }, settled ? 0 : SETTLE_MS);
  }
  const list = root.querySelector("#search-results");
  const more = root.querySelector(".search-more");
  // "Ask this as a question": GitHub's new-file page for the questions
  // folder (completed from the query), else the contributing page.
  const askBox = root.querySelector(".search-ask");
  const askLink = root.querySelector(".search-ask-link");
  const askLead = root.querySelector(".search-ask-lead");
  const closest = root.querySelector(".search-closest");
  const closestList = closest.querySelector("ol");
  const askBase = root.dataset.ask;
  const contribute = root.dataset.contribute;
  const filterBox = root.querySelector(".search-filters");
  const tagSelect = root.querySelector("#search-tag");
  const PAGE = 10;
  const KIND_LETTERS = { question: "q", guide: "g", event: "e", page: "p" };
  const STATUS_LETTERS = { unanswered: "u", answered: "ac", accepted: "c", upcoming: "n", past: "o" };
  const LABELS = {
    question: "Question", guide: "Guide", event: "Event", page: "Page",
    unanswered: "unanswered", answered: "answered", accepted: "accepted answer",
    upcoming: "upcoming", past: "past",
  };

  // The same words as `each_search_word` in src/util/words.rs: runs of letters and
  // digits, lower-cased, accents folded, at most 40 characters, a plural "s"
  // dropped; Chinese and Japanese characters as overlapping pairs.
  const WORD = /[\p{Alphabetic}\p{N}]+/gu;
  const CJK = /([\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FA1F}\u{30000}-\u{3134F}]+)/u;
  const plural = (w) => ([...w].length >= 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);
  const foldAccents = (w) => w.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const words = (text) => {
    const out = [];
    for (const run of text.match(WORD) || []) {
      // Odd pieces of the split are CJK, even ones the rest.
      run.split(CJK).forEach((part, i) => {
        if (!part) return;
        if (i % 2) {
          const chars = [...part];
          if (chars.length === 1) out.push(part);
          for (let j = 0; j + 1 < chars.length; j++) out.push(chars[j] + chars[j + 1]);
        } else if ([...part].length <= 40) {
          const folded = foldAccents(part);
          if (folded) out.push(plural(folded));
        }
      });
    }
    return out;
  };

  // Terms are sorted by code point (Rust's string order), not UTF-16 units.
  const compare = (a, b) => {
    const x = [...a], y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  };

  let meta = null;
  const cache = new Map();
  const load = (path) => {
    if (!cache.has(path)) {
      const url = `${base}${path}?v=${meta ? meta.version : Date.now()}`;
      cache.set(path, fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
        return r.json();
      }));
    }
    return cache.get(path);
  };

  // The chunk that would hold `term`: the last whose first term is <= it.
  const chunkOf = (term) => {
    let lo = 0, hi = meta.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compare(meta.chunks[mid], term) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  // A chunk's file is named by the 64-bit FNV-1a hash of its first term,
  // in hexadecimal, as src/publish/search/chunks.rs names it.
  const utf8 = new TextEncoder();
  const chunkName = (term) => {
    let hash = 0xcbf29ce484222325n;
    for (const byte of utf8.encode(term)) {
      hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return hash.toString(16).padStart(16, "0");
  };

  // BM25's usual parameters, and the document length (in words, title
  // and tag words counting five) it treats as neutral. Lengths come in
  // meta.json as one character per document: bucket b of BUCKET_DIGITS
  // is about 2^(b/4) words (see src/publish/search/document.rs).
  const K1 = 1.2;
  const B = 0.75;
  const PIVOT_LENGTH = 400;
  const BUCKET_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const lengthNorm = (doc) => {
    const length = 2 ** (BUCKET_DIGITS.indexOf(meta.lengths[doc]) / 4);
    return 1 - B + (B * length) / PIVOT_LENGTH;
  };

  // Documents matching one query word, with scores: the word itself, and
  // for the last word (two letters or more), the words it begins, scored
  // lower.
  // `prefix`: the last word, still being typed.
  async function matches(token, prefix) {
    prefix = prefix && [...token].length >= 2;
    const first = chunkOf(token);
    const last = prefix ? Math.min(chunkOf(token + "\u{10FFFF}"), first + 2) : first;
    const chunks = [];
    for (let i = first; i <= last; i++) chunks.push(load(`terms/${chunkName(meta.chunks[i])}.json`));
    const scores = new Map();
    for (const chunk of await Promise.all(chunks)) {
      for (const term in chunk) {
        let weight;
        if (term === token) weight = 1;
        else if (prefix && term.startsWith(token)) weight = 0.5 * token.length / term.length;
        else continue;
        const postings = chunk[term];
        // BM25: postings hold each word's count in a document.
        const found = postings.length / 2;
        const idf = Math.log(1 + (meta.count - found + 0.5) / (found + 0.5));
        let doc = 0;
        for (let i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          const count = postings[i + 1];
          const score = (idf * count * (K1 + 1)) / (count + K1 * lengthNorm(doc)) * weight;
          if (!(scores.get(doc) >= score)) scores.set(doc, score);
        }
      }
    }
    return scores;
  }

  function selected() {
    const checked = (name) =>
      [...filterBox.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    return { kind: checked("kind"), status: checked("status"), tag: tagSelect ? tagSelect.value : "" };
  }

  async function passes(filters) {
    const kinds = filters.kind.map((k) => KIND_LETTERS[k]).join("");
    const statuses = filters.status.map((s) => STATUS_LETTERS[s]).join("");
    let tagged = null;
    if (filters.tag) {
      tagged = new Set();
      let doc = 0;
      for (const gap of await load(`tag/${filters.tag}.json`)) tagged.add(doc += gap);
    }
    return (doc) =>
      (!kinds || kinds.includes(meta.kinds[2 * doc])) &&
      (!statuses || statuses.includes(meta.kinds[2 * doc + 1])) &&
      (!tagged || tagged.has(doc));
  }

  let shown = [];
  let tokens = [];
  let generation = 0;

  async function run() {
    const mine = ++generation;
    const query = input.value.trim();
    const filters = selected();
    remember(query, filters);
    // The last word is still being typed unless a space follows it.
    const typing = !/\s$/.test(input.value);
    tokens = [...new Set(words(query))];
    const filtering = filters.kind.length || filters.status.length || filters.tag;
    if (!tokens.length && !filtering) {
      list.replaceChildren();
      more.hidden = true;
      askBox.hidden = true;
      say(query ? "Type letters or digits to search." : "");
      return;
    }
    try {
      if (!meta) {
        say("Loading the search index…");
        meta = await load("meta.json");
        cache.clear();
      }
      let found;
      if (tokens.length) {
        // Words in a third of the pages narrow nothing down: left out
        // (unloaded) when the query has other words.
        const last = tokens[tokens.length - 1];
        const common = new Set(meta.common);
        let used = tokens.filter((t) => !common.has(t) || (t === last && typing));
        if (!used.length) used = tokens;
        const perToken = await Promise.all(used.map((t) => matches(t, t === last && typing)));
        found = [...perToken[0]].filter(([doc]) => perToken.every((m) => m.has(doc)))
          .map(([doc]) => [doc, perToken.reduce((sum, m) => sum + m.get(doc), 0)]);
      } else {
        found = Array.from({ length: meta.count }, (_, doc) => [doc, 0]);
      }
      const keep = await passes(filters);
      if (mine !== generation) return;
      const partial = found.length ? [] : await nearest(tokens);
      if (mine !== generation) return;
      found = found.filter(([doc]) => keep(doc));
      found.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      shown = found.map(([doc]) => doc);
      list.replaceChildren();
      const n = shown.length;
      const about = query ? ` for “${query}”` : "";
      const offer = tokens.length && (askBase || contribute) ? " You can ask it as a question." : "";
      say(n
        ? `${n} result${n === 1 ? "" : "s"}${about}.`
        : `No results${about}. Try fewer or shorter words, or clear the filters.${offer}`);
      await showMore(mine);
      await offerToAsk(mine, query, filters, n, partial);
      settleLater(query, filters, n);
    } catch (error) {
      if (mine === generation) say(`Search is unavailable: ${error.message}`);
    }
  }

  async function showMore(mine) {
    const from = list.children.length;
    const docs = await Promise.all(shown.slice(from, from + PAGE).map((doc) => load(`doc/${doc}.json`)));
    if (mine !== generation) return;
    for (const doc of docs) list.append(result(doc));
    more.hidden = list.children.length >= shown.length;
  }

  // Questions holding some of the words when none holds them all: those
  // with the most of them first, then by score; five at most.
  async function nearest(queryTokens) {
    if (queryTokens.length < 2) {
      const only = queryTokens.length ? await matches(queryTokens[0], true) : new Map();
      return [...only].filter(([doc]) => meta.kinds[2 * doc] === "q")
        .sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5).map(([doc]) => doc);
    }
    const perToken = await Promise.all(queryTokens.map((t) => matches(t, false)));
    const total = new Map();
    for (const scores of perToken) {
      for (const [doc, score] of scores) {
        if (meta.kinds[2 * doc] !== "q") continue;
        const [count, sum] = total.get(doc) || [0, 0];
        total.set(doc, [count + 1, sum + score]);
      }
    }
    return [...total].sort((a, b) => b[1][0] - a[1][0] || b[1][1] - a[1][1] || a[0] - b[0])
      .slice(0, 5).map(([doc]) => doc);
  }

  // The offer under the results: always once there is a query (the
  // results may not help), with the closest questions when none matched.
  async function offerToAsk(mine, query, filters, n, partial) {
    if (!tokens.length) {
      askBox.hidden = true;
      return;
    }
    const docs = await Promise.all(partial.map((doc) => load(`doc/${doc}.json`)));
    if (mine !== generation) return;
    closestList.replaceChildren(...docs.map(result));
    closest.hidden = docs.length === 0;
    askLead.textContent = n ? "Not what you were looking for?" : `Nobody has asked “${query}” yet.`;
    const href = askUrl(query, filters.tag);
    askLink.hidden = !href;
    if (href) askLink.href = href;
    askBox.hidden = !href && !docs.length;
  }

  // The file name a question gets from its title, as guildhall makes
  // slugs: letters and digits, accents dropped, the rest as `-`.
  const slugify = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");

  function askUrl(query, tag) {
    if (!askBase) return contribute;
    const today = new Date().toISOString().slice(0, 10);
    const value = `---\ntitle: ${JSON.stringify(query)}\ndate: ${today}\n` +
      `tags: [${tag || ""}]\n---\n\nWhat are you trying to do? What did you try, and what happened?\n`;
    const name = `${slugify(query) || "question"}.md`;
    return `${askBase}?filename=${encodeURIComponent(name)}&value=${encodeURIComponent(value)}`;
  }

  // Events for the site's own analytics (guildhall sends nothing):
  // `guildhall:search` once per settled search, when it ends (a result is
  // opened, another search settles, or the page is left), with whether a
  // result was opened; `guildhall:search-result` when one is opened.
  let pending = null;
  let settleTimer = 0;
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  function settle(query, filters, results) {
    clearTimeout(settleTimer);
    if (pending && pending.query === query && same(pending.filters, filters)) return;
    report(false);
    if (query || filters.kind.length || filters.status.length || filters.tag) {
      pending = { query, results, filters };
    }
  }
  function settleLater(query, filters, results) {
    clearTimeout(settleTimer);
    if (settled) settle(query, filters, results);
    else settleTimer = setTimeout(() => settle(query, filters, results), SETTLE_MS);
  }
  function report(opened) {
    if (!pending) return;
    const detail = { ...pending, opened };
    pending = null;
    document.dispatchEvent(new CustomEvent("guildhall:search", { detail }));
  }
  function opened(event) {
    const link = event.target.closest("a");
    if (!link || (event.type === "auxclick" && event.button !== 1)) return;
    const item = link.closest("li");
    const position = [...item.parentElement.children].indexOf(item) + 1;
    const query = input.value.trim();
    settle(query, selected(), shown.length);
    document.dispatchEvent(new CustomEvent("guildhall:search-result", {
      detail: { query, url: link.href, position, closest: item.parentElement === closestList },
    }));
    report(true);
  }
  for (const results of [list, closestList]) {
    results.addEventListener("click", opened);
    results.addEventListener("auxclick", opened);
  }
  addEventListener("pagehide", () => report(false));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") report(false);
  });

  function result(doc) {
    const item = document.createElement("li");
    item.className = "search-result";
    const kicker = document.createElement("p");
    kicker.className = "kicker";
    kicker.textContent = LABELS[doc.kind] + (doc.status ? ` · ${LABELS[doc.status]}` : "");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = doc.url;
    link.textContent = doc.title;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.append(...excerptOf(doc));
    item.append(kicker, heading, excerpt);
    return item;
  }

  const hits = (word) => tokens.some((t) => word === t || ([...t].length >= 2 && word.startsWith(t)));

  // About 30 words of the text around its first matching word, with the
  // matching words marked; the summary when the match is only in the title.
  function excerptOf(doc) {
    const text = doc.text || doc.summary;
    const spans = [];
    for (const m of text.matchAll(WORD)) spans.push([m.index, m.index + m[0].length, hits(m[0].toLowerCase())]);
    let at = spans.findIndex((s) => s[2]);
    if (at < 0) return [doc.summary || text.slice(0, 200)];
    const from = Math.max(0, at - 10), to = Math.min(spans.length, at + 22);
    const nodes = [];
    let pos = spans[from][0];
    if (from > 0) nodes.push("… ");
    for (let i = from; i < to; i++) {
      const [start, end, hit] = spans[i];
      if (start > pos) nodes.push(text.slice(pos, start).replace(/\s+/g, " "));
      const word = text.slice(start, end);
      if (hit) {
        const mark = document.createElement("mark");
        mark.textContent = word;
        nodes.push(mark);
      } else nodes.push(word);
      pos = end;
    }
    if (to < spans.length) nodes.push(" …");
    return nodes;
  }

  // The query and filters live in the address, so a search can be shared
  // and the back button returns to it.
  function remember(query, filters) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const k of filters.kind) params.append("kind", k);
    for (const s of filters.status) params.append("status", s);
    if (filters.tag) params.set("tag", filters.tag);
    const search = params.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  }

  function restore() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const box of filterBox.querySelectorAll("input[type=checkbox]")) {
      box.checked = params.getAll(box.name).includes(box.value);
    }
    if (tagSelect) tagSelect.value = params.get("tag") || "";
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    settled = false;
    timer = setTimeout(run, 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    settled = true;
    run();
  });
  filterBox.addEventListener("change", () => {
    settled = true;
    run();
  });
  more.addEventListener("click", () => showMore(generation));
  filterBox.hidden = false;
  restore();
  run();
})();
