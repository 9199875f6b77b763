"""The commune's plan for Chỉ thị 58 as data: read and check data/ke-hoach.yml, render Markdown.

The plan page shows what the commune decided (purpose, the five tasks, who does what) and a
progress log that the commune office appends to; both come from this one file, so updating
progress means editing one file, and a mistake in it is reported with its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal import dates
from portal.content._old_datafile import Problems, load, text, unknown_keys
from portal.problems import ContentError

PLAN_FILE = "data/ke-hoach.yml"
MARKER = "<!-- portal:ke-hoach -->"

TOP_KEYS = (
    "ten",
    "co_quan",
    "ban_hanh",
    "nguoi_ky",
    "can_cu",
    "muc_dich",
    "yeu_cau",
    "nhiem_vu",
    "to_chuc_thuc_hien",
    "tien_do",
    "kiem_tra",
)
TASK_KEYS = ("so", "ten", "tom_tat", "nguyen_van", "chu_tri", "phoi_hop", "thoi_gian")
BODY_KEYS = ("don_vi", "trach_nhiem", "de_nghi")
BASIS_KEYS = ("so_hieu", "ten", "ngay")
PROGRESS_KEYS = ("ngay", "nhiem_vu", "noi_dung")
# What editors call each key, for messages.
LABELS = {
    "ten": "tên",
    "co_quan": "cơ quan ban hành",
    "ban_hanh": "tháng ban hành",
    "nguoi_ky": "người ký",
    "muc_dich": "mục đích",
    "tom_tat": "tóm tắt",
    "chu_tri": "đơn vị chủ trì",
    "thoi_gian": "thời gian thực hiện",
    "don_vi": "đơn vị",
    "trach_nhiem": "trách nhiệm",
    "so_hieu": "số hiệu",
    "noi_dung": "nội dung",
}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


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


def _day(value: object) -> Day | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Day(value.year, value.month, value.day)
    match = MONTH.match(str(value)) if isinstance(value, str) else None
    if match and 1 <= int(match[2]) <= 12:
        return Day(int(match[1]), int(match[2]))
    return None


def _required_text(data: dict, key: str, path: tuple, problems: Problems, what: str) -> str:
    value = text(data.get(key))
    if value is None:
        label = LABELS.get(key, key)
        if key in data:
            problems.add((*path, key), f"{what}: '{key}' ({label}) phải là một đoạn chữ")
        else:
            problems.add(path, f"{what} thiếu '{key}' ({label})")
        return ""
    return " ".join(value.split())


def _text_list(data: dict, key: str, path: tuple, problems: Problems, what: str) -> tuple:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(text(v) for v in value):
        problems.add((*path, key), f"{what}: '{key}' phải là danh sách, mỗi dòng bắt đầu bằng '- '")
        return ()
    return tuple(" ".join(v.split()) for v in value)


def _list_of_maps(data: dict, key: str, problems: Problems, what: str) -> list[dict]:
    value = data.get(key)
    if key == "tien_do" and value is None:
        return []  # an empty progress log is allowed
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.add((key,), f"'{key}' ({what}) phải là danh sách, mỗi mục bắt đầu bằng '- '")
        return []
    return value


def _tasks(raw: list[dict], problems: Problems) -> tuple[Task, ...]:
    tasks = []
    for index, item in enumerate(raw):
        path = ("nhiem_vu", index)
        what = f"nhiệm vụ thứ {index + 1}"
        unknown_keys(item, TASK_KEYS, path, problems, what)
        number = item.get("so")
        if number != index + 1:
            problems.add(
                (*path, "so"),
                f"{what}: 'so' (số thứ tự) phải là {index + 1}; các nhiệm vụ đánh số 1, 2, 3… "
                f"theo thứ tự (đang là '{number}')",
            )
        tasks.append(
            Task(
                number=index + 1,
                title=_required_text(item, "ten", path, problems, what),
                summary=_required_text(item, "tom_tat", path, problems, what),
                original=_text_list(item, "nguyen_van", path, problems, what),
                lead=_required_text(item, "chu_tri", path, problems, what),
                partners=_text_list(item, "phoi_hop", path, problems, what),
                timing=_required_text(item, "thoi_gian", path, problems, what),
            )
        )
    return tuple(tasks)


def _bodies(raw: list[dict], problems: Problems) -> tuple[Body, ...]:
    bodies = []
    for index, item in enumerate(raw):
        path = ("to_chuc_thuc_hien", index)
        what = f"đơn vị thứ {index + 1} trong 'to_chuc_thuc_hien'"
        unknown_keys(item, BODY_KEYS, path, problems, what)
        requested = item.get("de_nghi", False)
        if not isinstance(requested, bool):
            problems.add((*path, "de_nghi"), f"{what}: 'de_nghi' chỉ nhận true hoặc false")
        bodies.append(
            Body(
                name=_required_text(item, "don_vi", path, problems, what),
                duty=_required_text(item, "trach_nhiem", path, problems, what),
                requested=requested is True,
            )
        )
    return tuple(bodies)


def _basis(raw: list[dict], problems: Problems) -> tuple[Basis, ...]:
    found = []
    for index, item in enumerate(raw):
        path = ("can_cu", index)
        what = f"văn bản thứ {index + 1} trong 'can_cu'"
        unknown_keys(item, BASIS_KEYS, path, problems, what)
        day = item.get("ngay")
        if not isinstance(day, dt.date):
            problems.add((*path, "ngay"), f"{what}: 'ngay' phải có dạng YYYY-MM-DD")
            day = dt.date.min
        found.append(
            Basis(
                number=_required_text(item, "so_hieu", path, problems, what),
                name=_required_text(item, "ten", path, problems, what),
                date=day,
            )
        )
    return tuple(found)


def _progress(raw: list[dict], task_count: int, problems: Problems) -> tuple[Progress, ...]:
    entries = []
    for index, item in enumerate(raw):
        path = ("tien_do", index)
        what = f"mục tiến độ thứ {index + 1}"
        unknown_keys(item, PROGRESS_KEYS, path, problems, what)
        day = _day(item.get("ngay"))
        if day is None:
            problems.add(
                (*path, "ngay"),
                f"{what}: 'ngay' phải có dạng YYYY-MM-DD, ví dụ 2026-04-15 (hoặc YYYY-MM nếu "
                f"chỉ biết tháng); đang là '{item.get('ngay')}'",
            )
            day = Day(1, 1)
        tasks = item.get("nhiem_vu")
        numbers = [] if tasks is None else tasks if isinstance(tasks, list) else [tasks]
        valid = all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= task_count for n in numbers
        )
        if not valid:
            problems.add(
                (*path, "nhiem_vu"),
                f"{what}: 'nhiem_vu' phải là số nhiệm vụ từ 1 đến {task_count}, danh sách số "
                f"như [2, 4], hoặc để trống nếu là việc chung (đang là '{tasks}')",
            )
            numbers = []
        entries.append(
            Progress(
                day=day,
                tasks=tuple(sorted(set(numbers))),
                text=_required_text(item, "noi_dung", path, problems, what),
            )
        )
    return tuple(entries)


def read(root: Path) -> Plan:
    """Read and check the plan under the project root; ContentError lists every mistake."""
    data, lines = load(root / PLAN_FILE, PLAN_FILE)
    problems = Problems(PLAN_FILE, lines, "ke-hoach-sai")
    if not isinstance(data, dict):
        problems.add((), "tệp phải gồm các dòng 'khóa: giá trị' (ten, muc_dich, nhiem_vu, …)")
        problems.raise_if_any()
    unknown_keys(data, TOP_KEYS, (), problems, "tệp")
    issued = _day(data.get("ban_hanh"))
    if issued is None:
        problems.add(("ban_hanh",), "'ban_hanh' (tháng ban hành) phải có dạng YYYY-MM")
        issued = Day(1, 1)
    tasks = _tasks(_list_of_maps(data, "nhiem_vu", problems, "nhiệm vụ"), problems)
    plan = Plan(
        title=_required_text(data, "ten", (), problems, "Kế hoạch"),
        issuer=_required_text(data, "co_quan", (), problems, "Kế hoạch"),
        issued=issued,
        signer=_required_text(data, "nguoi_ky", (), problems, "Kế hoạch"),
        basis=_basis(_list_of_maps(data, "can_cu", problems, "văn bản căn cứ"), problems),
        purpose=_required_text(data, "muc_dich", (), problems, "Kế hoạch"),
        requirements=_text_list(data, "yeu_cau", (), problems, "Kế hoạch"),
        tasks=tasks,
        bodies=_bodies(
            _list_of_maps(data, "to_chuc_thuc_hien", problems, "tổ chức thực hiện"), problems
        ),
        progress=_progress(
            _list_of_maps(data, "tien_do", problems, "tiến độ"), len(tasks), problems
        ),
        checked=data.get("kiem_tra") if isinstance(data.get("kiem_tra"), dt.date) else None,
    )
    problems.raise_if_any()
    return plan


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
