"""Written Vietnamese to the words an announcer says: numbers, money, dates, legal numbers.

Deterministic and rule-based, in the northern usage of the commune's station ("linh", "mùng",
"tư"). Why not a library: measured with num2words 0.5.14, 2026 is "hai nghìn lẻ hai mươi sáu"
and 8,5 "tám phẩy năm mươi"; vietnormalizer 0.2.3 lowercases the whole text, writes "ngày ngày"
for "ngày 01/7/2026", reads 1.005.000 as "một triệu năm nghìn", spells abbreviations letter by
letter and reads "NĐ 293/2025/NĐ-CP" as "nđ hai trăm chín mươi ba trên …"; espeak-ng itself
reads "1.000.000" as "một triệu không trăm không trăm". So the rules are here, guarded by the
corpus in tests/broadcast/spoken.yml.

`say(text, glossary)` is the whole pipeline for one sentence; the other functions are its steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from portal.text import nfc

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _three(n: int, full: bool) -> list[str]:
    """0–999 as words; `full` reads the hundreds even when zero ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = [DIGITS[hundreds], "trăm"] if full or hundreds else []
    if tens == 0:
        if units:
            words += ["linh", DIGITS[units]] if words else [DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def number(n: int) -> str:
    """An integer as words: 5310000 → "năm triệu ba trăm mười nghìn"."""
    if n < 0:
        return "âm " + number(-n)
    if n == 0:
        return "không"
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    if len(groups) > len(_GROUPS):
        return digits("".join(str(g) for g in reversed(groups)))
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        if groups[index]:
            words += _three(groups[index], full=index < top)
            if _GROUPS[index]:
                words.append(_GROUPS[index])
    return " ".join(words)


def digits(text: str) -> str:
    """Digit by digit: "0208" → "không hai không tám"."""
    return " ".join(DIGITS[int(d)] for d in text if d.isdigit())


def decimal(whole: str, fraction: str) -> str:
    """8,5 → "tám phẩy năm"; 0,05 → "không phẩy không năm"."""
    zeros = len(fraction) - len(fraction.lstrip("0"))
    rest = fraction.lstrip("0")
    after = " ".join(["không"] * zeros + ([number(int(rest))] if rest else []))
    return f"{number(int(whole.replace('.', '')))} phẩy {after}"


def day_words(day: int) -> str:
    """The day of a date: 1–10 take "mùng" ("mùng một"), the rest are numbers."""
    return f"mùng {number(day)}" if day <= 10 else number(day)


def month_words(month: int) -> str:
    return "tư" if month == 4 else number(month)


def date_words(day: int | None, month: int, year: int | None = None) -> str:
    """ "ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi sáu"."""
    said = f"tháng {month_words(month)}"
    if day is not None:
        said = f"ngày {day_words(day)} {said}"
    if year is not None:
        said += f" năm {number(year)}"
    return said


# -- legal document numbers: "Nghị định 293/2025/NĐ-CP" -------------------------------------

DOCUMENT_TYPES = {
    "NĐ": "Nghị định",
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "CĐ": "Công điện",
    "L": "Luật",
}
ISSUERS = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "TW": "Trung ương",
    "TU": "Tỉnh ủy",
    "TLĐ": "Tổng Liên đoàn Lao động Việt Nam",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BLĐTBXH": "Bộ Lao động – Thương binh và Xã hội",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BYT": "Bộ Y tế",
    "BHXH": "Bảo hiểm xã hội Việt Nam",
}
_TYPE_WORDS = (
    "Bộ luật", "Luật", "Nghị định", "Nghị quyết", "Quyết định", "Thông tư liên tịch",
    "Thông tư", "Chỉ thị", "Kết luận", "Kế hoạch", "Công văn", "Chương trình", "Hướng dẫn",
    "Thông báo", "Công điện", "Pháp lệnh", "Văn bản",
)  # fmt: skip
_CODE_PART = r"[A-ZĐ][A-Za-zĐđ]*\d*"
DOCUMENT = re.compile(
    r"(?:(?P<type>" + "|".join(_TYPE_WORDS + tuple(DOCUMENT_TYPES)) + r")\s+)?"
    r"(?:(?P<so>số)\s+)?"
    r"(?<![\d.,/])(?P<num>\d+)(?:/(?P<year>\d{4}))?[/-]"
    r"(?P<code>" + _CODE_PART + r"(?:[-/]" + _CODE_PART + r")*)(?![\w])"
)
_TERM = re.compile(r"(?P<body>[A-ZĐ][A-Za-zĐđ]*?)(?P<term>\d+)")
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê",
    "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ", "N": "en-nờ",
    "O": "o", "P": "pê", "Q": "quy", "R": "e-rờ", "S": "ét-xì", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích-xì", "Y": "i dài", "Z": "dét",
}  # fmt: skip


