/* Tìm kiếm: đọc chỉ mục tim-kiem/ và xếp hạng kết quả (giao diện ở search.js).
 *
 * The index is written by scripts/portal/search_index.py; this file mirrors its rules:
 * - words are runs of letters and digits, NFC, lower-case;
 * - a word's key is its folded form: NFD, marks dropped, đ → d ("Đoàn" → "doan");
 * - each key's file lists, per spelling, the pages holding it with a weight (times 4, plus 2
 *   when the word is in a heading and 1 when in the title), pages as base-36 gaps.
 * Ranking: pages with every word first; among them, when the reader typed diacritics, pages
 * with exactly those spellings (bảo, not bão or báo); then BM25 with title and headings
 * counting more, raised when the words stand next to each other in the page ("lừa đảo").
 */

export const TUNING = {
  k1: 1.2, // BM25: how fast repeating a word stops adding to the score
  b: 0.75, // BM25: how much a long page is penalised
  completions: 3, // the last word may be unfinished: also try its 3 most common endings
  partial: 0.5, // a completed word ("hi" → "hiểm") counts half a whole one
  folded: 0.3, // when the reader typed diacritics, a word spelled otherwise (bảo for báo) counts
  //              this much of one spelled as typed, and not as a title or heading match
  title: 1.5, // weight of the share of the query found in the title
  heading: 0.5, // weight of the share of the query found in headings
  whole: 2, // extra weight when the query is the whole title ("bảo hiểm" → the page "Bảo hiểm")
  typoLength: 5, // a word of at least 5 letters the index does not have may hold a typo:
  typos: 3, //      try the 3 most common words one letter away ("nghiep" for "ngiep")
  typo: 0.5, //     each counting half a whole word
};

/** True when `a` becomes `b` by one letter changed, added, removed, or two swapped. */
export function oneAway(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i); // one letter added or removed
}

