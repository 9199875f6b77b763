"""Vietnamese text handling: normalisation, diacritic folding and ASCII slugs.

Everything that compares, indexes or turns Vietnamese text into URLs goes through here, so
the rules (NFC first, đ/Đ mapped by hand because they have no Unicode decomposition) live in
one place.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Đ/đ have no canonical decomposition, so NFD + dropping marks would lose them entirely
# ("Đồng Nai" -> "ong nai"). Ð (U+00D0, Icelandic eth) arrives from legacy encodings
# and looks identical to Đ, so it folds the same way.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return text in Unicode NFC, the one form stored, compared and drawn."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Return text without diacritics, case-folded: "Bảo hiểm ĐOÀN" -> "bao hiem doan"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare).casefold()


def slugify(text: str, separator: str = "-") -> str:
    """Return an ASCII slug: "Lương tối thiểu – Đồng Nai" -> "luong-toi-thieu-dong-nai"."""
    return _NOT_SLUG.sub(separator, fold(text)).strip(separator)


def toc_slugify(value: str, separator: str) -> str:
    """Slug for heading anchors, with the signature Python-Markdown's toc extension expects.

    The toc extension hands over the heading's text with HTML tags already stripped but
    entities still escaped, so "Q&A" arrives as "Q&amp;A"; unescape before folding.
    """
    return slugify(html.unescape(value), separator)


# Vietnamese alphabetical order: d < đ, a < ă < â, e < ê, o < ô < ơ, u < ư; then tones
# in the dictionary order none, huyền, hỏi, ngã, sắc, nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_MODIFIED_VOWELS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Key that sorts Vietnamese as a dictionary does (plain sorted() puts Ân after Dân)."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(text).casefold():
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in marks:
            base = _MODIFIED_VOWELS.get((base, mark), base)
        letters.append(_ALPHABET.index(base) if base in _ALPHABET else 100 + ord(base))
        tones.append(max((_TONES.get(m, 0) for m in marks), default=0))
    return tuple(letters), tuple(tones)


# A fenced code block opens with three or more ` or ~ and closes with at least as many of the
# same sign (CommonMark); what is inside is code, not text to check, embed or fill in.
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def outside_fences(lines: list[str], start: int = 1):
    """(line number, line) for each line outside fenced code blocks."""
    fence = None
    for number, line in enumerate(lines, start=start):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, line
