"""What the checks report: one problem, located by file and line, in the editors' language."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file."""

    path: str  # relative to the project root, e.g. "docs/phap-luat/a.md"
    line: int
    code: str  # stable name of the rule, e.g. "khoa-la"; the editor guide explains each
    message: str
    severity: str = "error"  # "error" stops the build and `portal check`; "warning" is reported

    def __str__(self) -> str:
        label = "lỗi" if self.severity == "error" else "cảnh báo"
        return f"{self.path}:{self.line}: {label}: {self.message}"

    def as_dict(self) -> dict:
        """Plain data for `portal check --format json`."""
        return asdict(self)
