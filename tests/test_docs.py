"""The README and the editor guide keep up with the code (after datasette's test_docs)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from portal import cli, problems

GUIDE = ROOT / "HUONG-DAN-BIEN-TAP.md"
README = ROOT / "README.md"


def test_every_problem_code_is_explained_in_the_guide():
    # The registry is the list of codes: a Problem with any other code raises (problems.py).
    guide = GUIDE.read_text(encoding="utf-8")
    missing = sorted(code for code in problems.CODES if f"**`{code}`**" not in guide)
    assert missing == [], f"add these codes to {GUIDE.name}, section 6"


def test_a_code_outside_the_registry_is_refused():
    with pytest.raises(ValueError, match=r"not in portal\.problems\.CODES"):
        problems.Problem("docs/a.md", 1, "ma-khong-co", "…")


def test_every_command_is_documented():
    subcommands = next(
        a for a in cli.parser()._actions if a.dest == "command"
    ).choices  # argparse keeps sub-commands here
    documented = README.read_text("utf-8") + GUIDE.read_text("utf-8")
    missing = [name for name in subcommands if f"portal {name}" not in documented]
    assert missing == []


def test_every_make_target_is_documented():
    targets = re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text("utf-8"), re.MULTILINE)
    documented = README.read_text("utf-8") + GUIDE.read_text("utf-8")
    missing = [t for t in targets if f"make {t}" not in documented]
    assert missing == []


def test_guide_images_exist():
    for image in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", GUIDE.read_text("utf-8")):
        if not image.startswith("http") and "..." not in image and image.endswith(".png"):
            assert (ROOT / image).is_file(), image


def test_readme_starts_with_the_two_commands():
    first_block = README.read_text("utf-8").split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line]
    assert commands == ["make site", "make test"]
