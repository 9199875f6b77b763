"""Local facts the commune must confirm: read and check data/dia-phuong.yml, render Markdown.

The commune's wage region, the phone numbers, addresses and office hours of its units and its
official web address live in this one file. An empty value is shown to readers as "đang chờ xã
xác nhận" and listed by `portal check`, so nothing unconfirmed is ever stated as fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from portal import settings
from portal.content import datafile, facts, fields
from portal.content.datafile import Schema
from portal.content.fields import Wrong
from portal.problems import ContentError, Problem

FACTS_FILE = f"{settings.DATA}/dia-phuong.yml"
CONTACTS_MARKER = "<!-- portal:lien-he -->"
REGION_MARKER = "<!-- portal:vung-luong -->"
PENDING = "đang chờ xã xác nhận"

REGIONS = ("I", "II", "III", "IV")
# The regional minimum wages are facts of the register (data/so-lieu.yml), written here as
# references that the page fills with the value in force on the build day.
REGION_NUMBER = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _wages(region: str) -> tuple[str, str]:
    """References to a region's monthly and hourly minimum wage."""
    n = REGION_NUMBER[region]
    return f"[[so-lieu:luong-toi-thieu-vung-{n}]]", f"[[so-lieu:luong-toi-thieu-gio-vung-{n}]]"


# Contact fields in the order shown, with what readers and editors call them.
CONTACT_FIELDS = (
    ("dien_thoai", "Điện thoại"),
    ("dia_chi", "Địa chỉ"),
    ("gio_lam_viec", "Giờ làm việc"),
)


@dataclass(frozen=True)
class Unit:
    """A commune unit readers may contact; None marks what is still to be confirmed."""

    name: str
    phone: str | None
    address: str | None
    hours: str | None
    line: int

    def value(self, field: str) -> str | None:
        """The unit's value for a contact field name of the data file."""
        return {"dien_thoai": self.phone, "dia_chi": self.address, "gio_lam_viec": self.hours}[
            field
        ]


@dataclass(frozen=True)
class Facts:
    """Everything in data/dia-phuong.yml."""

    region: str | None
    region_basis: str | None
    expected_region: str | None
    region_note: str | None
    website: str | None
    units: tuple[Unit, ...]
    lines: dict  # line of each value by its path, for the list of unfilled items


@dataclass(frozen=True)
class Unfilled:
    """A local fact still waiting for the commune's confirmation."""

    line: int
    what: str

    def problem(self) -> Problem:
        """The item as a warning of `portal check`."""
        return Problem(
            FACTS_FILE, self.line, "cho-xa-xac-nhan", f"{self.what}: {PENDING}", "warning"
        )

    def __str__(self) -> str:
        return str(self.problem())


def _region(value: object) -> str | None:
    if value is None:
        return None
    region = str(value).strip().upper().removeprefix("VÙNG ").strip()
    if region not in REGIONS:
        raise Wrong(
            "gia-tri-sai",
            f"phải là một trong {', '.join(REGIONS)} hoặc để trống (đang là '{value}')",
        )
    return region


OptionalRegion = fields.field_type(_region, str | None)


class RegionEntry(Schema):
    vung: OptionalRegion = Field(None, title="vùng lương đã xác nhận", examples=["IV"])
    can_cu: fields.OptionalLine = Field(None, title="văn bản xác nhận vùng")
    du_kien: OptionalRegion = Field(None, title="vùng dự kiến", examples=["IV"])
    ghi_chu: fields.OptionalLine = Field(None, title="ghi chú")


class SiteEntry(Schema):
    dia_chi_web: fields.OptionalUrl = Field(None, title="địa chỉ web chính thức")


class UnitEntry(Schema):
    ten: fields.Line = Field(title="tên bộ phận")
    dien_thoai: fields.OptionalPhone = Field(None, title="điện thoại")
    dia_chi: fields.OptionalLine = Field(None, title="địa chỉ")
    gio_lam_viec: fields.OptionalLine = Field(None, title="giờ làm việc")


class LocalFile(Schema):
    """data/dia-phuong.yml."""

    vung_luong: RegionEntry = Field(title="vùng lương tối thiểu của xã")
    trang_thong_tin: SiteEntry = Field(title="trang thông tin điện tử của xã")
    don_vi: list[UnitEntry] = Field(title="các bộ phận")


def read(root: Path) -> Facts:
    """Read and check the local facts under the project root; ContentError lists every mistake."""
    prepare = facts.prepare_for(root, FACTS_FILE)  # [[so-lieu:…]] references
    result = datafile.read(root / FACTS_FILE, LocalFile, FACTS_FILE, prepare=prepare)
    problems = list(result.problems)
    data = result.value
    if data is not None and data.vung_luong.vung and not data.vung_luong.can_cu:
        problems.append(
            Problem(
                FACTS_FILE, result.line("vung_luong", "can_cu"), "thieu-khoa",
                "đã điền 'vung' thì phải điền 'can_cu': văn bản xác nhận vùng của xã",
            )
        )  # fmt: skip
    if problems or data is None:
        raise ContentError(problems)
    return Facts(
        region=data.vung_luong.vung,
        region_basis=data.vung_luong.can_cu,
        expected_region=data.vung_luong.du_kien,
        region_note=data.vung_luong.ghi_chu,
        website=data.trang_thong_tin.dia_chi_web,
        units=tuple(
            Unit(u.ten, u.dien_thoai, u.dia_chi, u.gio_lam_viec, result.line("don_vi", i))
            for i, u in enumerate(data.don_vi)
        ),
        lines=dict(result.tree.lines),
    )


