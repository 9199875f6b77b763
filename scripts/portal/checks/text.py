"""Checks on the characters of an article: Unicode form, tone placement, stray Word characters.

Text pasted from Word, Zalo or an old keyboard brings decomposed letters (NFD), invisible
characters and curly quotes; they break search, slugs and drawn images without being visible.
`fix` repairs what can be repaired without changing what the editor wrote.
"""

from __future__ import annotations

import re
import unicodedata

from portal.problems import Problem

# Tone mark on the first vowel of "oa, oe, uy" at the end of a syllable ("hòa", "khỏe",
# "thủy") is the old placement; on the second ("hoà", "khoẻ", "thuỷ") the new one. Both are
# correct, but one article should use one. "qu" is a consonant, so "quý" is neither.
_OLD_TONES = re.compile(r"(?:[òóỏõọ][ae]|[ùúủũụ]y)(?!\w)", re.IGNORECASE)
_NEW_TONES = re.compile(r"(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\w)", re.IGNORECASE)

_INVISIBLE = {
    "\u200b": "khoảng trắng vô hình (zero-width space)",
    "\u200c": "ký tự nối vô hình (zero-width non-joiner)",
    "\u200d": "ký tự nối vô hình (zero-width joiner)",
    "\ufeff": "ký tự BOM vô hình",
    "\u00ad": "dấu gạch nối mềm (soft hyphen)",
}
_SMART_QUOTES = "“”‘’"
# A non-breaking space belongs only before a currency sign or a percent, as Babel writes them.
_ODD_NBSP = re.compile("\u00a0(?![₫%])")


def check(path: str, text: str, front_matter_end: int) -> list[Problem]:
    """Problems with the characters of `text`; lines up to `front_matter_end` are front matter."""
    problems: list[Problem] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not unicodedata.is_normalized("NFC", line):
            problems.append(
                Problem(
                    path, number, "unicode-nfd",
                    "chữ tiếng Việt ở dòng này được gõ dạng tổ hợp (NFD): dấu tách rời khỏi chữ, "
                    "làm hỏng tìm kiếm và ảnh. Chạy 'portal check --fix' để sửa tự động.",
                )
            )  # fmt: skip
            break  # one message is enough: --fix repairs the whole file
    for number, line in enumerate(lines, start=1):
        for char, name in _INVISIBLE.items():
            if char in line:
                problems.append(
                    Problem(
                        path, number, "ky-tu-an",
                        f"có {name} (thường do dán từ Word hoặc web); chạy 'portal check --fix' "
                        "để xóa.", "warning",
                    )
                )  # fmt: skip
        if _ODD_NBSP.search(line):
            problems.append(
                Problem(
                    path, number, "khoang-trang-cung",
                    "có dấu cách không ngắt dòng (non-breaking space, thường do dán từ Word); "
                    "chạy 'portal check --fix' để đổi thành dấu cách thường.", "warning",
                )
            )  # fmt: skip
        if number <= front_matter_end and any(q in line for q in _SMART_QUOTES):
            problems.append(
                Problem(
                    path, number, "ngoac-kep-cong",
                    "thông tin đầu bài có dấu ngoặc kép cong “ ” (do Word tự đổi); dùng dấu "
                    'ngoặc kép thẳng " để giá trị được đọc đúng.', "warning",
                )
            )  # fmt: skip
    problems += _tone_placement(path, [unicodedata.normalize("NFC", line) for line in lines])
    return problems


def _words(pattern: re.Pattern, lines: list[str]) -> list[tuple[int, str]]:
    """(line, whole word) of each match of a tone pattern, leaving out "qu" words like "quý"."""
    found = []
    for number, line in enumerate(lines, start=1):
        for match in pattern.finditer(line):
            start = match.start()
            if start and line[start - 1] in "qQ":
                continue
            while start and line[start - 1].isalpha():
                start -= 1
            found.append((number, line[start : match.end()]))
    return found


def _tone_placement(path: str, lines: list[str]) -> list[Problem]:
    old, new = _words(_OLD_TONES, lines), _words(_NEW_TONES, lines)
    if not old or not new:
        return []
    # Point at the first use of the less common style: that is the one to change.
    minority, style = (new, "mới (hoà, khoẻ, thuỷ)") if len(new) <= len(old) else (
        old, "cũ (hòa, khỏe, thủy)"
    )  # fmt: skip
    line, word = minority[0]
    return [
        Problem(
            path, line, "dau-thanh-lan",
            f"bài dùng lẫn hai cách đặt dấu thanh; '{word}' theo kiểu {style}. "
            "Chọn một kiểu cho cả bài (ví dụ luôn viết 'hòa' hoặc luôn viết 'hoà').", "warning",
        )
    ]  # fmt: skip


def fix(text: str) -> tuple[str, list[str]]:
    """Repair what is safe to repair; return the new text and what was done, in Vietnamese."""
    done = []
    fixed = unicodedata.normalize("NFC", text)
    if fixed != text:
        done.append("chuẩn hóa chữ tiếng Việt về dạng dựng sẵn (NFC)")
    if "\r" in fixed:
        fixed = fixed.replace("\r\n", "\n").replace("\r", "\n")
        done.append("đổi kiểu xuống dòng Windows (CRLF) thành LF")
    without_invisible = fixed.translate({ord(c): None for c in _INVISIBLE})
    if without_invisible != fixed:
        fixed = without_invisible
        done.append("xóa ký tự vô hình")
    spaced = _ODD_NBSP.sub(" ", fixed)
    if spaced != fixed:
        fixed = spaced
        done.append("đổi dấu cách không ngắt dòng thành dấu cách thường")
    # Only lines that hold nothing but spaces: two spaces at the end of a line of text are
    # Markdown's line break, and removing them would change the article.
    stripped = "\n".join("" if not line.strip() else line for line in fixed.split("\n"))
    if stripped != fixed:
        fixed = stripped
        done.append("xóa dấu cách trên các dòng trống")
    if fixed and not fixed.endswith("\n"):
        fixed += "\n"
        done.append("thêm dòng trống cuối tệp")
    return fixed, done