def spell(code: str) -> str:
    """Letter by letter, by the Vietnamese names of the letters: "KGVX" → "ca giê vê ích-xì"."""
    return " ".join(LETTERS.get(c.upper(), c) for c in code if c.isalnum())


def _issuer(part: str, glossary: Mapping[str, str]) -> str:
    if part in ISSUERS:
        return ISSUERS[part]
    term = _TERM.fullmatch(part)
    if term and term["body"] in ("QH", "UBTVQH"):
        body = "Quốc hội" if term["body"] == "QH" else "Ủy ban Thường vụ Quốc hội"
        return f"{body} khóa {number(int(term['term']))}"
    if part in glossary:
        return glossary[part]
    return f"ký hiệu {spell(part)}"


_ISSUER_FOLLOWS = re.compile(r"(?:,?\s+ngày\s+[\d/-]+)?,?\s+của\s+(\w)")


def document(match: re.Match, glossary: Mapping[str, str]) -> str:
    """One legal number as said: "Nghị định số hai trăm chín mươi ba năm … của Chính phủ".

    The kind comes from the words before the number or from the code (NĐ, CT…); it is not said
    twice ("Chương trình hành động 16-CTr/TU"), nor is the issuer when the sentence names it
    ("58-CT/TW ngày 10/01/2026 của Ban Bí thư").
    """
    parts = re.split(r"[-/]", match["code"])
    kind = match["type"]
    kind = DOCUMENT_TYPES.get(kind, kind) if kind else None
    if parts[0] in DOCUMENT_TYPES and len(parts) > 1:
        if not kind:
            kind = DOCUMENT_TYPES[parts[0]]
            before = match.string[max(0, match.start() - 40) : match.start()]
            if kind.lower() in before.lower():
                kind = ""  # named just before: "Chương trình hành động số …"
        parts = parts[1:]
    said = "số" if kind == "" else f"{kind or 'văn bản'} số"
    said += f" {number(int(match['num']))}"
    if match["year"]:
        said += f" năm {number(int(match['year']))}"
    follows = _ISSUER_FOLLOWS.match(match.string, match.end())
    if follows and follows[1].isupper():  # "… của Ban Bí thư", not "… của tỉnh"
        return said
    issuers = [_issuer(p, glossary) for p in parts]
    return said + " của " + ", ".join(issuers)


def _defined(text: str, glossary: Mapping[str, str]) -> str:
    """ "bảo hiểm xã hội (BHXH)": the abbreviation in brackets after its words is not said."""
    if "(" not in text:  # most sentences: no bracket, nothing any pattern can match
        return text
    for pattern in _defined_patterns(tuple(glossary.items())):
        text = pattern.sub(r"\1", text)
    return text


# Made once per glossary: a build says 30,000 sentences with the same one.
@lru_cache(maxsize=8)
def _defined_patterns(items: tuple[tuple[str, str], ...]) -> list[re.Pattern]:
    return [
        re.compile("(" + re.escape(words) + r")\s*\(" + re.escape(term) + r"\)", re.I)
        for term, words in items
    ]


