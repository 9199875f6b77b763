/* Tìm kiếm của cổng thông tin: hộp thoại, kết quả, bàn phím (chỉ mục ở search-engine.js).
 *
 * Loaded only when a reader opens the search dialog (overrides/partials/search.html), so an
 * article page downloads nothing of search until then. The engine then fetches only the parts
 * of the index the query's words need, and the texts of the results on screen.
 */

import { SearchIndex, excerpt } from "./search-engine.js";

const MIN_LENGTH = 2; // one letter matches half the index: wait for a second one
const PAGE_SIZE = 5; // results whose text is fetched at once: a phone screen shows about 4
const PAUSE_MS = 150; // at most one search per pause: Vietnamese keyboards send bursts (Telex)

const TEXT = {
  hint: "Có dấu hay không dấu đều tìm được.",
  found: (n) => `Tìm thấy ${n} kết quả`,
  none: "Không tìm thấy kết quả nào. Hãy thử từ khác, ví dụ: lương, bảo hiểm, nghỉ việc.",
  // The suggestions under it (sections, the Q&A, whom to ask) are in partials/search.html.
  failed: "Không tải được công cụ tìm kiếm. Hãy kiểm tra kết nối mạng rồi thử lại.",
};

/** Wire up the dialog of partials/search.html; called once, the first time it opens. */
export function start(dialog) {
  if (dialog.dataset.started) return;
  dialog.dataset.started = "true";
  // The site root is the folder above this file's assets/: right from any page, the 404 page
  // included (its links are absolute while other pages' are relative).
  const index = new SearchIndex(new URL("../", import.meta.url));
  const input = dialog.querySelector("input");
  const status = dialog.querySelector("[role=status]");
  const list = dialog.querySelector("ol");
  const more = dialog.querySelector("[data-portal-search-more]");
  const clear = dialog.querySelector("[data-portal-search-clear]");
  const none = dialog.querySelector("[data-portal-search-none]");
  let latest = 0; // number of the latest search; answers to older ones are dropped
  let results = [];
  let shown = 0;
  let query = "";
  let pending = Promise.resolve();
  let timer = 0;
  let lastStart = -Infinity;

  async function run(text) {
    const number = ++latest;
    clear.hidden = text.length === 0;
    none.hidden = true;
    if (text.trim().length < MIN_LENGTH) {
      results = [];
      shown = 0;
      list.replaceChildren();
      more.hidden = true;
      list.dataset.query = text;
      status.textContent = TEXT.hint;
      return;
    }
    list.setAttribute("aria-busy", "true");
    try {
      const found = await index.search(text);
      if (number !== latest) return;
      results = found;
      query = text;
      shown = 0;
      const items = await fetchItems(number);
      if (number !== latest) return;
      list.replaceChildren(...items);
      status.textContent = results.length ? TEXT.found(results.length) : TEXT.none;
      none.hidden = results.length > 0;
    } catch {
      if (number !== latest) return;
      results = [];
      list.replaceChildren();
      status.textContent = TEXT.failed;
    } finally {
      if (number === latest) {
        list.removeAttribute("aria-busy");
        more.hidden = shown >= results.length;
        list.dataset.query = text;
      }
    }
  }

  async function fetchItems(number) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const pages = await Promise.all(batch.map((result) => index.page(result.page)));
    if (number === latest) shown += batch.length;
    return pages.map((page) => item(page, query, index.root));
  }

  // At most one search per pause: the first keystroke after a pause searches at once, and the
  // last one of a burst is always searched.
  function search() {
    clearTimeout(timer);
    const wait = lastStart + PAUSE_MS - performance.now();
    const go = () => {
      lastStart = performance.now();
      pending = run(input.value);
    };
    if (wait <= 0) go();
    else timer = setTimeout(go, wait);
  }

  input.addEventListener("input", search);

  clear.addEventListener("click", () => {
    input.value = "";
    input.focus();
    pending = run("");
  });

  more.addEventListener("click", async () => {
    const number = latest;
    const first = shown;
    const items = await fetchItems(number);
    if (number !== latest) return;
    list.append(...items);
    more.hidden = shown >= results.length;
    list.querySelectorAll("a")[first]?.focus();
  });

  // Enter in the box opens the first result, once the results for what was typed are there.
  dialog.querySelector("form").addEventListener("submit", async () => {
    clearTimeout(timer);
    if (list.dataset.query !== input.value) await (pending = run(input.value));
    const first = list.querySelector("a");
    if (first) first.click();
  });

  dialog.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (at >= 0 && event.key.length === 1 && !event.ctrlKey && !event.metaKey) {
      input.focus(); // typing on a result goes on typing in the box
    }
  });

  // A result on the current page (a question of the Q&A) only moves the page: close first.
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) dialog.close();
  });
  // A click on the backdrop (outside the panel) closes, as in Material's search.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });

  if (input.value) search();
}

/** One result: section, title, the heading the snippet is under, and the snippet itself. */
function item(page, query, root) {
  const part = excerpt(page, query);
  const link = element("a", "portal-search__link");
  const sub = part.heading && part.heading.level > 1 ? part.heading : null;
  const target = new URL(page.u, root);
  if (sub) target.hash = sub.anchor;
  link.href = target.pathname + target.hash;
  if (page.s && page.s !== page.t) link.append(element("span", "portal-search__section", page.s));
  link.append(element("span", "portal-search__title", page.t));
  if (sub) link.append(element("span", "portal-search__heading", sub.text));
  const snippet = element("span", "portal-search__snippet", part.before ? "… " : "");
  for (const piece of part.pieces) {
    snippet.append(piece.mark ? element("mark", "", piece.text) : piece.text);
  }
  if (part.after) snippet.append(" …");
  link.append(snippet);
  const row = element("li", "portal-search__item");
  row.append(link);
  return row;
}

function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
