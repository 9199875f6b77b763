"""Fuzzing with the mistakes editors make, on the project's real files, through the real readers.

Every article's front matter and every data file (the plan, the local data, the tag list, the
infographics, the publish settings) is mutated value by value — a wrong type for every key, an
impossible or badly written date, an empty value, a list for a scalar and a scalar for a list,
a YAML tag, pasted Word text — and whole-file mistakes are added (BOM, CRLF, NUL, a tab, an
alias bomb, deep nesting, a 5 MB line, an unclosed quote or fence). Each case must give
Vietnamese problems located in the file, never a traceback or a hang; the readers never write.
`make test` runs one case in two (over 10,000), `make test-fast` one in ten.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, run_portal
from portal import checks
from portal.content import articles, datafile, facts, frontmatter, local_facts, plan, synonyms
from portal.infographics import spec
from portal.problems import PortalError, Problem
from portal.publish import pipeline

# One case in SHARE is run: about 11,000 of the 22,000 by default, a tenth in `make test-fast`.
SHARE = int(os.environ.get("PORTAL_FUZZ_SHARE", "2"))
TAG = "__THE_YAML_TAG__"
# What editors put where a value belongs, in the order they make them.
MUTATIONS: list[object] = [
    None,
    "",
    [],
    {},
    ["một", "hai"],
    {"khoa": "giá trị"},
    True,
    12345,
    1.5,
    "2026-13-45",
    "2026-02-30",
    "03/12/2026",
    "5.310.000",
    ".nan",
    "1e999",
    unicodedata.normalize("NFD", "Đoàn phí công đoàn"),
    "“Dán từ Word” – có\u00a0dấu cách cứng\u200b",
    "<script>alert(1)</script>",
    "x" * 20_000,
    TAG,
]
# libyaml writes the ten thousand mutated files in a fraction of the pure-Python time.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
TAG_TEXT = "!!python/object/apply:os.system ['echo x']"
# Whole-file mistakes: (name, how the text changes).
WHOLE_FILE: list[tuple[str, Callable[[str], str]]] = [
    ("bom", lambda t: "\ufeff" + t),
    ("crlf", lambda t: t.replace("\n", "\r\n")),
    ("nul", lambda t: t[: len(t) // 2] + "\x00" + t[len(t) // 2 :]),
    ("tab", lambda t: t.replace("\n", "\n\t", 1)),
    ("unclosed-quote", lambda t: re.sub(r"^(\s*[a-z_]+): ", r'\1: "', t, count=1, flags=re.M)),
    ("alias-bomb", lambda t: t + _alias_bomb()),
    ("deep", lambda t: t + "sau: " + "[" * 5000 + "]" * 5000 + "\n"),
    ("long-line", lambda t: t + "dai: " + "a" * 5_000_000 + "\n"),
    ("second-document", lambda t: t + "\n---\nthem: 1\n"),
    ("empty", lambda t: ""),
    ("only-comment", lambda t: "# chỉ có ghi chú\n"),
    ("list-at-top", lambda t: "- một\n- hai\n"),
]


def _alias_bomb() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, 9):
        previous = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{previous}]")
    return "\n".join(lines) + "\n"


def _plain(value: object) -> object:
    """The tree's values as plain Python, so the YAML dumper writes them back."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if value is None else str(value)


def _paths(value: object, where: tuple = ()) -> Iterator[tuple]:
    """Every path of a value in a tree: the value itself, then its children."""
    if where:
        yield where
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*where, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*where, index))


def _replaced(data: object, where: tuple, new: object) -> object:
    if not where:
        return new
    head, *rest = where
    if isinstance(data, dict):
        return {k: (_replaced(v, tuple(rest), new) if k == head else v) for k, v in data.items()}
    return [_replaced(v, tuple(rest), new) if i == head else v for i, v in enumerate(data)]


