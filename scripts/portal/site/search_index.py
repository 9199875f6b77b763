"""The search index: small files the browser fetches only when a reader searches.

Built from the site MkDocs wrote (search_text reads each page), into site/tim-kiem/:

- index.json: page count, page lengths and the names of the other files (a few KB);
- <build>/t/<word>.json: for one folded syllable ("bao" for bảo, báo, bão, bao…), the pages
  that contain it, per spelling, with a weight (title and headings count more);
- <build>/v/<letter>.json: the folded syllables starting with a letter, most frequent first, so
  the browser knows which word files exist and can complete the word being typed;
- <build>/p/<n>.json: pairs of neighbouring syllables ("lua dao"), hashed into buckets, so
  pages where the words stand together rank first;
- trang/<hash>.json: one page's title, section, text and headings, for the result snippet.

A query fetches index.json, one letter list and one word file per word, one pair bucket per
pair, and the texts of the results on screen. Folding (đ → d, tones and vowel marks dropped) is
the same here and in docs/assets/search-engine.js, so "cong doan", "CÔNG ĐOÀN" and decomposed
Unicode (NFD) all meet "công đoàn"; each spelling keeps its own postings, so a query typed
with diacritics can rank exact matches first.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from portal.content import synonyms as synonym_list
from portal.content.sections import NEWS, NEWS_POSTS_DIR, find
from portal.problems import PortalError
from portal.site import search_text
from portal.text import fold, nfc

FOLDER = "tim-kiem"
FORMAT = 1
SECTION_SEPARATOR = " › "
# How much one occurrence counts, by where it is: a word of the title says more about the page
# than one in its body. Title and headings are also in the body text, so these add to 1.
WEIGHTS = {"title": 6, "heading": 3, "description": 2, "keyword": 2}
# Same rule as the browser's /[\p{L}\p{N}]+/u: letters and digits, nothing else.
_WORD = re.compile(r"[^\W_]+")
_PLAIN_KEY = re.compile(r"[a-z0-9]{1,40}")
# A word ending in oa, oe or uy with the tone on its last vowel (not "quý": there u is a
# consonant). Matched on NFD text: vowel, vowel, one tone mark, end.
_TONE_PLACEMENT = re.compile("(^|[^q])([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$")
PAIRS_PER_BUCKET = 64
# Pages whose questions (second-level headings ending in "?") are results of their own, each
# opening the page at its question: the Q&A.
QUESTION_PAGES = "hoi-dap/"


class SearchIndexError(PortalError):
    """The index could not be written; the message is Vietnamese and says what to do."""


def section_label(src_path: str) -> str:
    """The section a Markdown file belongs to, as results show it: "Chính sách › Bảo hiểm"."""
    folder = posixpath.dirname(src_path)
    if folder == f"{NEWS}/{NEWS_POSTS_DIR}":
        folder = NEWS
    if not folder:
        return "Trang chủ"
    titles = []
    parts = folder.split("/")
    for depth in range(1, len(parts) + 1):
        section = find("/".join(parts[:depth]))
        if section is None:
            break
        titles.append(section.title)
    return SECTION_SEPARATOR.join(titles)


def words(text: str) -> list[str]:
    """The words of a text, NFC and lower-case, as the browser splits them."""
    return _WORD.findall(nfc(text).lower())


def spelling(word: str) -> str:
    """A word's spelling with the tone on the first vowel of a final oa/oe/uy ("hoá" -> "hóa"),
    so old and new tone placement count as the same spelling (not just the same folded key)."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", _TONE_PLACEMENT.sub(r"\1\2\4\3", decomposed))


# The same few thousand words come back on every page: fold and spell each once.
_fold = lru_cache(maxsize=None)(fold)
_spelling = lru_cache(maxsize=None)(spelling)


