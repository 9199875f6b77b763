"""What the tools report: one problem record, one error family, and every problem code.

Every stage (reading, checking, drawing, building, publishing) reports an editor's mistake as a
`Problem` located by file and line, in Vietnamese, and stops with a `PortalError`. A traceback
is a bug of ours, never the way an editor learns of a mistake.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Every problem code, with what it means; the editor guide explains each one (a test checks it).
CODES = {
    # Reading any YAML file: front matter, data/, infographics/, deploy/publish.yml.
    "yaml-sai": "YAML sai cú pháp",
    "yaml-bi-danh": "dùng neo và bí danh YAML (& và *)",
    "yaml-the-la": "thẻ YAML lạ (!!python/…)",
    "yaml-qua-sau": "dữ liệu lồng quá sâu hoặc quá nhiều",
    "khoa-la": "khóa không có trong mẫu",
    "khoa-lap": "khóa viết hai lần",
    "thieu-khoa": "thiếu khóa bắt buộc",
    "gia-tri-sai": "giá trị sai kiểu hoặc sai dạng",
    "ngay-sai": "ngày sai dạng hoặc không có thật",
    "ky-tu-html": "ký tự HTML trong tiêu đề, mô tả hay chủ đề",
    "thieu-tep": "thiếu tệp dữ liệu",
    "khong-phai-utf8": "tệp không phải chữ UTF-8",
    "tep-qua-lon": "tệp quá lớn",
    "ky-tu-la": "ký tự rỗng (NUL) trong tệp",
    # Articles.
    "dau-bai-chua-dong": "thông tin đầu bài chưa đóng bằng ---",
    "dau-bai-khong-phai-bang": "thông tin đầu bài không phải các dòng tên: giá trị",
    "chu-de-la": "chủ đề không có trong data/tags.yml",
    "danh-sach-chu-de": "data/tags.yml bị mất hoặc sai dạng",
    "chuyen-muc-la": "chuyên mục không có",
    "chuyen-muc-sai-cho": "chuyên mục ở bài không phải tin tức",
    "chu-mau": "chữ mẫu hay chỗ trống còn lại trong bài",
    "lien-ket-hong": "liên kết không dẫn tới bài nào",
    "lien-ket-may-minh": "liên kết tới máy của người viết (127.0.0.1, localhost)",
    "neo-hong": "liên kết tới mục không có",
    "anh-khong-co": "không tìm thấy ảnh",
    "anh-thieu-mo-ta": "ảnh thiếu mô tả",
    "anh-ngoai": "ảnh lấy từ trang khác",
    "anh-qua-nang": "ảnh quá nặng",
    "tieu-de-nhay-cap": "tiêu đề bỏ cấp",
    "tieu-de-thu-hai": "bài có hai tiêu đề cấp 1",
    "muc-trong": "tiêu đề không có nội dung",
    "doan-thut-le": "đoạn văn thụt đầu dòng bằng Tab hay bốn dấu cách",
    "trung-duong-dan": "hai tệp cùng địa chỉ",
    "trung-tieu-de": "hai bài cùng tiêu đề",
    "unicode-nfd": "chữ tiếng Việt dạng tổ hợp",
    "dau-thanh-lan": "lẫn hai kiểu đặt dấu",
    "ky-tu-an": "ký tự vô hình",
    "khoang-trang-cung": "dấu cách không ngắt dòng",
    "ngoac-kep-cong": "ngoặc kép cong trong thông tin đầu bài",
    "dau-dong-windows": "dòng kết thúc kiểu Windows hay dấu BOM",
    "infographic-khong-co": "nhúng infographic không có",
    "infographic-du-lieu": "tệp dữ liệu infographic có lỗi",
    "danh-dau-la": "dòng đánh dấu <!-- portal:… --> lạ",
    # Files the build would publish without reading them, and what runs or leaks.
    "tep-lien-ket": "tệp hay thư mục là liên kết (symlink)",
    "thu-muc-gach-duoi": "tệp trong thư mục bắt đầu bằng _",
    "duoi-tep-la": "bài Markdown có đuôi khác .md",
    "lien-ket-ra-ngoai": "liên kết tới tệp ngoài docs/",
    "ma-chay-duoc": "thẻ <script>, liên kết javascript: hay thuộc tính on…= trong bài",
    "dong-qua-dai": "dòng quá dài",
    # The commune's data files.
    "cho-xa-xac-nhan": "thông tin địa phương còn chờ xã xác nhận",
    # The register of legal figures (data/so-lieu.yml) and references to it.
    "so-lieu-sai": "số liệu trong data/so-lieu.yml hoặc tham chiếu [[so-lieu:…]] viết sai",
    "so-lieu-khong-co": "tham chiếu tới số liệu không có trong data/so-lieu.yml",
    "so-lieu-go-tay": "số liệu gõ tay thay cho tham chiếu [[so-lieu:…]]",
    "so-lieu-het-han": "số liệu gõ tay đã hết hiệu lực",
    "so-lieu-can-kiem-tra": "số liệu lâu chưa đối chiếu lại với văn bản gốc",
    # Printed outputs: posters, handouts, decks (scripts/portal/print/).
    "in-qua-dai": "bài quá dài để in vừa áp phích, tờ rơi hay trang chiếu",
    "in-khong-duoc": "không làm được bản in (PDF) của bài",
    # The search's list of synonyms and abbreviations (data/tu-dong-nghia.yml).
    "tu-dong-nghia": "cách viết sai hoặc trùng trong data/tu-dong-nghia.yml",
}

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file the project reads, at a line."""

    path: str  # relative to the project root, e.g. "docs/phap-luat/a.md"
    line: int
    code: str  # a key of CODES; the editor guide explains each
    message: str
    severity: str = "error"  # "error" stops the build and `portal check`; "warning" is reported

    def __post_init__(self):
        # A code outside the registry would be a message the guide does not explain.
        if self.code not in CODES:
            raise ValueError(f"problem code {self.code!r} is not in portal.problems.CODES")
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")

    def __str__(self) -> str:
        label = "lỗi" if self.severity == "error" else "cảnh báo"
        return f"{self.path}:{self.line}: {label}: {self.message}"

    def as_dict(self) -> dict:
        """Plain data for `portal check --format json`."""
        return asdict(self)


class PortalError(Exception):
    """Why a command cannot go on, in Vietnamese: a message, or the problems found."""

    def __init__(self, message: str = "", problems: list[Problem] | None = None):
        self.message = message
        self.problems = list(problems or [])
        text = message or "\n".join(str(p) for p in self.problems)
        super().__init__(text)


class ContentError(PortalError):
    """An editor's file has mistakes; `problems` lists them by file and line."""

    def __init__(self, problems: list[Problem]):
        super().__init__("", problems)
