"""Words the search treats as one: abbreviations, synonyms, digits and number words.

Editors keep the list in data/tu-dong-nghia.yml, one group per line of equivalent ways of
writing the same thing ("bhxh" and "bảo hiểm xã hội", "1" and "một", "tăng ca" and "làm
thêm"). The search index files every page under each way of a group it contains, so a reader who
types any of them finds the page (site/search_index.py). Read by the one YAML engine
(`datafile.py`), so each mistake has its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from portal.content import datafile, fields
from portal.content.datafile import Schema
from portal.content.fields import Wrong
from portal.problems import ContentError, Problem
from portal.text import nfc

SYNONYMS_FILE = "data/tu-dong-nghia.yml"
MAX_WORDS = 6  # a longer "way of writing" is a sentence, not a term
_WORD = re.compile(r"[^\W_]+")


def _form(value: object) -> str:
    text = fields.parse_line(value)
    found = _WORD.findall(nfc(text).lower())
    if " ".join(found) != nfc(text).lower().strip():
        raise Wrong(
            "tu-dong-nghia",
            f"chỉ được có chữ, chữ số và dấu cách (đang là '{text}'): bỏ dấu chấm, gạch, ngoặc",
        )
    if len(found) > MAX_WORDS:
        raise Wrong("tu-dong-nghia", f"dài quá {MAX_WORDS} từ (đang là '{text}'): viết ngắn lại")
    return " ".join(found)


Form = fields.field_type(_form, str)


class SynonymFile(Schema):
    """data/tu-dong-nghia.yml."""

    nhom: list[list[Form]] = Field(
        title="các nhóm từ cùng nghĩa", examples=["[bhxh, bảo hiểm xã hội]"]
    )


@dataclass(frozen=True)
class Synonyms:
    """The groups of the file: each a tuple of forms, each form a tuple of lower-case words."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()

    def matcher(self) -> Matcher:
        """What the search index uses to find the forms in a page's words."""
        return Matcher(self)


def key(word: str) -> str:
    """How a word of a form is compared with a page's words: as spelled (lower case), with
    đ and d alike, so "hdld" meets "HĐLĐ" but "hai" (two) never meets "hại" (harm)."""
    return word.replace("đ", "d").replace("ð", "d")


class Matcher:
    """Finds the forms of the groups in a list of words (lower-case, NFC)."""

    def __init__(self, synonyms: Synonyms) -> None:
        # first word's key -> [(the form's keys, the form, its group)], longest forms first
        self.starts: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], int]]] = {}
        for number, group in enumerate(synonyms.groups):
            for form in group:
                keys = tuple(key(word) for word in form)
                self.starts.setdefault(keys[0], []).append((keys, form, number))
        for entries in self.starts.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self.groups = synonyms.groups

    def find(self, words: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, other form) for every other form of each group found in `words`."""
        found = []
        if not self.starts:
            return found
        keyed = [key(word) for word in words]
        for start in range(len(words)):
            for keys, form, group in self.starts.get(keyed[start], ()):
                end = start + len(keys)
                if end <= len(words) and tuple(keyed[start:end]) == keys:
                    found += [(start, end, other) for other in self.groups[group] if other != form]
        return found


def read(root: Path) -> tuple[Synonyms, list[Problem]]:
    """The groups of data/tu-dong-nghia.yml and the mistakes in it (a missing file is no
    mistake: the search then knows no synonyms)."""
    path = root / SYNONYMS_FILE
    if not path.is_file() and not path.is_symlink():
        return Synonyms(), []
    result = datafile.read(path, SynonymFile, SYNONYMS_FILE)
    problems = list(result.problems)
    if result.value is None:
        return Synonyms(), problems
    groups = []
    seen: dict[str, int] = {}
    for number, group in enumerate(result.value.nhom):
        if len(group) < 2:
            problems.append(
                Problem(
                    SYNONYMS_FILE, result.line("nhom", number), "tu-dong-nghia",
                    "mỗi nhóm cần ít nhất hai cách viết cùng nghĩa, ví dụ: [bhxh, bảo hiểm xã hội]",
                )
            )  # fmt: skip
            continue
        forms = []
        for index, form in enumerate(group):
            line = result.line("nhom", number, index)
            if form in seen:
                problems.append(
                    Problem(
                        SYNONYMS_FILE, line, "tu-dong-nghia",
                        f"'{form}' đã có ở nhóm dòng {seen[form]}; mỗi cách viết chỉ ở một "
                        "nhóm (gộp hai nhóm lại nếu chúng cùng nghĩa)",
                        "warning",
                    )
                )  # fmt: skip
                continue
            seen[form] = line
            forms.append(tuple(form.split()))
        if len(forms) >= 2:
            groups.append(tuple(forms))
    return Synonyms(tuple(groups)), problems


def load(root: Path) -> Synonyms:
    """The groups; ContentError lists the mistakes when the file has errors."""
    synonyms, problems = read(root)
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return synonyms