def file_name(key: str) -> str:
    """Name of a folded word's file: the word itself when it is plain ASCII, else a hash."""
    return key if _PLAIN_KEY.fullmatch(key) else f"x{fnv1a(key):08x}"


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units, as JavaScript's charCodeAt() sees a string."""
    value = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value ^= data[i] | data[i + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


@dataclass
class _Page:
    url: str
    section: str
    text: search_text.PageText


def build(
    site_dir: Path,
    pages: Mapping[str, str],
    synonyms: synonym_list.Synonyms | None = None,
) -> int:
    """Index `pages` (built file under site_dir -> section label) into site_dir/tim-kiem.

    Every page is also filed under the other forms of the `synonyms` groups it contains.
    Returns the number of results indexed (each question of the Q&A is one).
    """
    site_dir = Path(site_dir)
    found: list[_Page] = []
    for file, section in sorted(pages.items()):
        path = site_dir / file
        if not path.is_file():
            continue
        text = search_text.read(path.read_text(encoding="utf-8"))
        if text is None:
            continue
        url = _url(file)
        if not file.startswith(QUESTION_PAGES) or file == f"{QUESTION_PAGES}index.html":
            found.append(_Page(url, section, text))
            continue
        rest, questions = search_text.split_questions(text)
        found.append(_Page(url, section, rest))
        label = _question_section(section, text.title)
        for question in questions:
            found.append(_Page(f"{url}#{question.headings[0].anchor}", label, question))
    target = site_dir / FOLDER
    shutil.rmtree(target, ignore_errors=True)
    try:
        _write(target, found, (synonyms or synonym_list.Synonyms()).matcher())
    except OSError as error:
        raise SearchIndexError(f"Không ghi được chỉ mục tìm kiếm vào {target}: {error}") from None
    return len(found)


def _question_section(section: str, title: str) -> str:
    """What a question's result shows above it: its page ("Hỏi – đáp về bảo hiểm")."""
    if not title or fold(title).startswith(fold(section)):
        return title or section
    return f"{section}{SECTION_SEPARATOR}{title}"


class _Words:
    """A text's words with the other forms of the synonyms found in it, and its neighbouring
    pairs (folded) read with those forms in place: "rút bhxh một lần" also gives "bảo hiểm xã
    hội" and "1", and the pairs "rut bao", "hoi 1", "1 lan"."""

    def __init__(self, matcher: synonym_list.Matcher) -> None:
        self.matcher = matcher
        self.plain_count = 0

    def read(self, text: str, strong_only: bool = False) -> tuple[list[str], list[str]]:
        """(the words with the added forms, the pairs). With `strong_only`, only forms no
        longer than what they stand for are added: "BHXH" in a title does not make "bảo hiểm
        xã hội" a title match (a page about it should come first), but "một" makes "1" one
        and "bảo hiểm xã hội" makes "bhxh" one."""
        plain = words(text)
        self.plain_count = len(plain)  # the text's own words, without the added forms
        found = self.matcher.find(plain)
        edges = [(i, i + 1, (word,)) for i, word in enumerate(plain)] + found
        added = [
            word
            for start, end, form in found
            if len(form) <= end - start or not strong_only
            for word in form
        ]
        starting: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for start, _, form in edges:
            starting[start].append(form)
        pairs = []
        for _, end, form in edges:
            keys = [_fold(word) for word in form]
            pairs += [f"{a} {b}" for a, b in pairwise(keys)]
            pairs += [f"{keys[-1]} {_fold(after[0])}" for after in starting.get(end, ())]
        return plain + added, pairs


def _url(file: str) -> str:
    """The page's URL relative to the site root: "chinh-sach/bao-hiem/index.html" -> "…/"."""
    folder, name = posixpath.split(file)
    if name == "index.html":
        return f"{folder}/" if folder else ""
    return file


def _write(target: Path, pages: list[_Page], matcher: synonym_list.Matcher) -> None:
    postings: dict[str, dict[str, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(dict))
    pairs: dict[str, Counter] = defaultdict(Counter)
    lengths, title_lengths = [], []
    reader = _Words(matcher)
    for number, page in enumerate(pages):
        length = 0
        weights: Counter = Counter()
        titled: set[str] = set()
        headed: set[str] = set()
        for block in page.text.blocks:
            block_words, block_pairs = reader.read(block)
            length += reader.plain_count
            weights.update(block_words)
            for pair in block_pairs:
                pairs[pair][number] += 1
        # Neighbouring words, also in the description: an editor's summary names the topic.
        for pair in reader.read(page.text.description)[1]:
            pairs[pair][number] += 1
        for word in reader.read(page.text.title, strong_only=True)[0]:
            weights[word] += WEIGHTS["title"]
            titled.add(word)
        for heading in page.text.headings:
            if heading.level > 1:
                for word in reader.read(heading.text, strong_only=True)[0]:
                    weights[word] += WEIGHTS["heading"]
                    headed.add(word)
        for word in reader.read(page.text.description, strong_only=True)[0]:
            weights[word] += WEIGHTS["description"]
        for word in reader.read(" ".join(page.text.keywords), strong_only=True)[0]:
            weights[word] += WEIGHTS["keyword"]
        merged: dict[str, list[int]] = {}  # spelling -> [weight, in a heading, in the title]
        for word, weight in weights.items():
            entry = merged.setdefault(_spelling(word), [0, 0, 0])
            entry[0] += weight
            entry[1] |= word in headed
            entry[2] |= word in titled
        for spelled, (weight, in_heading, in_title) in merged.items():
            # One number per page: the weight times 4, plus 2 if the word is in a heading and
            # 1 if it is in the title.
            postings[_fold(spelled)][spelled][number] = [weight * 4 + 2 * in_heading + in_title]
        lengths.append(length)
        title_lengths.append(len(words(page.text.title)))

    files: dict[str, bytes] = {}
    vocabulary: dict[str, list] = defaultdict(list)
    for key, spellings in postings.items():
        files[f"t/{file_name(key)}.json"] = _json(
            {spelling: _encode(found) for spelling, found in sorted(spellings.items())}
        )
        pages_with_key = {number for found in spellings.values() for number in found}
        vocabulary[_letter(key)].append([key, len(pages_with_key)])
    for letter, entries in vocabulary.items():
        entries.sort(key=lambda entry: (-entry[1], entry[0]))
        files[f"v/{letter}.json"] = _json(entries)
    buckets = _bucket_count(len(pairs))
    grouped: list[dict[str, str]] = [{} for _ in range(buckets)]
    for pair, counts in pairs.items():
        grouped[fnv1a(pair) % buckets][pair] = _encode({n: [c] for n, c in counts.items()})
    for number, group in enumerate(grouped):
        files[f"p/{number}.json"] = _json(dict(sorted(group.items())))

    build_id = hashlib.sha1(b"".join(k.encode() + v for k, v in sorted(files.items())))
    build = build_id.hexdigest()[:10]
    for name, data in files.items():
        _save(target / build / name, data)
    texts = []
    for page in pages:
        data = _json(
            {
                "u": page.url,
                "t": page.text.title,
                "s": page.section,
                "x": page.text.text,
                "h": [[h.offset, h.anchor, h.text, h.level] for h in page.text.headings],
            }
        )
        name = hashlib.sha1(data).hexdigest()[:8]
        _save(target / "trang" / f"{name}.json", data)
        texts.append(name)
    average = sum(lengths) / len(lengths) if lengths else 1
    index = {
        "v": FORMAT,
        "b": build,
        "n": len(pages),
        "avg": round(average, 1),
        "len": ",".join(_base36(n) for n in lengths),
        "tl": ",".join(_base36(n) for n in title_lengths),
        "f": "".join(texts),
        "pb": buckets,
        "letters": "".join(sorted(vocabulary)),
    }
    _save(target / "index.json", _json(index))


def _encode(found: Mapping[int, list[int]]) -> str:
    """Postings as text: "page.value" in base 36, pages as gaps from the previous one."""
    parts, previous = [], 0
    for number in sorted(found):
        parts.append(".".join([_base36(number - previous), *map(_base36, found[number])]))
        previous = number
    return ",".join(parts)


# Page numbers, gaps and weights are small numbers written millions of times at 1000 pages.
@lru_cache(maxsize=1 << 16)
def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if not value:
            return out


def _letter(key: str) -> str:
    return key[0] if _PLAIN_KEY.fullmatch(key[0]) else "_"


def _bucket_count(pairs: int) -> int:
    count = 16
    while count * PAIRS_PER_BUCKET < pairs:
        count *= 2
    return count


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _save(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True)
    path.write_bytes(data)