def _dump(data: object) -> str:
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    return text.replace(f"'{TAG}'", TAG_TEXT).replace(TAG, TAG_TEXT)


def mutations_of(text: str) -> Iterator[tuple[str, str]]:
    """(what was done, the mutated text) for one YAML text."""
    for name, change in WHOLE_FILE:
        changed = change(text)
        if changed != text:  # an unclosed quote needs a "key: value" line to open on
            yield name, changed
    data = datafile.parse_text(text, "x").data
    if not isinstance(data, dict):
        return
    data = _plain(data)
    for where in _paths(data):
        for n, new in enumerate(MUTATIONS):
            yield f"{'/'.join(map(str, where))}={n}", _dump(_replaced(data, where, new))


# -- the readers, each on one text ------------------------------------------------------------


def _front_matter_reader(rel: str, body: str) -> Callable[[Path, str], list[Problem]]:
    tags = frontmatter.allowed_tags(ROOT)

    def read(root: Path, text: str) -> list[Problem]:
        article = articles.parse_article(f"---\n{text}---\n{body}", rel)
        return article.all_problems(tags)

    return read


def _file_reader(rel: str, read_file: Callable[[Path], object]):
    def read(root: Path, text: str) -> list[Problem]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            read_file(root)
        except PortalError as error:
            return error.problems
        return []

    return read


def _spec_file(rel: str) -> Callable[[Path], object]:
    return lambda root: spec.load(root / rel, rel)


def cases() -> Iterator[tuple[str, str, str, Callable]]:
    """(file, what was done, text, reader) for every case."""
    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT / "docs").as_posix()
        front, body, _ = articles.split_text(path.read_text(encoding="utf-8"), rel)
        if front is None:
            continue
        reader = _front_matter_reader(rel, body)
        for name, text in mutations_of(front + "\n"):
            yield f"docs/{rel}", name, text, reader
    data_files = {
        plan.PLAN_FILE: plan.read,
        local_facts.FACTS_FILE: local_facts.read,
        frontmatter.TAGS_FILE: frontmatter.allowed_tags,
        pipeline.SETTINGS.as_posix(): pipeline.load_settings,
        synonyms.SYNONYMS_FILE: synonyms.load,
    }
    for rel, read_file in data_files.items():
        source = (ROOT / rel).read_text(encoding="utf-8")
        for name, text in mutations_of(source):
            yield rel, name, text, _file_reader(rel, read_file)
    for path in sorted((ROOT / "infographics").glob("*.yml")):
        rel = f"infographics/{path.name}"
        for name, text in mutations_of(path.read_text(encoding="utf-8")):
            yield rel, name, text, _file_reader(rel, _spec_file(rel))


