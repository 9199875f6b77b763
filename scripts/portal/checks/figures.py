"""`portal check` on legal figures: references, figures typed by hand, and the register itself.

- A reference to a key the register lacks is an error (`so-lieu-khong-co`), in articles and in
  the data files alike.
- A figure typed in an article that equals a value of the register is a warning
  (`so-lieu-go-tay`) naming the key to use instead; one that equals a value that has expired is
  an error (`so-lieu-het-han`): it is what made the content go stale. News posts are a record
  of their day and keep their figures.
- Figures last checked against their source too long ago are listed (`so-lieu-can-kiem-tra`).

Typed figures are matched the Vietnamese way (2.530.000, 2530000, 10,5 %, 5.310.000đ). Years,
dates, document and article numbers are never figures: a number needs thousands separators or
five digits, a % sign, or the fact's own unit after it ("180 ngày") to count, and a small number
or a percentage must share a word with the fact's name in its line ("8 %" is BHXH's share only
on a line about bảo hiểm xã hội).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from portal import dates, settings
from portal.checks import markdown as markdown_checks
from portal.content import facts
from portal.content.facts import Fact, Register
from portal.problems import Problem
from portal.text import fold

_LOOSE = re.compile(r"\[\[\s*so[\s_-]*li[eệ]u", re.IGNORECASE)
# Linear on any line: a target or tag stops at the next opening sign, so "[a]([a]([a](…" or
# "<<<…" cannot make every attempt scan to the end of the line.
_LINK_TARGET = re.compile(r"\]\([^()]*\)")
_TAG = re.compile(r"<[^<>]*>")
_URL = re.compile(r"https?://\S+")
_LITERAL = re.compile(
    r"(?<![\w.,/-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(\s?%)?"
    r"(?![0-9]|[.,/-][0-9]|(?![đĐ])[^\W\d_])"
)
# Words before a number that make it a document, article or year, not a figure.
_NOT_A_FIGURE = re.compile(
    r"(?:điều|khoản|điểm|chương|mục|số|năm|nghị định|luật|quyết định|thông tư|bước|câu)\s*$",
    re.IGNORECASE,
)
# Words too common in the names of facts to tell one topic from another.
_COMMON = set(
    fold(
        "tỷ lệ đóng của người lao động sử dụng mức tối đa thiểu số ngày trong năm và với khi "
        "được hưởng thời gian làm tiền lương căn cứ bắt buộc theo"
    ).split()
)
_SHORT_NAMES = {
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "bhtn": "bao hiem that nghiep",
    "tnld": "tai nan lao dong",
    "bnn": "benh nghe nghiep",
}


def _words(text: str) -> set[str]:
    folded = " ".join(re.findall(r"\w+", fold(text)))
    words = set(folded.split())
    for short, long in _SHORT_NAMES.items():
        if short in words or long in folded:
            words.add(short)
    return words


def _topic(fact: Fact) -> set[str]:
    return _words(fact.label) - _COMMON


def check_references(where: str, text: str, register: Register) -> list[Problem]:
    """Unknown keys and malformed references in any text file (an article, a data file)."""
    problems = []
    for number, _line, bare in facts.scan(text):
        if len(bare) > markdown_checks.MAX_LINE:
            continue  # refused as a whole (dong-qua-dai)
        written = list(facts.REFERENCE.finditer(bare))
        for match in written:
            form = match.group(2) if match.group(2) is not None else None
            reference = facts.Reference(number, match.group(1), form, 0, 0, match.group())
            if why := reference.problem(register):
                known = register.get(reference.key) is not None
                problems.append(
                    Problem(where, number, "so-lieu-sai" if known else "so-lieu-khong-co", why)
                )
        rest = facts.REFERENCE.sub(lambda m: " " * len(m.group()), bare)
        if _LOOSE.search(rest):
            problems.append(
                Problem(
                    where, number, "so-lieu-sai",
                    f"tham chiếu số liệu viết sai dạng; viết {facts.SYNTAX} (hai dấu ngoặc vuông, "
                    "'so-lieu', dấu hai chấm, tên số liệu), ví dụ [[so-lieu:luong-co-so]].",
                )
            )  # fmt: skip
    return problems


def _values(register: Register, day: dt.date):
    """value -> [(fact, period)] of every numeric period, for matching typed figures."""
    found: dict[tuple[Decimal, bool], list] = {}
    for fact in register.facts.values():
        percent = (fact.unit or "").strip() == "%"
        for period in fact.periods:
            if isinstance(period.value, Decimal):
                found.setdefault((period.value, percent), []).append((fact, period))
    return found


def check_literals(where: str, text: str, register: Register, day: dt.date) -> list[Problem]:
    """Figures typed in an article that the register holds, in force or expired."""
    if not register.facts:
        return []
    values = _values(register, day)
    problems = []
    for number, _line, bare in facts.scan(text):
        if len(bare) > markdown_checks.MAX_LINE:
            continue  # refused as a whole (dong-qua-dai); nothing to read as a figure
        line = facts.REFERENCE.sub(lambda m: " " * len(m.group()), bare)
        for pattern in (_LINK_TARGET, _TAG, _URL):
            line = pattern.sub(lambda m: " " * len(m.group()), line)
        words = None
        for match in _LITERAL.finditer(line):
            whole, decimals, percent = match.groups()
            grouped = "." in whole
            # The word just before is enough, and keeps a line of many numbers linear.
            if _NOT_A_FIGURE.search(line[max(0, match.start() - 40) : match.start()]):
                continue
            value = Decimal(whole.replace(".", "") + (f".{decimals}" if decimals else ""))
            candidates = values.get((value, bool(percent)), [])
            if not candidates:
                continue
            big = not percent and (grouped or len(whole) >= 5)
            after = line[match.end() :].lstrip().casefold()
            kept = []
            for fact, period in candidates:
                if not big and not percent:
                    unit = (fact.unit or "").split("/")[0].split(" ")[0].casefold()
                    if not unit or not after.startswith(unit):
                        continue
                if not big:
                    words = _words(line) if words is None else words
                    if not _topic(fact) & words:
                        continue
                kept.append((fact, period))
            if kept:
                problems.append(_literal_problem(where, number, match.group().strip(), kept, day))
    return problems


def _literal_problem(where: str, line: int, literal: str, found: list, day: dt.date) -> Problem:
    live = [(f, p) for f, p in found if p.end is None or p.end >= day]
    if live:
        keys = list(dict.fromkeys(f.key for f, _ in live))
        use = " hoặc ".join(f"[[so-lieu:{key}]]" for key in keys)
        fact, period = live[0]
        when = "đang áp dụng" if period.covers(day) else period.span
        message = (
            f"dùng {use} thay cho '{literal}' gõ tay ({fact.label}: "
            f"{fact.shown(period.value)}, {when}), để trang tự đổi khi mức này thay đổi."
        )
        return Problem(where, line, "so-lieu-go-tay", message, "warning")
    fact, period = found[0]
    now = fact.at(day)
    today = f"nay là {fact.shown(now.value)}" if now else "nay không còn áp dụng"
    message = (
        f"'{literal}' là mức cũ của {fact.label} (áp dụng {period.span}); {today}. Dùng "
        f"[[so-lieu:{fact.key}]] để trang luôn hiện mức đang áp dụng."
    )
    return Problem(where, line, "so-lieu-het-han", message)


def check_article(
    where: str, text: str, register: Register, day: dt.date, *, is_news: bool = False
) -> list[Problem]:
    """Every figure problem of one article."""
    problems = check_references(where, text, register)
    if not is_news:
        problems += check_literals(where, text, register, day)
    return problems


def check_register(register: Register, day: dt.date, max_age: int | None = None) -> list[Problem]:
    """The register's own mistakes, and the figures due to be checked against their source."""
    max_age = settings.FACTS_RECHECK_DAYS if max_age is None else max_age
    problems = list(register.problems)
    for fact in register.stale(day, max_age):
        age = (day - fact.checked).days
        problems.append(
            Problem(
                facts.FILE, fact.line, "so-lieu-can-kiem-tra",
                f"{fact.label} ({fact.key}): kiểm tra lần cuối ngày {dates.short(fact.checked)}, "
                f"đã {age} ngày (quá {max_age} ngày). Đối chiếu lại với văn bản gốc rồi sửa "
                f"'kiem_tra: {day.isoformat()}'.",
                "warning",
            )
        )  # fmt: skip
    return problems


DATA_FOLDERS = (settings.DATA, settings.INFOGRAPHICS)


def check_data_files(root: Path, register: Register) -> list[Problem]:
    """Unknown keys in the references of the YAML data files (infographics, plan, local data)."""
    problems = []
    for folder in DATA_FOLDERS:
        for path in sorted((root / folder).glob("*.y*ml")):
            where = f"{folder}/{path.name}"
            if where == facts.FILE:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the file's own reader reports it
            if "[[" in text:
                problems += check_references(where, text, register)
    return problems
