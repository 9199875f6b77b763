"""The portal's sections, in the order of the commune plan, with their Vietnamese names.

The folder of a section is also its URL prefix, so these slugs are part of the public URLs
and must not change once the site is live.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    children: tuple[Section, ...] = ()


NEWS = "tin-tuc"
# News posts live in this folder of the news section; their URL drops it (tin-tuc/<file>/).
NEWS_POSTS_DIR = "bai-viet"

SECTIONS: tuple[Section, ...] = (
    Section(NEWS, "Tin tức"),
    Section("phap-luat", "Pháp luật lao động"),
    Section(
        "chinh-sach",
        "Chính sách",
        (
            Section("tien-luong", "Tiền lương"),
            Section("bao-hiem", "Bảo hiểm"),
            Section("viec-lam", "Việc làm"),
            Section("nha-o", "Nhà ở"),
            Section("phuc-loi", "Phúc lợi"),
            Section("dao-tao-nghe", "Đào tạo nghề"),
        ),
    ),
    Section("hoi-dap", "Hỏi – đáp"),
    Section("tinh-quyen-loi", "Tính quyền lợi"),
    Section("ke-hoach", "Kế hoạch thực hiện Chỉ thị 58"),
    Section("lien-he", "Liên hệ – tư vấn pháp luật"),
)


def find(path: str) -> Section | None:
    """Return the section a folder path such as "chinh-sach/tien-luong" names, if any."""
    parts = [p for p in path.strip("/").split("/") if p]
    candidates, found = SECTIONS, None
    for part in parts:
        found = next((s for s in candidates if s.slug == part), None)
        if found is None:
            return None
        candidates = found.children
    return found


def order(path: str) -> int:
    """Position of a folder among its siblings in the plan's order; unknown folders go last."""
    parent, _, name = path.strip("/").rpartition("/")
    parent_section = find(parent) if parent else None
    siblings = parent_section.children if parent_section else SECTIONS
    slugs = [s.slug for s in siblings]
    return slugs.index(name) if name in slugs else len(slugs)
