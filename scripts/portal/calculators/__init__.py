"""Tính quyền lợi: calculators that answer a worker's own question from the register's figures.

One implementation of the rules in Python (`rules.py`), run by `portal tinh` and the tests, and
the same rules in the reader's browser (`docs/assets/tinh-quyen-loi.js`), which a test runs on
thousands of generated inputs and requires to give identical results. Both read the figures
from one plain structure (`figures.build`), which the build writes next to the pages as JSON,
so a calculator follows the register the day the law changes: no figure is typed in the code.

A result is plain data (lists and strings), the same on both sides: the answer lines, the
formula with the figures used, the register keys behind them, what it does not cover; or a
message per wrong field, or one message when the inputs are outside what the rules cover.
"""

from __future__ import annotations

import re

from portal.calculators import figures
from portal.calculators.figures import build as build_figures
from portal.calculators.rules import CALCULATORS, Calculator, Field, run

__all__ = ["CALCULATORS", "MARKER", "Calculator", "Field", "build_figures", "figures", "run"]

# The line that puts a calculator's form in a page: <!-- portal:tinh NAME -->.
MARKER = re.compile(r"^<!--\s*portal:tinh\s+([a-z0-9-]*)\s*-->[ \t]*$", re.MULTILINE)


def unknown(name: str) -> str:
    """The message for a marker naming no calculator."""
    names = ", ".join(CALCULATORS)
    return (
        f"không có công cụ tính '{name}' trong dòng <!-- portal:tinh … -->; các công cụ: {names}."
    )
