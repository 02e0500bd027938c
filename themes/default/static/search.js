// guildhall search: reads the index that `guildhall build` writes under
// search/ (see src/publish/search/), loading only the chunks a query needs.
// No dependencies, no external service. Results are built as DOM nodes,
// never from HTML strings: the text comes from contributors.
(() => {
  "use strict";
  const root = document.getElementById("search");
  if (!root) return;

  const form = root.querySelector(".search-form");
  const input = root.querySelector("#search-query");
  const status = root.querySelector("#search-status");
  // The theme's words in the page's language (see themes/default/i18n/).
  const t = JSON.parse(root.dataset.words || "{}");
  const word = (key, parts = {}) => Object.entries(parts)
    .reduce((text, [name, value]) => text.replaceAll(`{${name}}`, value), t[key] || key);
  // A counted word in the page language's plural forms (the browser's
  // CLDR rules; src/render/plural.rs picks them the same way): forms
  // separated by "|", unlabelled "one | other" or labelled "few: …", a
  // "zero" form taken for 0 in every language.
  const rules = new Intl.PluralRules(document.documentElement.lang || "en");
  const counted = (key, n) => {
    const forms = (t[key] || "").split("|").map((f) => {
      const m = /^\s*(zero|one|two|few|many|other)\s*:/.exec(f);
      return m ? [m[1], f.slice(m[0].length).trim()] : [null, f.trim()];
    });
    const category = rules.select(n);
    const find = (c) => forms.find(([label]) => label === c);
    const form = forms.every(([label]) => !label)
      ? forms[forms.length > 1 && category !== "one" ? 1 : 0]
      : (n === 0 && find("zero")) || find(category) || find("other") || forms[forms.length - 1];
    return form[1].replaceAll("{n}", String(n));
  };
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
    question: t.question, guide: t.guide, event: t.event, page: t.page,
    unanswered: t.unanswered, answered: t.answered, accepted: t.accepted_answer,
    upcoming: t.upcoming, past: t.past,
  };

  // The same words as `each_search_word` in src/util/words.rs: runs of
  // letters, marks and digits, lower-cased, accents folded on Latin, Greek
  // and Cyrillic letters, at most 40 characters; scripts written without
  // spaces (Chinese, Japanese, Thai, Lao, Myanmar, Khmer) as overlapping
  // pairs of characters. Each word: { text, written, cjk }.
  const WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  const CJK = /([\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FA1F}\u{30000}-\u{3134F}]+)/u;
  const fold = (w) => w.normalize("NFD").replace(/([\u0000-\u052F])\p{M}+/gu, "$1").toLowerCase();
  const words = (text) => {
    const out = [];
    for (const run of text.match(WORD) || []) {
      // Odd pieces of the split are CJK, even ones the rest.
      run.split(CJK).forEach((part, i) => {
        if (!part) return;
        if (i % 2) {
          const chars = [...part];
          const pair = (p) => out.push({ text: p, written: p, cjk: true });
          if (chars.length === 1) pair(part);
          for (let j = 0; j + 1 < chars.length; j++) pair(chars[j] + chars[j + 1]);
        } else if ([...part].length <= 40) {
          const folded = fold(part);
          if (folded) out.push({ text: folded, written: part.toLowerCase(), cjk: false });
        }
      });
    }
    return out;
  };
  const plural = (w) => ([...w].length >= 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);

  // Terms are sorted by code point (Rust's string order), not UTF-16 units.
  const compare = (a, b) => {
    const x = [...a], y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
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
  // and tag words counting five) it treats as neutral. A posting's value
  // is count * 64 + b, where length bucket b is about 2^(b/4) words (see
  // src/publish/search/document.rs).
  const K1 = 1.2;
  const B = 0.75;
  const PIVOT_LENGTH = 400;

  // A term's postings are a string of numbers (document gaps and values
  // alternating), each in base64 digits of five bits, lowest first, a
  // digit of 32 or more followed by another (src/publish/search/chunks.rs).
  const DIGIT = new Int8Array(128).fill(-1);
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].forEach((c, i) => { DIGIT[c.charCodeAt(0)] = i; });
  function numbers(text) {
    const out = [];
    let n = 0, scale = 1;
    for (let i = 0; i < text.length; i++) {
      const digit = DIGIT[text.charCodeAt(i)];
      n += (digit & 31) * scale;
      if (digit < 32) { out.push(n); n = 0; scale = 1; } else scale *= 32;
    }
    return out;
  }

  // One language's index (its folder under the site): loads its files as
  // a query needs them.
  function openIndex(url, lang) {
    const ix = { url, lang, meta: null };
    const cache = new Map();
    ix.load = (path) => {
      if (!cache.has(path)) {
        const address = `${url}${path}?v=${ix.meta ? ix.meta.version : Date.now()}`;
        cache.set(path, fetch(address).then((r) => {
          if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
          return r.json();
        }));
      }
      return cache.get(path);
    };
    ix.ready = async () => {
      if (!ix.meta) {
        const meta = await ix.load("meta.json");
        if (!ix.meta) {
          ix.meta = meta;
          cache.clear();
        }
      }
    };
    // The chunk that would hold `term`: the last whose first term is <= it.
    const chunkOf = (term) => {
      const chunks = ix.meta.chunks;
      let lo = 0, hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (compare(chunks[mid], term) <= 0) lo = mid; else hi = mid - 1;
      }
      return lo;
    };
    // Each document's kind letter (kinds.json holds runs: ["q", 3, "g",
    // 2] is "qqqgg"), and its status letter (a letter a document, loaded
    // only to filter by status).
    ix.kinds = async () => {
      const runs = await ix.load("kinds.json");
      let letters = "";
      for (let i = 0; i < runs.length; i += 2) letters += runs[i].repeat(runs[i + 1]);
      return letters;
    };
    ix.statuses = () => ix.load("statuses.json");
    // Documents holding one term, with scores: the term itself, and with
    // `prefix` (the last word, two letters or more) the terms it begins,
    // scored lower. A term in many documents comes as [its top tier, its
    // number of documents], the rest of its postings in a file of their
    // own (src/publish/search/chunks.rs): fetched with `full`, else
    // `bound` is the most a document outside the top tier can score, and
    // `least` how many documents hold the term at least.
    ix.term = async (token, prefix, weight = 1, full = false) => {
      prefix = prefix && [...token].length >= 2;
      const found = { scores: new Map(), bound: 0, least: 0 };
      if (!ix.meta.chunks.length) return found;
      const first = chunkOf(token);
      const last = prefix ? Math.min(chunkOf(token + "\u{10FFFF}"), first + 2) : first;
      const chunks = [];
      for (let i = first; i <= last; i++) chunks.push(ix.load(`terms/${chunkName(ix.meta.chunks[i])}.json`));
      const wanted = [];
      for (const chunk of await Promise.all(chunks)) {
        for (const term in chunk) {
          if (term === token) wanted.push([term, chunk[term], weight]);
          else if (prefix && term.startsWith(token)) wanted.push([term, chunk[term], 0.5 * weight * token.length / term.length]);
        }
      }
      const rests = await Promise.all(wanted.map(([term, value]) =>
        typeof value !== "string" && full ? ix.load(`rest/${chunkName(term)}.json`) : null));
      wanted.forEach(([, value, w], i) => {
        const tiered = typeof value !== "string";
        const lists = tiered ? [value[0], rests[i]].filter((list) => list !== null) : [value];
        const postings = lists.map(numbers);
        // BM25: postings hold each word's count in a document.
        const count = tiered ? value[1] : postings[0].length / 2;
        const idf = Math.log(1 + (ix.meta.count - count + 0.5) / (count + 0.5));
        let lowest = Infinity;
        for (const list of postings) {
          let doc = 0;
          for (let j = 0; j < list.length; j += 2) {
            doc += list[j];
            const bucket = list[j + 1] % 64;
            const n = (list[j + 1] - bucket) / 64;
            const norm = 1 - B + (B * 2 ** (bucket / 4)) / PIVOT_LENGTH;
            const score = (idf * n * (K1 + 1)) / (n + K1 * norm) * w;
            if (score < lowest) lowest = score;
            if (!(found.scores.get(doc) >= score)) found.scores.set(doc, score);
          }
        }
        // No document of the rest scores more than the top tier's lowest.
        if (tiered && !full) found.bound = Math.max(found.bound, lowest);
        found.least = Math.max(found.least, count);
      });
      return found;
    };
    // The terms a query word can be in this index: a CJK pair as it is;
    // else, in a language with a stemmer, the word and the word without
    // each leading run of meta.prefixes (Arabic's "ال"), each with each
    // ending of meta.stems changed (the index keeps stems: "contributing"
    // is "contribut"), else the word without a plural "s".
    ix.termsOf = (w) => {
      if (w.cjk) return [w.text];
      if (!ix.meta.stemmer) return [plural(w.text)];
      const letters = (text) => [...text].length;
      const bases = [w.text];
      for (const lead of ix.meta.prefixes || []) {
        if (w.text.startsWith(lead) && letters(w.text) - letters(lead) >= 2) bases.push(w.text.slice(lead.length));
      }
      const found = new Set(bases);
      for (const base of bases) {
        for (const [ending, stem] of ix.meta.stems) {
          if (base.endsWith(ending) && letters(base) - letters(ending) >= 2) {
            found.add(base.slice(0, base.length - ending.length) + stem);
          }
        }
      }
      return [...found];
    };
    // Documents matching one query word: any of its terms (the word as
    // typed counts most), a prefix for the last word, and a bonus where
    // it is written with the same accents; with the `bound` and `least`
    // of ix.term.
    ix.matches = async (w, prefix, full = false) => {
      const terms = ix.termsOf(w);
      const found = await Promise.all(terms.map((term, i) =>
        ix.term(term, prefix && i === 0, i === 0 ? 1 : 0.9, full)));
      const all = { scores: new Map(), bound: 0, least: 0 };
      for (const one of found) {
        for (const [doc, score] of one.scores) if (!(all.scores.get(doc) >= score)) all.scores.set(doc, score);
        all.bound = Math.max(all.bound, one.bound);
        all.least = Math.max(all.least, one.least);
      }
      if (!w.cjk && w.written !== w.text) {
        // The bonus adds up: every posting of the written form.
        let most = 0;
        for (const [doc, score] of (await ix.term(w.written, false, 1, true)).scores) {
          if (all.scores.has(doc)) all.scores.set(doc, all.scores.get(doc) + 0.5 * score);
          most = Math.max(most, score);
        }
        if (all.bound) all.bound += 0.5 * most;
      }
      return all;
    };
    ix.passes = async (filters) => {
      const kinds = filters.kind.map((k) => KIND_LETTERS[k]).join("");
      const statuses = filters.status.map((s) => STATUS_LETTERS[s]).join("");
      let tagged = null;
      if (filters.tag) {
        tagged = new Set();
        let doc = 0;
        // A tag no page of this language has: nothing passes.
        const gaps = await ix.load(`tag/${filters.tag}.json`).catch(() => []);
        for (const gap of gaps) tagged.add(doc += gap);
      }
      const kindOf = kinds ? await ix.kinds() : "";
      const statusOf = statuses ? await ix.statuses() : "";
      return (doc) =>
        (!kinds || kinds.includes(kindOf[doc])) &&
        (!statuses || statuses.includes(statusOf[doc])) &&
        (!tagged || tagged.has(doc));
    };
    return ix;
  }

  // This page's language's index, and with "search all languages" every
  // language's (their list in data-indexes).
  const own = openIndex(root.dataset.index, document.documentElement.lang);
  const others = JSON.parse(root.dataset.indexes || "[]")
    .filter((i) => i.url !== root.dataset.index)
    .map((i) => openIndex(i.url, i.lang));
  const allBox = root.querySelector("#search-all");
  const targets = () => (allBox && allBox.checked ? [own, ...others] : [own]);

  function selected() {
    const checked = (name) =>
      [...filterBox.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    return { kind: checked("kind"), status: checked("status"), tag: tagSelect ? tagSelect.value : "" };
  }

  let shown = [];
  let tokens = [];
  let generation = 0;
  // While `shown` comes from top tiers (see ix.term): how many of its
  // first results are sure, and how to find them all.
  let sure = Infinity;
  let everything = null;

  // The documents of every index in `indexes` matching `tokens` and
  // `filters`, best first, as [index, document, score]. A query of one
  // word (after common ones) reads the top tiers of its terms unless
  // `full`: then results scoring at least `bound` are sure (a filter
  // only drops results, so it keeps them sure), and at least `least`
  // documents match (those found, or unfiltered the term's count).
  async function search(indexes, filters, typing, full) {
    const filtering = filters.kind.length || filters.status.length || filters.tag;
    const found = [];
    let bound = 0, least = 0;
    for (const ix of indexes) {
      let mineFound;
      if (tokens.length) {
        // Words in a third of the pages narrow nothing down: left out
        // (unloaded) when the query has other words.
        const last = tokens[tokens.length - 1];
        const common = new Set(ix.meta.common);
        let used = tokens.filter((w) => !common.has(w.text) || (w === last && typing));
        if (!used.length) used = tokens;
        // Words found together need every posting.
        const every = full || used.length > 1;
        const perToken = await Promise.all(used.map((w) => ix.matches(w, w === last && typing, every)));
        mineFound = [...perToken[0].scores].filter(([doc]) => perToken.every((m) => m.scores.has(doc)))
          .map(([doc]) => [doc, perToken.reduce((sum, m) => sum + m.scores.get(doc), 0)]);
        bound = Math.max(bound, perToken[0].bound);
        if (!filtering) least += perToken[0].least;
      } else {
        mineFound = Array.from({ length: ix.meta.count }, (_, doc) => [doc, 0]);
      }
      const keep = await ix.passes(filters);
      found.push(...mineFound.filter(([doc]) => keep(doc)).map(([doc, score]) => [ix, doc, score]));
    }
    const order = (ix) => indexes.indexOf(ix);
    found.sort((a, b) => b[2] - a[2] || order(a[0]) - order(b[0]) || a[1] - b[1]);
    return { found, bound, least: Math.max(least, found.length) };
  }

  // How many of the first results of `found` are sure: all when no top
  // tier stood in for a term, else those scoring at least its `bound`.
  const sureOf = ({ found, bound }) => {
    if (!bound) return Infinity;
    const below = found.findIndex((f) => f[2] < bound);
    return below < 0 ? found.length : below;
  };

  // "12 results for “backup”.", or "At least 61369 results…" while the
  // count comes from top tiers.
  const about = (query) => (query ? word("search_for", { query }) : "");
  const resultsLine = (query, n, atLeast) =>
    counted(atLeast ? "search_results_at_least" : "search_results_n", n) + about(query) + ".";

  async function run() {
    const mine = ++generation;
    const query = input.value.trim();
    const filters = selected();
    remember(query, filters);
    // The last word is still being typed unless a space follows it.
    const typing = !/\s$/.test(input.value);
    const seen = new Set();
    tokens = words(query).filter((w) => !seen.has(w.text) && seen.add(w.text));
    const filtering = filters.kind.length || filters.status.length || filters.tag;
    if (!tokens.length && !filtering) {
      list.replaceChildren();
      more.hidden = true;
      askBox.hidden = true;
      say(query ? word("search_type_letters") : "");
      return;
    }
    try {
      const indexes = targets();
      if (indexes.some((ix) => !ix.meta)) {
        say(word("search_loading"));
        await Promise.all(indexes.map((ix) => ix.ready()));
      }
      let searched = await search(indexes, filters, typing, false);
      // Fewer sure results than a page: every posting after all.
      if (sureOf(searched) < PAGE) searched = await search(indexes, filters, typing, true);
      if (mine !== generation) return;
      const { found } = searched;
      const partial = found.length ? [] : await nearest(tokens);
      if (mine !== generation) return;
      shown = found.map(([ix, doc]) => [ix, doc]);
      sure = sureOf(searched);
      everything = sure < Infinity ? () => search(indexes, filters, typing, true) : null;
      list.replaceChildren();
      const n = shown.length;
      const offer = tokens.length && (askBase || contribute) ? word("search_can_ask") : "";
      say(n
        ? resultsLine(query, everything ? searched.least : n, !!everything)
        : word("search_none", { for: about(query) }) + offer);
      await showMore(mine);
      await offerToAsk(mine, query, filters, n, partial);
      settleLater(query, filters, n);
    } catch (error) {
      if (mine === generation) say(word("search_unavailable", { error: error.message }));
    }
  }

  async function showMore(mine) {
    const from = list.children.length;
    if (everything && from + PAGE > sure) {
      // Past the sure results: every posting of the query's terms.
      const whole = await everything();
      if (mine !== generation) return;
      shown = whole.found.map(([ix, doc]) => [ix, doc]);
      sure = Infinity;
      everything = null;
      say(resultsLine(input.value.trim(), shown.length, false));
    }
    const docs = await Promise.all(shown.slice(from, from + PAGE).map(([ix, doc]) => ix.load(`doc/${doc}.json`)));
    if (mine !== generation) return;
    for (const doc of docs) list.append(result(doc));
    more.hidden = list.children.length >= shown.length && !everything;
  }

  // Questions holding some of the words when none holds them all: those
  // with the most of them first, then by score; five at most.
  async function nearest(queryTokens) {
    const kinds = await own.kinds();
    if (queryTokens.length < 2) {
      const only = queryTokens.length ? (await own.matches(queryTokens[0], true)).scores : new Map();
      return [...only].filter(([doc]) => kinds[doc] === "q")
        .sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5).map(([doc]) => doc);
    }
    const perToken = await Promise.all(queryTokens.map((w) => own.matches(w, false)));
    const total = new Map();
    for (const { scores } of perToken) {
      for (const [doc, score] of scores) {
        if (kinds[doc] !== "q") continue;
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
    const docs = await Promise.all(partial.map((doc) => own.load(`doc/${doc}.json`)));
    if (mine !== generation) return;
    closestList.replaceChildren(...docs.map(result));
    closest.hidden = docs.length === 0;
    askLead.textContent = n ? word("not_what_you_looked_for") : word("search_nobody_asked", { query });
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

  // Whether a word of a result's text is one the query asked for: the
  // same word, one it begins, one sharing its stem, or for Chinese and
  // Japanese a run holding one of the pairs.
  const hits = (text) => words(text).some((w) => tokens.some((q) => w.cjk
    ? text.includes(q.text)
    : w.text === q.text || ([...q.text].length >= 2 && w.text.startsWith(q.text)) ||
      (q.text.length >= 4 && w.text.length >= 4 && w.text.slice(0, 4) === q.text.slice(0, 4) &&
        (w.text.startsWith(q.text.slice(0, -3)) || q.text.startsWith(w.text.slice(0, -3))))));

  // The text's first 200 characters, cut after a word: a document whose
  // summary is only the start of its text leaves the summary out.
  function startOf(text) {
    const flat = text.replace(/\s+/g, " ").trim();
    if (flat.length <= 200) return flat;
    const cut = flat.slice(0, 200), space = cut.lastIndexOf(" ");
    return (space > 100 ? cut.slice(0, space) : cut) + "…";
  }

  // About 30 words of the text around its first matching word, with the
  // matching words marked; the summary when the match is only in the title.
  function excerptOf(doc) {
    const text = doc.text || doc.summary;
    const spans = [];
    for (const m of text.matchAll(WORD)) spans.push([m.index, m.index + m[0].length, hits(m[0])]);
    let at = spans.findIndex((s) => s[2]);
    if (at < 0) return [doc.summary || startOf(text)];
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
    if (allBox && allBox.checked) params.set("all", "1");
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
