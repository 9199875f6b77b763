"""Benchmark corpus: a copy of the site's docs plus generated Vietnamese articles.

The generated articles are filler text for measuring builds and page weight at the size the
portal is expected to reach. They are a pure function of (count, seed), and every file says
at its top that it is benchmark data, so none can pass for real content.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

from portal.content.sections import NEWS, NEWS_POSTS_DIR, find
from portal.text import nfc, slugify

# The project's docs/, two folders above this file (the package is installed editable).
DOCS_DIR = Path(__file__).resolve().parents[3] / "docs"

# Right after the front matter of every generated file; the benchmark also uses it to find them.
MARKER = (
    "<!-- DỮ LIỆU BENCHMARK: bài viết sinh tự động bởi portal.corpus để đo tốc độ dựng trang, "
    "không phải nội dung thật. (Generated benchmark data, not real content.) -->"
)

NEWS_FOLDER = f"{NEWS}/{NEWS_POSTS_DIR}"
OTHER_FOLDERS = ("phap-luat", *(f"chinh-sach/{s.slug}" for s in find("chinh-sach").children))
CATEGORIES = ("Chính sách mới", "Hoạt động của xã", "Cảnh giác")
TAGS = (
    "tiền lương", "bảo hiểm xã hội", "bảo hiểm y tế", "bảo hiểm thất nghiệp",
    "hợp đồng lao động", "an toàn lao động", "công đoàn", "việc làm", "nhà ở",
    "đào tạo nghề", "phúc lợi", "Chỉ thị 58",
)  # fmt: skip
WORDS = (
    "người lao động", "công nhân", "doanh nghiệp", "hợp đồng", "tiền lương", "bảo hiểm",
    "xã hội", "y tế", "thất nghiệp", "công đoàn", "đoàn viên", "đóng", "được", "hưởng",
    "chế độ", "quy định", "pháp luật", "Nhà nước", "địa phương", "đơn vị", "điều kiện",
    "đăng ký", "đề nghị", "đào tạo", "nghề", "đời sống", "đầy đủ", "đúng", "đồng", "đến",
    "để", "đã", "đang", "điều", "khoản", "Đảng ủy", "Ủy ban", "nhân dân", "xã", "Trần Phú",
    "Thái Nguyên", "tỉnh", "huyện", "khu công nghiệp", "nhà máy", "xưởng", "ca làm",
    "làm thêm giờ", "nghỉ phép", "nghỉ việc", "thai sản", "ốm đau", "tai nạn", "an toàn",
    "vệ sinh", "sức khỏe", "khám", "chữa bệnh", "lương hưu", "trợ cấp", "hỗ trợ", "mức",
    "tối thiểu", "vùng", "tháng", "năm", "ngày", "giờ", "tuần", "thời gian", "kể từ",
    "theo", "của", "cho", "với", "và", "hoặc", "nhưng", "nếu", "khi", "thì", "là", "có",
    "không", "cần", "phải", "nên", "sẽ", "vẫn", "cũng", "rất", "nhiều", "ít", "mới", "cũ",
    "hồ sơ", "giấy tờ", "thủ tục", "nộp", "nhận", "trả", "ký", "chấm dứt", "gia hạn",
    "thỏa thuận", "thương lượng", "tranh chấp", "khiếu nại", "tố cáo", "hòa giải", "tư vấn",
    "cán bộ", "tổ dân phố", "thôn", "gia đình", "con em", "nhà ở", "phòng trọ", "chủ trọ",
    "tiền điện", "tiền nước", "phúc lợi", "khen thưởng", "kỷ luật", "sa thải", "quyền",
    "nghĩa vụ", "lợi ích", "trách nhiệm", "tuyên truyền", "phổ biến", "hướng dẫn", "kiểm tra",
    "giám sát", "báo cáo", "kế hoạch", "chỉ thị", "nghị định", "thông tư", "luật", "bộ luật",
    "văn bản", "hiệu lực", "áp dụng", "thực hiện", "triển khai", "tăng", "giảm", "điều chỉnh",
    "kỹ năng", "học nghề", "tay nghề", "chứng chỉ", "việc làm", "tuyển dụng", "thử việc",
    "người sử dụng lao động", "tổ chức", "cá nhân", "lừa đảo", "cảnh giác", "mạng xã hội",
    "điện thoại", "tin nhắn", "đường dây nóng", "trụ sở", "buổi sáng", "buổi chiều",
    "rõ ràng", "kịp thời", "đầy đủ", "minh bạch", "công khai", "an tâm", "ổn định", "gắn bó",
)  # fmt: skip
SOURCE = {
    "number": "Nghị định 293/2025/NĐ-CP",
    "name": "Quy định mức lương tối thiểu đối với người lao động làm việc theo hợp đồng lao động",
    "date": dt.date(2025, 11, 10),
}
WORDS_PER_ARTICLE = 600
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 900  # dates spread over about two and a half years, like a live news section


def generate(
    target_docs_dir: Path,
    count: int = 1000,
    seed: int = 58,
    source_docs_dir: Path | None = DOCS_DIR,
) -> None:
    """Copy `source_docs_dir` (if given) into `target_docs_dir` and add `count` articles."""
    target_docs_dir = Path(target_docs_dir)
    if source_docs_dir is not None:
        shutil.copytree(source_docs_dir, target_docs_dir, dirs_exist_ok=True)
    target_docs_dir.mkdir(parents=True, exist_ok=True)
    used = {p.relative_to(target_docs_dir).as_posix() for p in target_docs_dir.rglob("*.md")}
    for index in range(count):
        # One generator per article, seeded by a string (hashed the same on every run and
        # Python version), so article i does not change when `count` does.
        rng = random.Random(f"{seed}:{index}")
        is_news = index % 2 == 0
        folder = NEWS_FOLDER if is_news else OTHER_FOLDERS[(index // 2) % len(OTHER_FOLDERS)]
        title = _title(rng)
        rel = _unique(f"{folder}/{slugify(title)}", used)
        path = target_docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nfc(_article(rng, title, is_news)), encoding="utf-8")


def _unique(stem: str, used: set[str]) -> str:
    rel, n = f"{stem}.md", 1
    while rel in used:
        n += 1
        rel = f"{stem}-{n}.md"
    used.add(rel)
    return rel


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _entries(rng: random.Random, words: int) -> list[str]:
    """Word-list entries adding up to at least `words` words (an entry may hold several)."""
    picked: list[str] = []
    while sum(len(e.split()) for e in picked) < words:
        picked.append(rng.choice(WORDS))
    return picked


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(_entries(rng, words))


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    entries = _entries(rng, rng.randint(low, high))
    if len(entries) > 6 and rng.random() < 0.5:
        # The comma goes between entries, never inside a compound such as "thất nghiệp".
        entries[rng.randint(2, len(entries) - 3)] += ","
    return _capitalised(" ".join(entries)) + "."


def _paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    count = 0
    # Stop half a sentence early, so paragraphs overshoot and undershoot about equally.
    while count < words - 6:
        sentences.append(_sentence(rng))
        count += len(sentences[-1].split())
    return " ".join(sentences)


def _title(rng: random.Random) -> str:
    return _capitalised(_phrase(rng, rng.randint(5, 9)))


def _money(rng: random.Random) -> str:
    # Vietnamese groups thousands with dots: 3.700.000.
    return f"{rng.randrange(200, 9000) * 1000:,}".replace(",", ".")


def _table(rng: random.Random) -> str:
    rows = ["| Nội dung | Mức (đồng) | Ghi chú |", "|---|---:|---|"]
    for _ in range(rng.randint(3, 5)):
        rows.append(
            f"| {_capitalised(_phrase(rng, 3))} | {_money(rng)} | {_capitalised(_phrase(rng, 4))} |"
        )
    return "\n".join(rows)


def _bullets(rng: random.Random) -> str:
    return "\n".join(f"- {_sentence(rng, 5, 10)}" for _ in range(rng.randint(3, 6)))


def _front_matter(rng: random.Random, title: str, is_news: bool) -> str:
    meta: dict = {
        "title": title,
        "description": _sentence(rng, 15, 22),
        "date": FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
    }
    if is_news:
        meta["categories"] = [rng.choice(CATEGORIES)]
    else:
        # Law and policy articles must cite their source (portal.schema); the real decree
        # on minimum wages stands in for every generated one.
        meta["summary"] = [_sentence(rng, 8, 14), _sentence(rng, 8, 14)]
        meta["sources"] = [SOURCE]
        meta["checked"] = meta["date"]
    meta["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---"


def _article(rng: random.Random, title: str, is_news: bool) -> str:
    """Front matter, marker, title, intro, then 3-5 headed sections holding a table and a list."""
    blocks = [_front_matter(rng, title, is_news), MARKER, f"# {title}", _paragraph(rng, 50)]
    if is_news:
        # Without this separator Material's blog shows whole posts on its index pages.
        blocks.append("<!-- more -->")
    headings = rng.randint(3, 5)
    table_at, list_at = rng.sample(range(headings), 2)
    per_section = (WORDS_PER_ARTICLE - 50 - 110) // headings  # headings, table, list: ~110
    level = "##"
    for section in range(headings):
        blocks.append(f"{level} {_title(rng)}")
        blocks.append(_paragraph(rng, per_section // 2))
        if section == table_at:
            blocks.append(_table(rng))
        if section == list_at:
            blocks.append(_bullets(rng))
        blocks.append(_paragraph(rng, per_section - per_section // 2))
        # A "###" only ever follows a "##", so the outline never skips a level.
        level = rng.choice(("##", "###"))
    return "\n\n".join(blocks) + "\n"
