"""What readers see of the register of legal figures: its page, "Sắp thay đổi", its JSON.

The page "Số liệu và căn cứ pháp lý" (/so-lieu/) lists every figure with its value on the build
day, its history, its legal basis (linked where an address is known) and its status; each
figure's anchor is its key, which is where every `[[so-lieu:KEY]]` links to. The home page's
"Sắp thay đổi" block lists the changes due within the announce window. /so-lieu.json carries
the same for other tools and communes.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from decimal import Decimal

from portal import dates
from portal.content import facts
from portal.content.facts import Basis, Fact, Period, Register


def _basis(basis: Basis) -> str:
    """ "[Nghị định 161/2026/NĐ-CP](url): tên, Điều 3, ngày 15/05/2026"."""
    number = f"[{basis.number}]({basis.url})" if basis.url else basis.number
    parts = [f"{number}: {basis.name}"]
    if basis.article:
        parts.append(basis.article)
    if basis.issued:
        parts.append(f"ngày {dates.short(basis.issued)}")
    return ", ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _value(fact: Fact, period: Period | None) -> str:
    return fact.shown(period.value, space=facts.NBSP) if period else "chưa có mức áp dụng"


def _formula(fact: Fact, register: Register) -> str:
    """ "20 × [Lương cơ sở](#luong-co-so)": the formula with each input linked to its row."""

    def link(match: re.Match) -> str:
        key = match.group()
        return f"[{register.facts[key].label}](#{key})" if key in register.facts else key

    shown = facts.FORMULA_KEY.sub(link, (fact.formula or "").replace("*", "×"))
    return shown


def render_fact(fact: Fact, register: Register, day: dt.date) -> str:
    """One figure of the page: heading with its key as anchor, value today, history, basis."""
    now = fact.at(day)
    out = [f"## {fact.label} {{#{fact.key}}}", ""]
    since = f" (từ {dates.short(now.start)})" if now else ""
    out += [f"**{_value(fact, now)}**{since}", ""]
    upcoming = fact.announced(day)
    if upcoming:
        out += [f"Sắp thay đổi: từ {dates.short(upcoming.start)} là "
                f"**{_value(fact, upcoming)}**.", ""]  # fmt: skip
    if fact.confirmed:
        out += [f"Trạng thái: đã xác nhận. Kiểm tra lần cuối ngày {dates.short(fact.checked)}.", ""]
    else:
        out += [
            f"**Chưa xác nhận:** {fact.reason}",
            f"{{#{fact.key}-ly-do}}",
            "",
            f"Kiểm tra lần cuối ngày {dates.short(fact.checked)}.",
            "",
        ]
    if fact.formula:
        out += [f"Cách tính: {_formula(fact, register)}.", ""]
    if fact.note:
        out += [fact.note, ""]
    out += ["| Thời gian áp dụng | Mức | Căn cứ pháp lý |", "|---|---|---|"]
    for period in fact.periods:
        bases = "<br>".join(_cell(_basis(b)) for b in period.bases)
        current = " (đang áp dụng)" if period is now else ""
        out.append(f"| {period.span}{current} | {_cell(_value(fact, period))} | {bases} |")
    out.append(f"\nTên để dùng trong bài: `[[so-lieu:{fact.key}]]`\n")
    return "\n".join(out)


def render_page(register: Register, day: dt.date) -> str:
    """The body of /so-lieu/: every figure of the register, in the file's order."""
    if not register.facts:
        return f"Chưa có số liệu nào trong `{facts.FILE}`.\n"
    intro = (
        f"Các con số dưới đây là mức áp dụng ngày {dates.short(day)}. Mỗi con số ghi rõ văn "
        "bản làm căn cứ, thời gian áp dụng và các mức trước đó. Điều gì chưa được đối chiếu "
        "với văn bản gốc đều ghi **Chưa xác nhận**, kèm lý do và nơi có thể kiểm tra."
    )
    changes = render_upcoming(register, day, facts.PAGE)
    body = "\n".join(render_fact(f, register, day) for f in register.facts.values())
    return f"{intro}\n\n{changes}\n{body}"


def render_upcoming(register: Register, day: dt.date, page_src: str) -> str:
    """The "Sắp thay đổi" box: changes due within the announce window ("" when none)."""
    due = register.upcoming(day)
    if not due:
        return ""
    rows = []
    for fact, period in due:
        target = facts.link_to(fact.key, page_src)
        if posixpath.normpath(page_src) == facts.PAGE:
            target = f"#{fact.key}"
        now = fact.at(day)
        before = f" (nay là {_value(fact, now)})" if now else ""
        basis = ", ".join(b.number for b in period.bases)
        rows.append(
            f"    - Từ {dates.short(period.start)}: [{fact.label}]({target}) là "
            f"**{_value(fact, period)}**{before}. Căn cứ: {basis}."
        )
    return '!!! info "Sắp thay đổi"\n\n' + "\n".join(rows) + "\n"


def fill(markdown: str, register: Register, day: dt.date, page_src: str) -> str:
    """Markdown with the register's marker lines replaced."""
    if facts.PAGE_MARKER in markdown:
        markdown = markdown.replace(facts.PAGE_MARKER, render_page(register, day))
    if facts.UPCOMING_MARKER in markdown:
        markdown = markdown.replace(facts.UPCOMING_MARKER, render_upcoming(register, day, page_src))
    return markdown


def _plain(value: Decimal | str) -> int | float | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def as_json(register: Register, day: dt.date, site_url: str = "") -> str:
    """The register as JSON: each figure's value on `day`, every period, bases and status."""
    items = []
    for fact in register.facts.values():
        now = fact.at(day)
        items.append(
            {
                "khoa": fact.key,
                "ten": fact.label,
                "don_vi": fact.unit,
                "gia_tri": _plain(now.value) if now else None,
                "hien_thi": fact.shown(now.value) if now else None,
                "trang_thai": fact.status,
                "ly_do": fact.reason,
                "kiem_tra": fact.checked.isoformat(),
                "cong_thuc": fact.formula,
                "ghi_chu": fact.note,
                "muc": [
                    {
                        "tu": p.start.isoformat(),
                        "den": p.end.isoformat() if p.end else None,
                        "gia_tri": _plain(p.value),
                        "can_cu": [b.as_dict() for b in p.bases],
                    }
                    for p in fact.periods
                ],
                "trang": f"{site_url.rstrip('/')}/so-lieu/#{fact.key}" if site_url else None,
            }
        )
    data = {"ngay": day.isoformat(), "nguon": facts.FILE, "so_lieu": items}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def fact_sources(register: Register, keys: list[str], day: dt.date) -> list[dict]:
    """The bases in force on `day` of the facts `keys`, as front-matter `sources` entries."""
    found: list[dict] = []
    for key in keys:
        fact = register.get(key)
        period = fact.at(day) if fact else None
        for basis in period.bases if period else ():
            found.append(
                {
                    "number": basis.number,
                    "name": basis.name,
                    "date": basis.issued,
                    "url": basis.url,
                    "article": basis.article,
                }
            )
    return found
