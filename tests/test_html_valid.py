"""Every page of the built site is valid HTML: the Nu HTML Checker finds no error.

The checker (npm `vnu-jar`, tests/html/package.json) runs offline on Java. The theme's own markup
had three kinds of error on every page (`autocomplete` on checkboxes, a label for a missing
control, `tabindex=""`); the overrides and `site/html_fixes.py` correct them.
"""

from __future__ import annotations

import shutil
import subprocess

from conftest import ROOT

CHECKER = ROOT / "tests" / "html" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_the_built_site_is_valid_html(built_site):
    assert CHECKER.is_file(), "run `make test` (npm ci --prefix tests/html) to install the checker"
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs default-jre-headless"
    result = subprocess.run(
        [java, "-jar", str(CHECKER), "--errors-only", "--skip-non-html", "--format", "gnu",
         str(built_site)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    errors = [line for line in result.stderr.splitlines() if ": error:" in line]
    assert errors == [], "\n".join(errors[:20])
    pages = sum(1 for _ in built_site.rglob("*.html"))
    assert pages > 50  # the whole site was checked, not an empty folder
