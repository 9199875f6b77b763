"""The commune's plan for Chỉ thị 58 as data: read and check data/ke-hoach.yml, render Markdown.

The plan page shows what the commune decided (purpose, the five tasks, who does what) and a
progress log that the commune office appends to; both come from this one file, so updating
progress means editing one file, and a mistake in it is reported with its line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field
from pydantic_core import PydanticCustomError

from portal import dates, settings
from portal.content import datafile, facts, fields
from portal.content.datafile import Schema
from portal.content.fields import Wrong
from portal.problems import ContentError, Problem

PLAN_FILE = f"{settings.DATA}/ke-hoach.yml"
MARKER = "<!-- portal:ke-hoach -->"


@dataclass(frozen=True)
class Day:
    """A date the plan's documents give to the day, or only to the month ("tháng 3/2026")."""

    year: int
    month: int
    day: int | None = None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key; a month-only date sorts before the days of that month."""
        return (self.year, self.month, self.day or 0)

    def __str__(self) -> str:
        if self.day is None:
            return f"tháng {self.month}/{self.year}"
        return dates.short(dt.date(self.year, self.month, self.day))


@dataclass(frozen=True)
class Basis:
    """A document the plan carries out."""

    number: str
    name: str
    date: dt.date


@dataclass(frozen=True)
class Task:
    """One of the plan's tasks, with its lead and coordinating units and its timing."""

    number: int
    title: str
    summary: str
    original: tuple[str, ...]
    lead: str
    partners: tuple[str, ...]
    timing: str


@dataclass(frozen=True)
class Body:
    """A body named under "Tổ chức thực hiện" and what the plan asks of it."""

    name: str
    duty: str
    requested: bool = False  # the plan "đề nghị" (asks, not assigns): Mặt trận and đoàn thể


@dataclass(frozen=True)
class Progress:
    """One entry of the progress log."""

    day: Day
    tasks: tuple[int, ...]  # empty: the plan as a whole
    text: str


@dataclass(frozen=True)
class Plan:
    """The whole plan."""

    title: str
    issuer: str
    issued: Day
    signer: str
    basis: tuple[Basis, ...]
    purpose: str
    requirements: tuple[str, ...]
    tasks: tuple[Task, ...]
    bodies: tuple[Body, ...]
    progress: tuple[Progress, ...]
    checked: dt.date | None = None  # `kiem_tra`: when the file was last compared with the plan


def _day(value: object) -> Day:
    """A day (YYYY-MM-DD) or, when only the month is known, a month (YYYY-MM)."""
    text = str(value).strip() if isinstance(value, str) else value
    if isinstance(text, str) and fields.MONTH_TEXT.match(text):
        year, month = fields.parse_month(text)
        return Day(year, month)
    try:
        day = fields.parse_date(value)
    except PydanticCustomError as wrong:
        if wrong.message().startswith("phải là ngày dạng"):  # neither a day nor a month
            raise Wrong(
                "ngay-sai",
                "phải là ngày dạng YYYY-MM-DD, ví dụ 2026-04-15 (hoặc YYYY-MM nếu chỉ biết "
                f"tháng); đang là '{value}'",
            ) from None
        raise
    return Day(day.year, day.month, day.day)


def _month(value: object) -> Day:
    year, month = fields.parse_month(value)
    return Day(year, month)


