"""The two data files of broadcasting: the glossary (data/tu-viet-tat.yml) and the station's
settings (data/phat-thanh.yml: opening and closing formulas, reading pace, media at build)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from portal.content import datafile, fields
from portal.content.datafile import Schema
from portal.problems import ContentError, Problem

GLOSSARY_FILE = "data/tu-viet-tat.yml"
SETTINGS_FILE = "data/phat-thanh.yml"
# The names a formula may use, with what each stands for (for the message on a wrong one).
PLACEHOLDERS = {"ten_bai": "tên bài", "ten_xa": "tên xã", "ten_muc": "tên mục của bài"}


class Abbreviation(Schema):
    viet_tat: fields.Line = Field(title="chữ viết tắt", examples=["BHXH"])
    doc: fields.Line = Field(title="cách đọc", examples=["bảo hiểm xã hội"])


class GlossaryFile(Schema):
    """data/tu-viet-tat.yml."""

    tu_viet_tat: list[Abbreviation] = Field(title="danh sách chữ viết tắt")


class StationFile(Schema):
    """data/phat-thanh.yml."""

    mo_dau: fields.Line = Field(title="lời mở đầu")
    ket_thuc: fields.Line = Field(title="lời kết")
    ten_xa: fields.Line = Field(title="tên xã đọc trên loa", examples=["xã Trần Phú"])
    toc_do_doc: fields.Integer = Field(title="số âm tiết đọc trong một phút", examples=[160])
    am_thanh_khi_dung_trang: fields.Bool = Field(False, title="làm bản thu âm khi dựng trang")
    video_khi_dung_trang: fields.Bool = Field(False, title="làm video khi dựng trang")


@dataclass(frozen=True)
class Station:
    """What the scripts and the media are made with."""

    glossary: dict[str, str]
    opening: str
    closing: str
    commune: str
    pace: int  # syllables a minute
    audio_at_build: bool
    video_at_build: bool

    def formula(self, template: str, title: str, section: str) -> str:
        return template.format(ten_bai=title, ten_xa=self.commune, ten_muc=section)


_ABBREVIATION = re.compile(r"[A-ZĐ][A-Za-zĐđ0-9/-]*[A-ZĐ0-9][A-Za-zĐđ0-9-]*")


def read_glossary(root: Path) -> dict[str, str]:
    """The glossary as {abbreviation: how it is said}; ContentError lists every mistake."""
    result = datafile.read(root / GLOSSARY_FILE, GlossaryFile, GLOSSARY_FILE)
    problems = list(result.problems)
    glossary: dict[str, str] = {}
    for index, entry in enumerate(result.value.tu_viet_tat if result.value else []):
        line = result.line("tu_viet_tat", index, "viet_tat")
        if not _ABBREVIATION.fullmatch(entry.viet_tat):
            message = (
                f"'{entry.viet_tat}' không giống một chữ viết tắt: viết liền, bắt đầu bằng chữ "
                "hoa và có ít nhất hai chữ hoa hoặc số, ví dụ BHXH, TNLĐ-BNN, COVID-19"
            )
            problems.append(Problem(GLOSSARY_FILE, line, "viet-tat-sai", message))
        elif entry.viet_tat in glossary:
            message = f"chữ viết tắt '{entry.viet_tat}' đã có ở trên; mỗi chữ chỉ ghi một lần"
            problems.append(Problem(GLOSSARY_FILE, line, "viet-tat-sai", message))
        elif any(c.isdigit() for c in entry.doc) or any(w in entry.doc for w in glossary):
            message = (
                f"cách đọc '{entry.doc}' còn chữ số hay chữ viết tắt; viết đúng như "
                "phát thanh viên đọc, ví dụ 'cô-vít mười chín'"
            )
            problems.append(
                Problem(
                    GLOSSARY_FILE, result.line("tu_viet_tat", index, "doc"), "viet-tat-sai", message
                )
            )
        else:
            glossary[entry.viet_tat] = entry.doc
    if problems or result.value is None:
        raise ContentError(problems)
    return glossary


def _placeholders(template: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError:
        return ["{"]


def read_settings(root: Path) -> StationFile:
    """data/phat-thanh.yml alone, checked; ContentError lists every mistake at its line."""
    result = datafile.read(root / SETTINGS_FILE, StationFile, SETTINGS_FILE)
    problems = list(result.problems)
    value = result.value
    if value is not None:
        for key in ("mo_dau", "ket_thuc"):
            wrong = [n for n in _placeholders(getattr(value, key)) if n not in PLACEHOLDERS]
            if wrong:
                known = ", ".join(f"{{{k}}} ({v})" for k, v in PLACEHOLDERS.items())
                message = (
                    f"'{key}' có chỗ điền lạ {{{wrong[0]}}}; chỉ dùng được {known}, "
                    "và dấu ngoặc nhọn chỉ dùng cho chúng"
                )
                problems.append(Problem(SETTINGS_FILE, result.line(key), "phat-thanh-sai", message))
        if not 60 <= value.toc_do_doc <= 400:
            message = (
                f"'toc_do_doc' là {value.toc_do_doc}: phải là số âm tiết đọc trong một phút, "
                "từ 60 đến 400 (đọc bình thường khoảng 160)"
            )
            problems.append(
                Problem(SETTINGS_FILE, result.line("toc_do_doc"), "phat-thanh-sai", message)
            )
    if problems or value is None:
        raise ContentError(problems)
    return value


def read_station(root: Path) -> Station:
    """Both files, checked; ContentError lists every mistake of either, each at its line."""
    problems: list[Problem] = []
    glossary: dict[str, str] = {}
    try:
        glossary = read_glossary(root)
    except ContentError as error:
        problems += error.problems
    try:
        value = read_settings(root)
    except ContentError as error:
        problems += error.problems
    if problems:
        raise ContentError(problems)
    return Station(
        glossary=glossary,
        opening=value.mo_dau,
        closing=value.ket_thuc,
        commune=value.ten_xa,
        pace=value.toc_do_doc,
        audio_at_build=value.am_thanh_khi_dung_trang,
        video_at_build=value.video_khi_dung_trang,
    )