# -- the passes of `say`, in order ---------------------------------------------------------

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_DATE_WORD = r"(?:(?P<ngay>[Nn]gày)\s+)?"
ISO_DATE = re.compile(_DATE_WORD + r"(?<![\d.,/])(\d{4})-(\d{2})-(\d{2})(?![\d])")
FULL_DATE = re.compile(_DATE_WORD + r"(?<![\d.,/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
MONTH_YEAR = re.compile(r"(?:(?P<thang>[Tt]háng)\s+)?(?<![\d.,/])(\d{1,2})/(\d{4})(?![\d/])")
DAY_MONTH = re.compile(_DATE_WORD + r"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?![\d/])")
TIME = re.compile(r"(?<![\d.,:])(\d{1,2})(?::|h)(\d{2})?(?![\d\w:])")
PHONE_CONTEXT = re.compile(
    r"(?P<lead>(?:[Gg]ọi|[Đđ]iện thoại|[Đđ]ường dây nóng|[Tt]ổng đài|[Hh]otline|ĐT)"
    r"(?:\s+số)?:?\s*)(?P<num>\d[\d .]{1,14}\d|\d)(?![\d,])"
)
PHONE = re.compile(
    r"(?<![\d.,])(0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4}|1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,4})?)(?![\d,])"
)
RANGE = re.compile(r"(?<![\w.,])(" + _NUM + r")\s*[–—-]\s*(" + _NUM + r")(?![\d])")
ORDINAL = re.compile(r"\b([Tt]hứ)\s+([14])(?!\d)")
ROMAN_AFTER = re.compile(
    r"\b([Vv]ùng|[Cc]hương|[Mm]ục|[Pp]hần|[Kk]hóa|[Qq]uý|[Kk]hu vực)\s+"
    r"(X{0,3}(?:IX|IV|V?I{0,3}))(?![\w])"
)
MONEY = re.compile(r"(?<![\w.,])(" + _NUM + r")\s*(?:đ|₫|VNĐ|VND)(?![\w])")
PERCENT = re.compile(r"(?<![\w.,])(" + _NUM + r")\s*%")
NUMBER = re.compile(r"(?<![\d])(" + _NUM + r")")
PER_UNIT = re.compile(r"(?<=\w)\s*/\s*(tháng|năm|ngày|giờ|tuần|người|lần|ca|kỳ|quý|m2|km)(?![\w])")
SLASH = re.compile(r"(?<=\w)\s*/\s*(?=\w)")
SYMBOLS = {"&": " và ", "+": " cộng ", "=": " bằng ", "≥": " từ ", "≤": " không quá ",
           "×": " nhân ", "%": " phần trăm", "₫": " đồng", "§": " điều ", "#": " số "}  # fmt: skip
ROMAN = {"I": 1, "V": 5, "X": 10}


def roman(text: str) -> int:
    total = 0
    for index, char in enumerate(text):
        value = ROMAN[char]
        nxt = ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < nxt else value
    return total


def amount(text: str) -> str:
    """A written number (1.234.500 or 8,5 or 12) as words."""
    if "," in text:
        whole, fraction = text.split(",", 1)
        return decimal(whole, fraction)
    return number(int(text.replace(".", "")))


def _dated(match: re.Match, day: int | None, month: int, year: int | None) -> str:
    if not (1 <= month <= 12 and (day is None or 1 <= day <= 31)):
        return match.group()
    said = date_words(day, month, year)
    lead = match.groupdict().get("ngay")
    return lead + said.removeprefix("ngày") if lead else said


def _day_month(match: re.Match) -> str:
    day, month = int(match[2]), int(match[3])
    if not match["ngay"] and day < month <= 10:
        return f"{number(day)} phần {number(month)}"  # a fraction: 2/3 of the members
    return _dated(match, day, month, None)


def _month_year(match: re.Match) -> str:
    month, year = int(match[2]), int(match[3])
    if not 1 <= month <= 12:
        return match.group()
    return f"{match['thang'] or 'tháng'} {month_words(month)} năm {number(year)}"


def _time(match: re.Match) -> str:
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 24 or minute > 59 or (match[2] is None and ":" in match.group()):
        return match.group()
    return f"{number(hour)} giờ" + (f" {number(minute)} phút" if minute else "")


def _phone(text: str) -> str:
    groups = re.split(r"[ .]+", text.strip())
    return ", ".join(digits(g) for g in groups if g)


def _abbreviations(glossary: Mapping[str, str]) -> re.Pattern | None:
    return _abbreviation_pattern(tuple(glossary)) if glossary else None


@lru_cache(maxsize=8)
def _abbreviation_pattern(terms: tuple[str, ...]) -> re.Pattern:
    terms = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w])")