def _task_numbers(value: object) -> tuple[int, ...]:
    """None (the plan as a whole), one task number, or a list of them."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    try:
        numbers = [fields.parse_number(item) for item in items]
    except PydanticCustomError:
        numbers = []
    if not numbers or not all(isinstance(n, int) and n >= 1 for n in numbers):
        raise Wrong(
            "gia-tri-sai",
            "phải là số của nhiệm vụ, danh sách số như [2, 4], hoặc để trống nếu là việc chung",
        )
    return tuple(sorted(set(numbers)))


PlanDay = fields.field_type(_day, Day)
PlanMonth = fields.field_type(_month, Day)
TaskNumbers = fields.field_type(_task_numbers, tuple)
Lines = Annotated[list[fields.Line], Field(min_length=1)]


class BasisEntry(Schema):
    so_hieu: fields.Line = Field(title="số hiệu", examples=["58-CT/TW"])
    ten: fields.Line = Field(title="tên văn bản")
    ngay: fields.Date = Field(title="ngày ban hành", examples=["2026-01-10"])


class TaskEntry(Schema):
    so: fields.Integer = Field(title="số thứ tự", examples=["1"])
    ten: fields.Line = Field(title="tên")
    tom_tat: fields.Line = Field(title="tóm tắt")
    nguyen_van: Lines = Field(title="nguyên văn")
    chu_tri: fields.Line = Field(title="đơn vị chủ trì")
    phoi_hop: Lines = Field(title="đơn vị phối hợp")
    thoi_gian: fields.Line = Field(title="thời gian thực hiện", examples=["Thường xuyên"])


class BodyEntry(Schema):
    don_vi: fields.Line = Field(title="đơn vị")
    trach_nhiem: fields.Line = Field(title="trách nhiệm")
    de_nghi: fields.Bool = Field(False, title="đề nghị (không giao)")


class ProgressEntry(Schema):
    ngay: PlanDay = Field(title="ngày", examples=["2026-04-15"])
    nhiem_vu: TaskNumbers = Field((), title="nhiệm vụ")
    noi_dung: fields.Line = Field(title="nội dung")


class PlanFile(Schema):
    """data/ke-hoach.yml."""

    ten: fields.Line = Field(title="tên")
    co_quan: fields.Line = Field(title="cơ quan ban hành")
    ban_hanh: PlanMonth = Field(title="tháng ban hành", examples=["2026-03"])
    nguoi_ky: fields.Line = Field(title="người ký")
    can_cu: list[BasisEntry] = Field(title="văn bản căn cứ")
    muc_dich: fields.Line = Field(title="mục đích")
    yeu_cau: Lines = Field(title="yêu cầu")
    nhiem_vu: list[TaskEntry] = Field(title="nhiệm vụ")
    to_chuc_thuc_hien: list[BodyEntry] = Field(title="tổ chức thực hiện")
    tien_do: list[ProgressEntry] = Field(default_factory=list, title="tiến độ")
    kiem_tra: fields.OptionalDate = Field(None, title="ngày đối chiếu với kế hoạch")


def read(root: Path) -> Plan:
    """Read and check the plan under the project root; ContentError lists every mistake."""
    prepare = facts.prepare_for(root, PLAN_FILE)  # [[so-lieu:…]] references
    result = datafile.read(root / PLAN_FILE, PlanFile, PLAN_FILE, prepare=prepare)
    problems = result.problems + _numbering(result.tree.data, result.line)
    data = result.value
    if problems or data is None:
        raise ContentError(sorted(problems, key=lambda p: p.line))
    return Plan(
        title=data.ten,
        issuer=data.co_quan,
        issued=data.ban_hanh,
        signer=data.nguoi_ky,
        basis=tuple(Basis(b.so_hieu, b.ten, b.ngay) for b in data.can_cu),
        purpose=data.muc_dich,
        requirements=tuple(data.yeu_cau),
        tasks=tuple(
            Task(t.so, t.ten, t.tom_tat, (*t.nguyen_van,), t.chu_tri, (*t.phoi_hop,), t.thoi_gian)
            for t in data.nhiem_vu
        ),
        bodies=tuple(Body(b.don_vi, b.trach_nhiem, b.de_nghi) for b in data.to_chuc_thuc_hien),
        progress=tuple(Progress(e.ngay, e.nhiem_vu, e.noi_dung) for e in data.tien_do),
        checked=data.kiem_tra,
    )


def _numbering(data: object, line: datafile.LineOf) -> list[Problem]:
    """Tasks numbered 1, 2, 3… in order, and progress entries naming tasks that exist.

    Read from the tree, so these are reported with the file's other mistakes.
    """
    data = data if isinstance(data, dict) else {}
    tasks = data.get("nhiem_vu") if isinstance(data.get("nhiem_vu"), list) else []
    problems = []
    for index, task in enumerate(tasks):
        number = task.get("so") if isinstance(task, dict) else None
        if number is not None and str(number).strip() != str(index + 1):
            problems.append(
                Problem(
                    PLAN_FILE, line("nhiem_vu", index, "so"), "gia-tri-sai",
                    f"'so' (số thứ tự) của nhiệm vụ thứ {index + 1} phải là {index + 1}; các "
                    f"nhiệm vụ đánh số 1, 2, 3… theo thứ tự (đang là '{number}')",
                )
            )  # fmt: skip
    progress = data.get("tien_do") if isinstance(data.get("tien_do"), list) else []
    for index, entry in enumerate(progress):
        try:
            numbers = _task_numbers(entry.get("nhiem_vu") if isinstance(entry, dict) else None)
        except PydanticCustomError:
            continue  # the schema reports it
        if any(n > len(tasks) for n in numbers):
            problems.append(
                Problem(
                    PLAN_FILE, line("tien_do", index, "nhiem_vu"), "gia-tri-sai",
                    f"'nhiem_vu' của mục tiến độ thứ {index + 1} phải là số nhiệm vụ từ 1 đến "
                    f"{len(tasks)} (đang là {', '.join(map(str, numbers))})",
                )
            )  # fmt: skip
    return problems


def _tasks_label(numbers: tuple[int, ...]) -> str:
    if not numbers:
        return "Cả Kế hoạch"
    return "Nhiệm vụ " + ", ".join(str(n) for n in numbers)


def render_progress(plan: Plan) -> str:
    """The progress log as a Markdown list, newest first."""
    if not plan.progress:
        return "Chưa có cập nhật tiến độ."
    ordered = sorted(plan.progress, key=lambda p: p.day.sort_key, reverse=True)
    rows = [f"- **{str(p.day).capitalize()}** ({_tasks_label(p.tasks)}): {p.text}" for p in ordered]
    return "\n".join(rows)


def render(plan: Plan) -> str:
    """The plan as Markdown: purpose and requirements, tasks, responsibilities, progress."""
    out = [
        "## Mục đích, yêu cầu",
        "",
        f"**Mục đích:** {plan.purpose}",
        "",
        "**Yêu cầu:**",
        "",
        *[f"- {r}" for r in plan.requirements],
        "",
        "## Nhiệm vụ cụ thể",
        "",
    ]
    for task in plan.tasks:
        out += [
            f"### Nhiệm vụ {task.number}: {task.title}",
            "",
            task.summary,
            "",
            f"- **Chủ trì:** {task.lead}",
            f"- **Phối hợp:** {', '.join(task.partners)}",
            f"- **Thời gian:** {task.timing}",
            "",
            '??? quote "Nguyên văn trong Kế hoạch"',
            "",
            *[line for para in task.original for line in (f"    {para}", "")],
        ]
    out += ["## Tổ chức thực hiện", ""]
    for body in plan.bodies:
        name = f"{body.name} (đề nghị)" if body.requested else body.name
        out.append(f"- **{name}:** {body.duty}")
    out += ["", "## Tiến độ thực hiện", "", render_progress(plan), ""]
    return "\n".join(out)


def fill(markdown: str, root: Path) -> str:
    """Markdown with the plan's marker line replaced by the rendered plan."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render(read(root)))


