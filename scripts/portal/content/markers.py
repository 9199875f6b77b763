"""Marker lines in pages, such as <!-- portal:ke-hoach -->, replaced by what data files say.

A fact kept in a data file (the plan, the commune's wage region, contact details) is written in
one place and shown wherever a page holds its marker.
"""

from __future__ import annotations

import re
from pathlib import Path

from portal.content import facts, local_facts, plan
from portal.problems import ContentError, Problem

KNOWN = (
    plan.MARKER,
    local_facts.CONTACTS_MARKER,
    local_facts.REGION_MARKER,
    facts.PAGE_MARKER,
    facts.UPCOMING_MARKER,
)
# Filled on the home page alone (site/home.py): latest news, infographic strip, whom to call.
HOME = ("<!-- portal:tin-moi -->", "<!-- portal:infographic-moi -->", "<!-- portal:can-giup -->")
_ANY = re.compile(r"<!--\s*portal:[^>]*-->")


def fill(markdown: str, root: Path, where: str) -> str:
    """Markdown of the page at `where` with every marker replaced; unknown markers are errors."""
    unknown = [m for m in _ANY.findall(markdown) if m not in KNOWN]
    if unknown:
        line = markdown[: markdown.index(unknown[0])].count("\n") + 1
        raise ContentError([Problem(where, line, "danh-dau-la", unknown_message(unknown[0]))])
    markdown = plan.fill(markdown, root)
    return local_facts.fill(markdown, root)


def unknown_message(marker: str) -> str:
    known = ", ".join(KNOWN)
    return f"dòng đánh dấu lạ {marker}; các dòng đánh dấu dùng được: {known}"


def find(line: str) -> list[str]:
    """The marker comments on one line of a page."""
    return _ANY.findall(line)


def check(root: Path) -> list[Problem]:
    """Mistakes in the data files behind the markers, and local facts still to be confirmed."""
    problems: list[Problem] = []
    try:
        plan.read(root)
    except ContentError as error:
        problems += error.problems
    try:
        facts = local_facts.read(root)
    except ContentError as error:
        problems += error.problems
    else:
        problems += [item.problem() for item in local_facts.unfilled(facts)]
    return problems
