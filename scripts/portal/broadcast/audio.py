"""The audio draft: a script read by the voice, loudness-normalised for loudspeakers, as MP3.

Loudness follows EBU R128 with ffmpeg's `loudnorm` in two passes (measure, then a linear gain),
to −16 LUFS integrated with peaks under −1.5 dBTP: the level of spoken-word streams, loud enough
for the commune's loudspeakers without clipping. Mono, 44.1 kHz, 64 kbit/s: speech needs no
more, and a 5-minute draft stays near 2.4 MB for a phone.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from portal.broadcast.voice import Voice, program

LOUDNESS = -16.0  # LUFS, integrated
PEAK = -1.5  # dBTP
RANGE = 11.0  # LU
VERSION = "1"  # of this recipe: part of every cache key
# espeak-ng's peaks sit far above its average level, so loudnorm alone stops short of −16 LUFS
# to keep them under the ceiling; a gentle compressor first (4:1 above −20 dBFS) evens them.
COMPRESS = "acompressor=threshold=0.1:ratio=4:attack=5:release=100"


def _run(args: list[str], what: str) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode:
        raise OSError(f"{what} thất bại: {done.stderr.strip()[-400:]}")
    return done


def normalise(wav: Path, out: Path, codec: list[str]) -> None:
    """`wav` to `out` at −16 LUFS (two-pass loudnorm), encoded with `codec` arguments."""
    ffmpeg = program("ffmpeg")
    target = f"I={LOUDNESS}:TP={PEAK}:LRA={RANGE}"
    first = _run(
        [ffmpeg, "-hide_banner", "-nostats", "-i", str(wav), "-af",
         f"{COMPRESS},loudnorm={target}:print_format=json", "-f", "null", "-"],
        "Đo độ to",
    )  # fmt: skip
    measured = json.loads(first.stderr[first.stderr.rindex("{") :])
    second = (
        f"{COMPRESS},loudnorm={target}:measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
        f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
        f":offset={measured['target_offset']}:linear=true"
    )
    _run(
        [ffmpeg, "-hide_banner", "-nostats", "-y", "-i", str(wav), "-af", second,
         "-ar", "44100", "-ac", "1", *codec, str(out)],
        "Chuẩn hóa độ to",
    )  # fmt: skip


def mp3(voice: Voice, speech: str) -> bytes:
    """The MP3 draft of a script's `speech` text."""
    with tempfile.TemporaryDirectory(prefix="portal-audio-") as scratch:
        wav = Path(scratch) / "doc.wav"
        voice.speak(speech, wav)
        out = Path(scratch) / "doc.mp3"
        normalise(wav, out, ["-c:a", "libmp3lame", "-b:a", "64k"])
        return out.read_bytes()


def probe(path: Path) -> dict:
    """ffprobe's view of a media file: format and streams."""
    done = _run(
        [program("ffprobe"), "-v", "error", "-show_format", "-show_streams", "-of", "json",
         str(path)],
        "ffprobe",
    )  # fmt: skip
    return json.loads(done.stdout)


def duration(path: Path) -> float:
    return float(probe(path)["format"]["duration"])


def loudness(path: Path) -> float:
    """Integrated loudness in LUFS, measured by ffmpeg's ebur128 filter."""
    done = _run(
        [program("ffmpeg"), "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a",
         "-af", "ebur128", "-f", "null", "-"],
        "Đo độ to",
    )  # fmt: skip
    found = re.findall(r"I:\s+(-?[\d.]+) LUFS", done.stderr)
    if not found:
        raise OSError("ebur128 không đo được độ to")
    return float(found[-1])