@contextmanager
def _no_hang(seconds: int, what: str):
    """A case that runs this long is a hang (an alias bomb, a quadratic regex): fail it."""

    def stop(*_):
        raise AssertionError(f"{what}: no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_every_editor_mistake_gets_a_located_vietnamese_message(tmp_path):
    root = tmp_path / "project"
    for folder in ("data", "infographics", "deploy"):
        shutil.copytree(ROOT / folder, root / folder)
    count = 0
    failures = []
    for index, (rel, name, text, read) in enumerate(cases()):
        if index % SHARE:
            continue
        count += 1
        with _no_hang(20, f"{rel} {name}"):
            try:
                problems = read(root, text)
            except Exception as error:  # a traceback an editor would see
                failures.append(f"{rel} [{name}]: {type(error).__name__}: {error}"[:300])
                continue
        last_line = text.count("\n") + 2
        for problem in problems:
            inside = problem.path == rel or problem.path.endswith(".csv")
            if not inside or not 1 <= problem.line <= last_line or not problem.message.strip():
                failures.append(f"{rel} [{name}]: misplaced or empty: {problem}"[:300])
        must_fail = name in ("nul", "alias-bomb", "deep", "long-line", "unclosed-quote", "tab")
        if must_fail and not any(p.severity == "error" for p in problems):
            failures.append(f"{rel} [{name}]: accepted")
    assert failures == []
    assert count >= (10_000 if SHARE <= 2 else 1_000)


def test_the_resource_cases_get_their_exact_message(tmp_path):
    """The cases that once exhausted memory or the stack, kept with the message they get now."""
    where = "data/ke-hoach.yml"

    def problems(text: str) -> list[str]:
        return [str(p) for p in datafile.parse_text(text, where).problems]

    assert problems(_alias_bomb()) == [
        "data/ke-hoach.yml:1: lỗi: tệp dùng neo và bí danh YAML ('&tên' và '*tên'). Hãy viết "
        "thẳng giá trị ở từng chỗ cần dùng."
    ]
    assert problems("a: " + "[" * 20_000 + "]" * 20_000) == [
        "data/ke-hoach.yml:1: lỗi: dữ liệu lồng quá sâu hoặc quá nhiều giá trị (giới hạn 40 "
        "tầng, 50000 giá trị); có thể đã dán nhầm nội dung khác vào tệp."
    ]
    assert problems("a: " + "x" * 2_000_000) == [
        "data/ke-hoach.yml:1: lỗi: dữ liệu dài 2.000.003 byte, quá lớn (tối đa 1.000.000); có "
        "thể đã dán nhầm nội dung khác vào. Kiểm tra lại tệp."
    ]
    assert problems("a: 1\nb: !!python/object/apply:os.system ['x']\n") == [
        "data/ke-hoach.yml:2: lỗi: thẻ YAML '!!python/object/apply:os.system' không dùng được "
        "trong tệp của biên tập viên; xóa nó và viết giá trị bình thường."
    ]
    assert problems("a: 1\nb: x\x00y\n") == [
        "data/ke-hoach.yml:2: lỗi: dòng này có ký tự rỗng (NUL), thường do dán từ tệp nhị phân "
        "hay Word; xóa dòng và gõ lại."
    ]
    long_title = spec.MAX_TEXT + 1
    folder = tmp_path / "infographics"
    folder.mkdir()
    good = (ROOT / "infographics" / "luong-toi-thieu-vung-2026.yml").read_text("utf-8")
    title_line = next(line for line in good.splitlines() if line.startswith("title:"))
    (folder / "dai.yml").write_text(good.replace(title_line, "title: " + "a" * long_title))
    line = good.splitlines().index(title_line) + 1
    with pytest.raises(spec.SpecError) as caught:
        spec.load(folder / "dai.yml", "infographics/dai.yml", facts.prepare_for(ROOT, "x"))
    assert [str(p) for p in caught.value.problems] == [
        f"infographics/dai.yml:{line}: lỗi: 'title' (tiêu đề) dài {long_title} ký tự, quá dài "
        "cho một ảnh; hãy viết gọn lại"
    ]


def test_mutated_articles_are_left_untouched_and_the_command_never_crashes(tmp_path):
    """A sample through `portal check` itself: the files are read, never written."""
    project = copy_project(tmp_path / "project")
    target = project / "docs" / "hoi-dap" / "dong-bhxh.md"
    source = next(p for p in sorted((ROOT / "docs" / "hoi-dap").glob("*.md")) if p.stem != "index")
    front, body, _ = articles.split_text(source.read_text(encoding="utf-8"), "x")
    sample = list(mutations_of(front + "\n"))[:: 10 * SHARE]
    for name, text in sample:
        data = f"---\n{text}---\n{body}".encode("utf-8", "surrogatepass")
        target.write_bytes(data)
        problems = checks.run(project, ["hoi-dap/dong-bhxh.md"])
        assert all(p.path.startswith(("docs/", "data/", "infographics/")) for p in problems)
        assert target.read_bytes() == data, name
    target.write_bytes(b"---\ntitle: [\n\x00\xff---\n# \xe1\xba")
    result = run_portal("check", str(target), cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
