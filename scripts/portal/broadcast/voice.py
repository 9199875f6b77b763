"""The voice that reads scripts aloud, behind one small interface.

Today it is Debian's espeak-ng with its Vietnamese (northern) voice: the only Vietnamese voice
this project can install from a package (neural voices are downloaded from model hubs, which
the portal never uses). Its reading is a draft for rehearsal, never the station's broadcast. A
better voice only has to provide `name`, `fingerprint()` and `speak()`.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

INSTALL_HINT = "--> Cài bằng: make media (gói Debian espeak-ng và ffmpeg)"


class Voice(Protocol):
    name: str

    def fingerprint(self) -> str:
        """Changes when the voice would read the same text differently (cache key)."""

    def speak(self, text: str, wav: Path) -> None:
        """Write `text` read aloud to the WAV file `wav`; OSError with a Vietnamese message."""


def program(name: str) -> str:
    """The path of a media program; OSError naming the package to install when it is missing."""
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"Không tìm thấy chương trình {name}.\n{INSTALL_HINT}")
    return found


class Espeak:
    """espeak-ng, voice `vi`, at `rate` words a minute."""

    def __init__(self, rate: int = 150, voice: str = "vi"):
        self.rate = rate
        self.voice = voice
        self.name = f"espeak-ng {voice}"

    @functools.cache  # noqa: B019 - one object per build; the version never changes meanwhile
    def fingerprint(self) -> str:
        version = subprocess.run(
            [program("espeak-ng"), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        return hashlib.sha256(f"{version}|{self.voice}|{self.rate}".encode()).hexdigest()[:16]

    def speak(self, text: str, wav: Path) -> None:
        source = wav.with_suffix(".txt")
        source.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [program("espeak-ng"), "-v", self.voice, "-s", str(self.rate), "-b", "1",
             "-f", str(source), "-w", str(wav)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode or not wav.is_file():
            raise OSError(f"espeak-ng không đọc được bài: {done.stderr.strip()[:300]}")