def unfilled(facts: Facts) -> list[Unfilled]:
    """Every local fact still empty, with its line: what `portal check` warns about."""
    lines = facts.lines
    found = []
    if facts.region is None:
        line = lines.get(("vung_luong", "vung"), 1)
        found.append(Unfilled(line, "vùng lương tối thiểu của xã Trần Phú"))
    if facts.website is None:
        found.append(
            Unfilled(
                lines.get(("trang_thong_tin", "dia_chi_web"), 1),
                "địa chỉ web chính thức của Trang thông tin điện tử xã",
            )
        )
    for index, unit in enumerate(facts.units):
        for field, label in CONTACT_FIELDS:
            if unit.value(field) is None:
                line = lines.get(("don_vi", index, field), unit.line)
                found.append(Unfilled(line, f"{label.lower()} của {unit.name}"))
    return found


def _tel(phone: str) -> str:
    digits = re.sub(r"[ .]", "", phone)
    return f"[{phone}](tel:{digits})"


def _shown(value: str | None) -> str:
    return value if value else f"*{PENDING}*"


def render_contacts(facts: Facts) -> str:
    """Contacts of each unit as Markdown, with unconfirmed values shown as pending."""
    out = []
    if unfilled(facts):
        out += [
            '!!! warning "Đang chờ xã xác nhận"',
            "    Những thông tin ghi *đang chờ xã xác nhận* chưa được UBND xã công bố. Trong lúc "
            "chờ, hãy hỏi công đoàn cơ sở ở doanh nghiệp, hoặc đến trụ sở UBND xã. Đừng tin số "
            "điện thoại tự xưng là của xã khi xã chưa công bố số đó.",
            "",
        ]
    site = f"<{facts.website}>" if facts.website else f"*{PENDING}*"
    out += [f"**Trang thông tin điện tử chính thức của xã:** {site}", ""]
    # Units with nothing confirmed yet share one list, instead of one empty heading each.
    waiting = [u for u in facts.units if not any(u.value(f) for f, _ in CONTACT_FIELDS)]
    if waiting:
        out += [f"Điện thoại, địa chỉ, giờ làm việc của các bộ phận sau *{PENDING}*:", ""]
        out += [f"- {unit.name}" for unit in waiting] + [""]
    for unit in facts.units:
        if unit in waiting:
            continue
        out += [f"### {unit.name}", ""]
        for field, label in CONTACT_FIELDS:
            value = unit.value(field)
            shown = _tel(value) if field == "dien_thoai" and value else _shown(value)
            out.append(f"- {label}: {shown}")
        out.append("")
    return "\n".join(out)


def render_region(facts: Facts) -> str:
    """The commune's wage region as a Markdown box: confirmed, or expected and marked as such."""
    if facts.region:
        month, hour = _wages(facts.region)
        return (
            f'!!! info "Xã Trần Phú thuộc Vùng {facts.region}"\n\n'
            f"    Doanh nghiệp hoạt động tại xã Trần Phú phải trả ít nhất **{month}**, hoặc "
            f"**{hour}** nếu trả lương theo giờ, cho công việc làm đủ giờ bình thường. Căn cứ "
            f"xác nhận vùng: {facts.region_basis}.\n"
        )
    first = f"Vùng lương tối thiểu của xã Trần Phú **{PENDING}**."
    if facts.expected_region:
        month, hour = _wages(facts.expected_region)
        first += (
            f" Dự kiến là **Vùng {facts.expected_region}**: ít nhất {month}, hoặc {hour} nếu "
            "trả lương theo giờ."
        )
    paragraphs = [first]
    if facts.region_note:
        paragraphs.append(facts.region_note)
    paragraphs.append(
        "Trước khi dùng con số này để khiếu nại, hãy hỏi công đoàn cơ sở hoặc cán bộ xã, "
        "hoặc đối chiếu danh mục địa bàn ban hành kèm Nghị định 293/2025/NĐ-CP. Người làm việc "
        "ở nơi khác được trả theo vùng nơi doanh nghiệp hoạt động, không theo vùng của xã."
    )
    body = "\n\n".join(f"    {p}" for p in paragraphs)
    return f'!!! warning "Chưa xác nhận: xã Trần Phú thuộc vùng nào"\n\n{body}\n'


def fill(markdown: str, root: Path) -> str:
    """Markdown with the local-facts marker lines replaced by what the data file says."""
    if CONTACTS_MARKER not in markdown and REGION_MARKER not in markdown:
        return markdown
    facts = read(root)
    markdown = markdown.replace(CONTACTS_MARKER, render_contacts(facts))
    return markdown.replace(REGION_MARKER, render_region(facts))