def _replace(pattern: re.Pattern, text: str, how: Callable[[re.Match], str]) -> str:
    return pattern.sub(how, text)


_DIGIT = re.compile(r"\d")


def say(text: str, glossary: Mapping[str, str] | None = None) -> str:
    """A sentence as an announcer says it: no digit, no %, no abbreviation of the glossary."""
    glossary = glossary or {}
    text = nfc(text).replace("\u00a0", " ").replace("\u202f", " ")
    capital = text[:1].isupper()
    text = _replace(DOCUMENT, text, lambda m: document(m, glossary))
    # An abbreviation may carry digits ("COVID-19"), and a date never holds one.
    text = _defined(text, glossary)
    abbreviations = _abbreviations(glossary)
    if abbreviations:
        text = abbreviations.sub(lambda m: glossary[m[1]], text)
    # Every pass but the Roman numerals needs a digit, and none brings one: a sentence
    # without a digit (most of them) skips them.
    numeric = _DIGIT.search(text) is not None
    if numeric:
        text = _replace(ISO_DATE, text, lambda m: _dated(m, int(m[4]), int(m[3]), int(m[2])))
        text = _replace(FULL_DATE, text, lambda m: _dated(m, int(m[2]), int(m[3]), int(m[4])))
        text = _replace(MONTH_YEAR, text, _month_year)
        text = _replace(DAY_MONTH, text, _day_month)
        text = _replace(PHONE_CONTEXT, text, lambda m: m["lead"] + _phone(m["num"]))
        text = _replace(PHONE, text, lambda m: _phone(m[1]))
        text = _replace(TIME, text, _time)
        text = _replace(RANGE, text, lambda m: f"{m[1]} đến {m[2]}")
        text = _replace(ORDINAL, text, lambda m: f"{m[1]} {'nhất' if m[2] == '1' else 'tư'}")
    text = _replace(
        ROMAN_AFTER, text, lambda m: f"{m[1]} {number(roman(m[2]))}" if m[2] else m.group()
    )
    if numeric:
        text = _replace(MONEY, text, lambda m: f"{amount(m[1])} đồng")
        text = _replace(PERCENT, text, lambda m: f"{amount(m[1])} phần trăm")
        text = _replace(NUMBER, text, lambda m: amount(m[1]) if len(m[1]) <= 18 else digits(m[1]))
    text = _replace(PER_UNIT, text, lambda m: f" một {m[1]}")
    text = _replace(SLASH, text, lambda m: " hoặc ")
    for symbol, words in SYMBOLS.items():
        text = text.replace(symbol, words)
    text = re.sub(r"\s+([,.;:!?)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    # "BHXH một lần …" starts the sentence as "Bảo hiểm xã hội một lần …".
    return text[:1].upper() + text[1:] if capital else text


UNKNOWN_ABBREVIATION = re.compile(r"(?<![\w-])([A-ZĐ]{2,}[A-Z0-9Đ-]*)(?![\w])")
_VOWELS_WITH_MARKS = re.compile(
    r"[ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]"
)


def unknown_abbreviations(said: str) -> list[str]:
    """Capital-letter words left in a spoken text: abbreviations the glossary lacks.

    Words in capitals with Vietnamese tone marks ("KHÔNG") are emphasis, not abbreviations.
    """
    found = []
    for match in UNKNOWN_ABBREVIATION.finditer(said):
        word = match[1]
        if not _VOWELS_WITH_MARKS.search(word) and word not in found:
            found.append(word)
    return found