OVERVIEW = "ke-hoach-tong-quan"


def overview_infographic(root: Path) -> dict[str, tuple[str, str]]:
    """The plan's tasks as an infographic data file, made from data/ke-hoach.yml.

    Returned as {name: (YAML text, where it comes from)} for the infographics library, so the
    image follows the plan file; empty when the plan cannot be read (the page says why).
    """
    try:
        plan = read(root)
    except ContentError:
        return {}
    if plan.checked is None:
        return {}  # `kiem_tra` missing or not a date: no image rather than a made-up date
    items = [{"title": task.title, "text": f"Chủ trì: {task.lead}."} for task in plan.tasks]
    timings = {task.timing.lower() for task in plan.tasks}
    when = f" Các nhiệm vụ thực hiện {timings.pop()}." if len(timings) == 1 else ""
    spec = {
        "title": f"{len(plan.tasks)} nhiệm vụ thực hiện Chỉ thị 58 ở xã Trần Phú",
        "subtitle": f"Kế hoạch của {plan.issuer}, {plan.issued}.{when}",
        "kind": "steps",
        "topic": "Kế hoạch Chỉ thị 58",
        "items": items,
        "source": f"Kế hoạch của {plan.issuer} thực hiện Chỉ thị 58-CT/TW ({plan.issued})",
        "alt": (
            "Các nhiệm vụ của Kế hoạch thực hiện Chỉ thị 58-CT/TW ở xã Trần Phú: "
            + "; ".join(f"{t.number}. {t.title}, do {t.lead} chủ trì" for t in plan.tasks)
            + "."
        ),
        "checked": plan.checked,
    }
    data = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=1000)
    return {OVERVIEW: (data, f"{PLAN_FILE} (ảnh {OVERVIEW})")}
