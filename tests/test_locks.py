"""The Python lock files: every package pinned and hashed, no dependency left out."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

LOCKS = ("requirements/site.lock", "requirements/test.lock")
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")


def _entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) for one lock file, its `\\` continuation lines joined."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "-r ")):
            continue
        match = _PIN.match(line)
        assert match, f"{path.name}: not an exact pin: {line[:80]}"
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})\b", line)
        found[canonicalize_name(match["name"])] = (match["version"], hashes)
    return found


def test_every_pin_carries_hashes():
    for lock in LOCKS:
        entries = _entries(ROOT / lock)
        assert entries, lock
        unhashed = sorted(name for name, (_, hashes) in entries.items() if not hashes)
        assert unhashed == [], f"{lock}: pins without --hash: {unhashed}"


def test_the_locks_hold_every_dependency_of_what_they_pin():
    """--require-hashes refuses to install a dependency the lock does not pin."""
    pinned = {}
    for lock in LOCKS:
        pinned |= _entries(ROOT / lock)
    missing = set()
    for name in pinned:
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            if canonicalize_name(requirement.name) not in pinned:
                missing.add(f"{requirement.name} (needed by {name})")
    assert sorted(missing) == []


def test_the_installed_versions_are_the_locked_ones():
    for lock in LOCKS:
        for name, (version, _) in _entries(ROOT / lock).items():
            assert metadata.version(name) == version, f"{lock}: {name}"


def test_the_makefile_installs_with_require_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and ".lock" in line]
    locks = [line for line in installs if "requirements/" in line]
    assert len(locks) == 2 and all("--require-hashes" in line for line in locks), locks
    assert "--generate-hashes" in makefile  # `make lock` writes hashed locks
