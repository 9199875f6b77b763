"""The commune plan as data (data/ke-hoach.yml): what it holds, its messages, its page."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, copy_project, run_portal
from portal.content import articles as content
from portal.content import plan

PLAN_TEXT = (ROOT / plan.PLAN_FILE).read_text(encoding="utf-8")


def write_plan(tmp_path, text: str):
    """A project root in tmp_path whose data/ke-hoach.yml holds `text`."""
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / plan.PLAN_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def mistakes(tmp_path, old: str, new: str) -> list[str]:
    """The messages for the real plan with `old` replaced by `new`."""
    assert old in PLAN_TEXT, old
    root = write_plan(tmp_path, PLAN_TEXT.replace(old, new, 1))
    with pytest.raises(content.ContentError) as caught:
        plan.read(root)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_plan_has_five_tasks_as_the_commune_wrote_them():
    the_plan = plan.read(ROOT)
    assert [t.number for t in the_plan.tasks] == [1, 2, 3, 4, 5]
    assert [t.lead for t in the_plan.tasks] == [
        "Phòng Văn hóa – Xã hội xã",
        "Phòng Văn hóa – Xã hội",
        "Văn Phòng HĐND và UBND xã",
        "Phòng Văn hóa – Xã hội xã",
        "Phòng Văn hóa – Xã hội xã",
    ]
    assert all(t.timing == "Thường xuyên" for t in the_plan.tasks)
    assert the_plan.tasks[0].partners[0] == "Công an xã"
    assert the_plan.tasks[4].partners[0] == "Phòng Kinh tế xã"
    assert str(the_plan.issued) == "tháng 3/2026"
    assert len(the_plan.requirements) == 3
    assert len(the_plan.bodies) == 5
    # Only the Front and the socio-political organisations are "asked", not assigned.
    assert [b.requested for b in the_plan.bodies] == [False, False, False, False, True]


def test_the_progress_log_holds_only_the_issuing_of_the_plan():
    """No invented progress: the log starts with the plan itself, in March 2026."""
    the_plan = plan.read(ROOT)
    assert len(the_plan.progress) == 1
    entry = the_plan.progress[0]
    assert (entry.day.year, entry.day.month, entry.day.day) == (2026, 3, None)
    assert entry.tasks == ()
    assert "ban hành Kế hoạch" in entry.text


def test_every_task_keeps_the_plans_own_words():
    """The original paragraphs of the plan (seed text) appear word for word in the data."""
    the_plan = plan.read(ROOT)
    expected = {
        1: "phân công bộ phận theo dõi số lượng công nhân làm việc tại các doanh nghiệp",
        2: "sử dụng các nhóm Zalo/Facebook chính thống trong công tác tuyên truyền",
        3: "Quan tâm phát triển đảng viên trong công nhân trực tiếp sản xuất.",
        4: "Tư vấn pháp luật, hỗ trợ công nhân có hoàn cảnh khó khăn.",
        5: "Quan tâm bố trí nguồn lực, kinh phí, cơ sở vật chất",
    }
    for task in the_plan.tasks:
        assert expected[task.number] in " ".join(task.original), task.number


def test_render_lists_tasks_responsibilities_and_progress():
    markdown = plan.render(plan.read(ROOT))
    assert markdown.index("## Mục đích, yêu cầu") < markdown.index("## Nhiệm vụ cụ thể")
    assert markdown.index("## Nhiệm vụ cụ thể") < markdown.index("## Tổ chức thực hiện")
    assert markdown.index("## Tổ chức thực hiện") < markdown.index("## Tiến độ thực hiện")
    assert markdown.count("### Nhiệm vụ ") == 5
    assert "- **Chủ trì:** Văn Phòng HĐND và UBND xã" in markdown
    assert "(đề nghị):**" in markdown
    assert "- **Tháng 3/2026** (Cả Kế hoạch): UBND xã Trần Phú ban hành" in markdown


def test_progress_is_newest_first_and_names_its_tasks(tmp_path):
    text = PLAN_TEXT + (
        "  - ngay: 2026-05-04\n    nhiem_vu: [4, 2]\n    noi_dung: Việc thứ hai.\n"
        "  - ngay: 2026-04-15\n    nhiem_vu: 1\n    noi_dung: Việc thứ nhất.\n"
    )
    rendered = plan.render_progress(plan.read(write_plan(tmp_path, text)))
    lines = rendered.splitlines()
    assert lines[0] == "- **04/05/2026** (Nhiệm vụ 2, 4): Việc thứ hai."
    assert lines[1] == "- **15/04/2026** (Nhiệm vụ 1): Việc thứ nhất."
    assert lines[2].startswith("- **Tháng 3/2026** (Cả Kế hoạch)")


def test_an_empty_progress_log_says_so(tmp_path):
    start = PLAN_TEXT.index("tien_do:")
    root = write_plan(tmp_path, PLAN_TEXT[:start] + "tien_do: []\n")
    assert plan.render_progress(plan.read(root)) == "Chưa có cập nhật tiến độ."


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "  - so: 3\n",
            "  - so: 4\n",
            "  - so: 4\n",
            "'so' (số thứ tự) của nhiệm vụ thứ 3 phải là 3; các nhiệm vụ đánh số 1, 2, 3… theo "
            "thứ tự (đang là '4')",
        ),
        (
            "  - don_vi: Phòng Kinh tế xã\n",
            "  - don_vi:\n",
            "  - don_vi:\n",
            "'don_vi' (đơn vị) trong mục thứ 3 của 'to_chuc_thuc_hien' phải là một đoạn chữ, "
            "không để trống",
        ),
        (
            "  - ngay: 2026-03\n",
            "  - ngay: 15/3/2026\n",
            "  - ngay: 15/3/2026\n",
            "'ngay' (ngày) trong mục thứ 1 của 'tien_do' phải viết năm-tháng-ngày: 2026-03-15 "
            "thay cho 15/3/2026",
        ),
        (
            "    nhiem_vu:\n    noi_dung: >-\n      UBND",
            "    nhiem_vu: 6\n    noi_dung: >-\n      UBND",
            "    nhiem_vu: 6\n",
            "'nhiem_vu' của mục tiến độ thứ 1 phải là số nhiệm vụ từ 1 đến 5 (đang là 6)",
        ),
        (
            "    thoi_gian: Thường xuyên\n\n  - so: 2\n",
            "    thoi_gian: Thường xuyên\n    han: 2026\n\n  - so: 2\n",
            "    han: 2026\n",
            "khóa 'han' không có trong mẫu. Các khóa dùng được: so, ten, tom_tat, nguyen_van, "
            "chu_tri, phoi_hop, thoi_gian",
        ),
    ],
)
def test_each_mistake_names_the_file_and_line(tmp_path, old, new, needle, message):
    changed = PLAN_TEXT.replace(old, new, 1)
    found = mistakes(tmp_path, old, new)
    assert f"data/ke-hoach.yml:{line_of(changed, needle)}: lỗi: {message}" in found


def test_a_missing_key_is_reported_at_its_task(tmp_path):
    old = "    chu_tri: Văn Phòng HĐND và UBND xã\n"
    changed = PLAN_TEXT.replace(old, "", 1)
    found = mistakes(tmp_path, old, "")
    task_line = line_of(changed, "  - so: 3\n")
    expected = (
        f"data/ke-hoach.yml:{task_line}: lỗi: thiếu 'chu_tri' (đơn vị chủ trì) trong mục thứ 3 "
        "của 'nhiem_vu'; thêm dòng 'chu_tri: …'"
    )
    assert expected in found


def test_broken_yaml_gives_the_line_and_advice(tmp_path):
    root = write_plan(tmp_path, "ten: Kế hoạch\nnhiem_vu:\n  - so: 1\n ten: lệch\n")
    with pytest.raises(content.ContentError) as caught:
        plan.read(root)
    message = str(caught.value)
    assert message.startswith("data/ke-hoach.yml:4: lỗi: không đúng cú pháp YAML")
    assert "không dùng Tab" in message
    assert "Traceback" not in message


def test_every_mistake_is_reported_at_once(tmp_path):
    text = PLAN_TEXT.replace("  - so: 2\n", "  - so: 9\n", 1).replace(
        "  - ngay: 2026-03\n", "  - ngay: hôm qua\n", 1
    )
    with pytest.raises(content.ContentError) as caught:
        plan.read(write_plan(tmp_path, text))
    assert len(caught.value.problems) == 2


def test_fill_replaces_the_marker_and_leaves_other_pages_alone(tmp_path):
    page = "# Kế hoạch\n\nMở đầu.\n\n<!-- portal:ke-hoach -->\n\nKết.\n"
    filled = plan.fill(page, ROOT)
    assert plan.MARKER not in filled
    assert "### Nhiệm vụ 5: Tăng cường phối hợp" in filled
    assert plan.fill("# Khác\n", tmp_path) == "# Khác\n"  # no marker: the file is not even read


def test_the_core_module_does_not_import_mkdocs():
    code = (
        "import sys, portal.content.plan, portal.content.local_facts, portal.content.markers; "
        "print('mkdocs' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_the_built_plan_page_comes_from_the_data(built_site):
    page = (built_site / "ke-hoach" / "index.html").read_text(encoding="utf-8")
    assert "portal:ke-hoach" not in page
    for title in (t.title for t in plan.read(ROOT).tasks):
        assert title.split(",")[0] in page
    assert "Tiến độ thực hiện" in page


def test_a_mistake_in_the_plan_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / plan.PLAN_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("  - so: 2\n", "  - so: 7\n"), "utf-8")
    result = run_portal("build", cwd=project)
    assert result.returncode == 1
    assert "data/ke-hoach.yml:" in result.stderr
    assert "'so' (số thứ tự) của nhiệm vụ thứ 2 phải là 2" in result.stderr
    assert "Traceback" not in result.stderr
    shutil.rmtree(project)


def test_overview_infographic_is_made_from_the_plan_file(tmp_path):
    """Editing data/ke-hoach.yml changes the overview image's data: one file to update."""
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "ke-hoach.yml", tmp_path / "data" / "ke-hoach.yml")
    made = plan.overview_infographic(tmp_path)
    spec = yaml.safe_load(made[plan.OVERVIEW][0])
    tasks = plan.read(tmp_path).tasks
    assert spec["kind"] == "steps" and len(spec["items"]) == len(tasks)
    assert [item["title"] for item in spec["items"]] == [t.title for t in tasks]
    assert spec["checked"] == plan.read(tmp_path).checked == dt.date(2026, 11, 23)
    path = tmp_path / "data" / "ke-hoach.yml"
    path.write_text(path.read_text("utf-8").replace("kiem_tra: ", "# kiem_tra: "), "utf-8")
    assert plan.overview_infographic(tmp_path) == {}, "no check date, no image"


def test_plan_page_shows_the_overview_image(built_site):
    page = (built_site / "ke-hoach" / "index.html").read_text(encoding="utf-8")
    assert "ke-hoach-tong-quan" in page
    assert (built_site / "infographic" / "ke-hoach-tong-quan-1080x1350.png").is_file()