/** The words of a text as the index splits them: NFC, lower-case letters and digits. */
export function words(text) {
  return text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

/** A word's spelling with old and new tone placement made one: "hoá" → "hóa", "thuỷ" → "thủy"
 * (as search_index.spelling: a final oa/oe/uy, not after q). */
export function spelling(word) {
  return word
    .normalize("NFD")
    .replace(/(^|[^q])([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$/, "$1$2$4$3")
    .normalize("NFC");
}

/** The folded form of a word: "Đoàn" → "doan", "hiểm" → "hiem" (Ð from old encodings too). */
export function fold(word) {
  return word
    .normalize("NFD")
    .replace(/[đð]/g, "d")
    .replace(/[ĐÐ]/g, "D")
    .replace(/\p{M}/gu, "")
    .normalize("NFC")
    .toLowerCase();
}

/** 32-bit FNV-1a over UTF-16 code units (the same function as search_index.fnv1a). */
export function fnv1a(text) {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** The name of a key's file: the key when plain ASCII, else its hash (as search_index.py). */
function fileName(key) {
  if (/^[a-z0-9]{1,40}$/.test(key)) return key;
  return "x" + fnv1a(key).toString(16).padStart(8, "0");
}

/** "3.c,1.5" → [[3, 12], [4, 5]]: pages (from their gaps) with their value. */
function decode(text) {
  const out = [];
  let page = 0;
  for (const item of text ? text.split(",") : []) {
    const [gap, value] = item.split(".");
    page += parseInt(gap, 36);
    out.push([page, parseInt(value, 36)]);
  }
  return out;
}

export class SearchIndex {
  constructor(root) {
    this.root = root; // URL of the site root
    this.files = new Map(); // path -> promise of parsed JSON: each file is fetched once
  }

  fetchJson(path, options) {
    if (!this.files.has(path)) {
      const loading = fetch(new URL(path, this.root), options).then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${path}`);
        return response.json();
      });
      loading.catch(() => this.files.delete(path)); // a failed file is asked for again later
      this.files.set(path, loading);
    }
    return this.files.get(path);
  }

  /** index.json: always revalidated, so a new publication is seen at once. */
  async meta() {
    if (!this.info) {
      const info = await this.fetchJson("tim-kiem/index.json", { cache: "no-cache" });
      info.lengths = info.len ? info.len.split(",").map((n) => parseInt(n, 36)) : [];
      info.titleLengths = info.tl ? info.tl.split(",").map((n) => parseInt(n, 36)) : [];
      this.info = info;
    }
    return this.info;
  }

  part(path) {
    return this.fetchJson(`tim-kiem/${this.info.b}/${path}`);
  }

  /** Keys to look up for one query word: itself if it exists, plus endings if unfinished. */
  async keys(term) {
    const letter = /^[a-z0-9]/.test(term.key) ? term.key[0] : "_";
    if (!this.info.letters.includes(letter)) return [];
    const known = await this.part(`v/${letter}.json`);
    const found = [];
    if (known.some(([key]) => key === term.key)) found.push({ key: term.key, full: true });
    if (term.open && term.key.length >= 2) {
      const endings = known.filter(([key]) => key !== term.key && key.startsWith(term.key));
      for (const [key] of endings.slice(0, TUNING.completions)) found.push({ key, full: false });
    }
    // A long word found nowhere, not even as a beginning: a typo, one letter off. The words
    // are sorted by how many pages have them, so the common one comes first.
    if (!found.length && [...term.key].length >= TUNING.typoLength) {
      const near = known.filter(([key]) => oneAway(key, term.key)).slice(0, TUNING.typos);
      for (const [key] of near) found.push({ key, full: false, typo: true });
    }
    return found;
  }

  /** Ranked results for a query: [{page, score}], best first. */
  async search(query) {
    const info = await this.meta();
    const typed = [...new Set(words(query))];
    const open = !/\s$/.test(query); // the last word may still be being typed
    const terms = typed.map((word, i) => ({
      word: spelling(word),
      key: fold(word),
      marked: fold(word) !== word,
      open: open && i === typed.length - 1,
    }));
    if (!terms.length) return [];
    await Promise.all(terms.map(async (term) => (term.keys = await this.keys(term))));
    await Promise.all(terms.map((term) => this.collect(term, info)));
    const pairs = await this.pairs(terms, info);
    // One or two words must all be there; a longer question may miss a third of its words
    // ("năm 2026 bao nhiêu tuổi thì nghỉ hưu" on a page that never says "thì").
    const need = terms.length <= 2 ? terms.length : terms.length - Math.floor(terms.length / 3);
    const anyMarked = terms.some((term) => term.marked);
    const candidates = new Set(terms.flatMap((term) => [...term.pages.keys()]));
    const results = [];
    for (const page of candidates) {
      const found = terms.map((term) => term.pages.get(page));
      const matched = found.filter(Boolean).length;
      if (matched < need) continue;
      const { k1, b } = TUNING;
      let score = 0;
      let inTitle = 0;
      let inHeading = 0;
      const norm = k1 * (1 - b + (b * (info.lengths[page] || 0)) / (info.avg || 1));
      terms.forEach((term, i) => {
        const hit = found[i];
        if (!hit) return;
        score += (term.idf * (hit.weight * (k1 + 1))) / (hit.weight + norm);
        inTitle += hit.title ? 1 : 0;
        inHeading += hit.heading ? 1 : 0;
      });
      // Title: the share of the query found in it, and how much of the title that is;
      // headings: the share of the query found in them.
      const coverage = inTitle / terms.length;
      const titleShare = Math.min(1, inTitle / (info.titleLengths[page] || inTitle || 1));
      score *= 1 + TUNING.title * coverage * coverage * (1 + titleShare);
      const whole = inTitle === terms.length && info.titleLengths[page] === terms.length;
      if (whole) score *= 1 + TUNING.whole;
      score *= 1 + TUNING.heading * (inHeading / terms.length) ** 2;
      const together = pairs.filter((pages) => pages.has(page)).length;
      score *= 1 + together / Math.max(1, terms.length - 1);
      const exact =
        anyMarked && terms.every((term, i) => !term.marked || (found[i] && found[i].exact));
      results.push({ page, score, matched, exact });
    }
    results.sort((a, b) => b.matched - a.matched || b.exact - a.exact || b.score - a.score);
    return results;
  }

  /** term.pages: page -> {weight, exact, heading, title}; term.idf; from the word's files. */
  async collect(term, info) {
    term.pages = new Map();
    const files = await Promise.all(
      term.keys.map(({ key }) => this.part(`t/${fileName(key)}.json`)),
    );
    // A word typed in full that the index has ("hộ"): its completions ("hội") may still add
    // weight, but only the word itself makes a title or heading match.
    const whole = term.keys.some((k) => k.full);
    const exactPages = new Set();
    files.forEach((spellings, i) => {
      const { full, typo } = term.keys[i];
      for (const [spelling, postings] of Object.entries(spellings)) {
        // Exact: the spelling typed, or (unfinished word) one that starts like it.
        const exact =
          term.marked && (full ? spelling === term.word : spelling.startsWith(term.word));
        const counts = !term.marked || exact; // title and heading: only the typed spelling
        const flags = counts && (full || !whole);
        const scale =
          (typo ? TUNING.typo : full ? 1 : TUNING.partial) * (counts ? 1 : TUNING.folded);
        for (const [page, value] of decode(postings)) {
          const hit = term.pages.get(page) || { weight: 0, exact: false, title: false };
          hit.weight += (value >> 2) * scale;
          hit.exact = hit.exact || exact;
          hit.heading = hit.heading || (flags && (value & 2) === 2);
          hit.title = hit.title || (flags && (value & 1) === 1);
          term.pages.set(page, hit);
          if (exact && full) exactPages.add(page);
        }
      }
    });
    // How rare the word is: with diacritics, as spelled ("hộ" is rare where "ho" is everywhere:
    // hồ sơ, hỗ trợ, họ).
    const count = exactPages.size || term.pages.size;
    term.idf = Math.log(1 + (info.n - count + 0.5) / (count + 0.5));
  }

  /** For each pair of neighbouring query words, the set of pages where they stand together. */
  async pairs(terms, info) {
    const wanted = [];
    for (let i = 0; i + 1 < terms.length; i += 1) {
      const firsts = terms[i].keys.filter((k) => k.full).map((k) => k.key);
      const seconds = terms[i + 1].keys.map((k) => k.key);
      wanted.push(firsts.flatMap((a) => seconds.map((b) => `${a} ${b}`)));
    }
    return Promise.all(
      wanted.map(async (keys) => {
        const pages = new Set();
        const buckets = await Promise.all(
          keys.map((key) => this.part(`p/${fnv1a(key) % info.pb}.json`)),
        );
        buckets.forEach((bucket, i) => {
          for (const [page] of decode(bucket[keys[i]])) pages.add(page);
        });
        return pages;
      }),
    );
  }

  /** One page's title, section, text and headings (fetched for the results on screen). */
  async page(number) {
    const info = await this.meta();
    const name = info.f.slice(number * 8, number * 8 + 8);
    return this.fetchJson(`tim-kiem/trang/${name}.json`);
  }
}

/** The best ~`size` words of a page's text for the query, within one part of the page (the
 * text under one heading, as a question of the Q&A): the part whose heading has the query's
 * words, then where most of them are, next to each other. Returns that heading and the pieces
 * of text, each marked when it matched. */
export function excerpt(page, query, size = 24) {
  const typed = words(query);
  const open = !/\s$/.test(query);
  const keys = typed.map((word, i) => ({
    key: fold(word),
    spelled: fold(word) !== word ? spelling(word) : null, // null: typed without diacritics
    prefix: open && i === typed.length - 1,
  }));
  const termOf = (word) => {
    const key = fold(word);
    return keys.findIndex((k) => (k.prefix ? key.startsWith(k.key) : key === k.key));
  };
  const isExact = (word, term) => {
    const { spelled, prefix } = keys[term];
    const own = spelling(word.toLowerCase());
    return spelled !== null && (prefix ? own.startsWith(spelled) : own === spelled);
  };
  const headings = page.h || [];
  const partAt = (offset) => {
    let part = -1;
    headings.forEach(([start], i) => {
      if (start <= offset) part = i;
    });
    return part;
  };
  const inHeading = headings.map(
    ([, , text]) => new Set(words(text).map(termOf).filter((t) => t >= 0)).size,
  );
  const found = [...page.x.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => {
    const term = termOf(match[0]);
    return {
      start: match.index,
      end: match.index + match[0].length,
      term,
      exact: term >= 0 && isExact(match[0], term),
      part: partAt(match.index),
    };
  });
  let best = { value: -1, from: 0, to: Math.min(size, found.length) };
  found.forEach((first, start) => {
    if (first.term < 0) return; // windows start on a match
    let to = start;
    while (to < found.length && to - start < size && found[to].part === first.part) to += 1;
    const window = found.slice(start, to);
    const distinct = new Set(window.filter((w) => w.term >= 0).map((w) => w.term)).size;
    let together = 0;
    let count = 0;
    let exact = 0;
    window.forEach((w, i) => {
      if (w.term < 0) return;
      count += 1;
      exact += w.exact ? 1 : 0;
      if (i > 0 && window[i - 1].term >= 0 && window[i - 1].term !== w.term) together += 1;
    });
    const heading = first.part >= 0 ? inHeading[first.part] : 0;
    // The spelling typed (báo, not bảo) says more than a folded match.
    const value = distinct * 1000 + heading * 300 + together * 100 + exact * 20 + count;
    if (value > best.value) best = { value, from: start, to, part: first.part };
  });
  // Show a few words before the first match, so the snippet reads as a sentence.
  let from = best.from;
  while (from > 0 && best.from - from < 4 && found[from - 1].part === found[best.from]?.part) {
    from -= 1;
  }
  const shown = found.slice(from, Math.min(found.length, from + size));
  const heading = best.part >= 0 ? headings[best.part] : null;
  const pieces = [];
  if (shown.length) {
    let at = shown[0].start;
    for (const w of shown) {
      if (w.term < 0) continue;
      if (w.start > at) pieces.push({ text: page.x.slice(at, w.start), mark: false });
      pieces.push({ text: page.x.slice(w.start, w.end), mark: true });
      at = w.end;
    }
    const end = shown[shown.length - 1].end;
    if (end > at) pieces.push({ text: page.x.slice(at, end), mark: false });
  }
  return {
    heading: heading ? { anchor: heading[1], text: heading[2], level: heading[3] } : null,
    pieces,
    before: from > 0,
    after: from + size < found.length,
  };
}
