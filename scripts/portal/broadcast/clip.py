"""The vertical clip for Zalo and Facebook groups: 1080×1920 MP4 (H.264 + AAC), 30–60 s.

A title card, the article's infographics with its key sentences burned in as captions (ASS
subtitles through ffmpeg's libass, in Be Vietnam Pro), then an end card with the commune's
name and the article's address. With a voice, the key sentences are read aloud and each caption
lasts as long as its reading; without one, the sound track is silent and a caption lasts its
reading time at the station's pace. Frames are drawn with Pillow; ffmpeg only encodes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import textwrap
import wave
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from portal.broadcast import audio
from portal.broadcast.voice import Voice, program
from portal.infographics import fonts
from portal.infographics.layout import PRIMARY
from portal.text import nfc

WIDTH, HEIGHT = 1080, 1920
FPS = 15  # still pictures: 15 frames a second play smoothly and encode in half the time of 25
SHORTEST, LONGEST = 30.0, 60.0
TITLE_SECONDS, END_SECONDS, GAP = 4.0, 5.0, 0.6
VERSION = "1"  # of the drawing and encoding recipe: part of the cache key
BAND = 170  # the red band over an infographic
CAPTION_TOP = BAND + 1350  # the captions' area, under the 1080×1350 infographic


@dataclass(frozen=True)
class Plan:
    """What a clip shows: every input of its cache key."""

    title: str
    section: str
    commune: str
    address: str
    captions: tuple[tuple[str, str], ...]  # (written, said)
    pictures: tuple[Path, ...]  # portrait PNGs, 1080×1350
    pace: int  # syllables a minute, when there is no voice

    def key(self, voice: Voice | None) -> str:
        pictures = [hashlib.sha256(p.read_bytes()).hexdigest() for p in self.pictures]
        data = {
            "plan": [self.title, self.section, self.commune, self.address, self.captions,
                     self.pace],
            "pictures": pictures,
            "font": fonts.fingerprint(),
            "voice": voice.fingerprint() if voice else None,
            "audio": audio.VERSION,
            "version": VERSION,
        }  # fmt: skip
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Lines of `text` that fit `width` pixels."""
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _wrap_address(draw: ImageDraw.ImageDraw, address: str, font, width: int) -> list[str]:
    """An address has no spaces: break it after its slashes."""
    pieces = " ".join(p + "/" for p in address.rstrip("/").split("/"))
    return [line.replace("/ ", "/") for line in _wrap(draw, pieces, font, width)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _card(top: str, middle: str, bottom: str) -> Image.Image:
    """A red card: a small line, big centred text, a small line at the foot."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PRIMARY)
    draw = ImageDraw.Draw(image)
    small = fonts.get("semibold", 44)
    big = fonts.get("extrabold", 84)
    lines = _wrap(draw, middle, big, WIDTH - 160)[:8]
    y = (HEIGHT - len(lines) * 110) // 2
    draw.text((80, y - 140), _capital(top), font=small, fill="#ffe9e6")
    for line in lines:
        draw.text((80, y), line, font=big, fill="white")
        y += 110
    foot = (_wrap_address if "/" in bottom else _wrap)(draw, bottom, small, WIDTH - 160)
    y = HEIGHT - 120 - len(foot) * 62
    for line in foot:
        draw.text((80, y), line, font=small, fill="white")
        y += 62
    return image


def _with_band(picture: Path, title: str) -> Image.Image:
    """The infographic under a red band with the article's title (the image names the
    commune already)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#f4f1ee")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, BAND), fill=PRIMARY)
    font = fonts.get("bold", 46)
    lines = _wrap(draw, title, font, WIDTH - 120)
    if len(lines) > 2:
        lines = [lines[0], lines[1].rstrip(",;:") + "…"]
    y = (BAND - len(lines) * 58) // 2
    for line in lines:
        draw.text((60, y), line, font=font, fill="white")
        y += 58
    with Image.open(picture) as shown:
        shown = shown.convert("RGB")
        if shown.size != (WIDTH, 1350):
            shown = shown.resize((WIDTH, 1350))
        image.paste(shown, (0, BAND))
    return image


def _seconds(text: str, pace: int) -> float:
    return max(3.0, len(text.split()) * 60 / pace)


def _ass_time(seconds: float) -> str:
    centis = round(seconds * 100)
    return (
        f"{centis // 360000}:{centis // 6000 % 60:02d}:{centis // 100 % 60:02d}.{centis % 100:02d}"
    )


# The captions' ASS style: white semibold text in a dark box (BorderStyle 3), bottom centre.
STYLE = {
    "Name": "Caption", "Fontname": "Be Vietnam Pro SemiBold", "Fontsize": "60",
    "PrimaryColour": "&H00FFFFFF", "SecondaryColour": "&H00FFFFFF",
    "OutlineColour": "&H00201A17", "BackColour": "&H00201A17", "Bold": "0", "Italic": "0",
    "Underline": "0", "StrikeOut": "0", "ScaleX": "100", "ScaleY": "100", "Spacing": "0",
    "Angle": "0", "BorderStyle": "3", "Outline": "18", "Shadow": "0", "Alignment": "2",
    "MarginL": "70", "MarginR": "70",
}  # fmt: skip
_STYLE_TAIL = ("MarginV", "Encoding")


def _ass(events: list[tuple[float, float, str]]) -> str:
    """Subtitles: white semibold text on a dark box under the infographic."""
    margin = (HEIGHT - CAPTION_TOP) // 3  # up to three lines sit in the middle of the area
    head = textwrap.dedent(
        f"""\
        [Script Info]
        ScriptType: v4.00+
        PlayResX: {WIDTH}
        PlayResY: {HEIGHT}
        WrapStyle: 0

        [V4+ Styles]
        Format: {", ".join((*STYLE, *_STYLE_TAIL))}
        Style: {",".join(STYLE.values())},{max(margin, 40)},1

        [Events]
        Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
        """
    )
    lines = [
        f"Dialogue: 0,{_ass_time(a)},{_ass_time(b)},Caption,,0,0,0,,"
        + text.replace("\\", "\\\\").replace("{", "(").replace("}", ")").replace("\n", " ")
        for a, b, text in events
    ]
    return head + "\n".join(lines) + "\n"


def _silence(path: Path, seconds: float, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * round(seconds * rate))


def _joined(parts: list[tuple[Path | None, float]], target: Path) -> None:
    """One WAV of the spoken parts, each padded with silence to its slot's length."""
    rate = 22050
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        for path, slot in parts:
            frames = b""
            if path is not None:
                with wave.open(str(path), "rb") as said:
                    if said.getframerate() != rate or said.getsampwidth() != 2:
                        raise OSError("giọng đọc trả về âm thanh khác dạng 22050 Hz, 16 bit")
                    frames = said.readframes(said.getnframes())
            wanted = round(slot * rate) * 2
            out.writeframes(frames[:wanted] + b"\0" * max(0, wanted - len(frames)))


def timeline(plan: Plan, spoken: list[float] | None) -> tuple[float, list[float], int]:
    """(title seconds, caption seconds, captions kept) so the clip lasts 30–60 s."""
    lengths = spoken or [
        _seconds(plan.title, plan.pace),
        *(_seconds(w, plan.pace) for w, _ in plan.captions),
    ]
    title = max(TITLE_SECONDS, lengths[0] + GAP)
    captions = [length + GAP for length in lengths[1:]]
    while len(captions) > 1 and title + sum(captions) + END_SECONDS > LONGEST:
        captions.pop()
    total = title + sum(captions) + END_SECONDS
    if total < SHORTEST:
        stretch = (SHORTEST - total) / max(1, len(captions))
        captions = [c + stretch for c in captions]
    if title + sum(captions) + END_SECONDS > LONGEST:
        captions[-1] = LONGEST - END_SECONDS - title - sum(captions[:-1])
    return title, captions, len(captions)


def render(plan: Plan, voice: Voice | None) -> bytes:
    """The MP4 of a plan; OSError (with a Vietnamese message) when ffmpeg fails."""
    if not plan.pictures or not plan.captions:
        raise OSError("video cần ít nhất một infographic và một câu chính")
    with tempfile.TemporaryDirectory(prefix="portal-clip-") as scratch:
        folder = Path(scratch)
        spoken_files: list[Path] = []
        lengths = None
        if voice is not None:
            said = [plan.title, *(s for _, s in plan.captions)]
            for index, text in enumerate(said):
                wav = folder / f"doc-{index}.wav"
                voice.speak(text, wav)
                spoken_files.append(wav)
            lengths = [audio.duration(w) for w in spoken_files]
        title_s, caption_s, kept = timeline(plan, lengths)
        captions = plan.captions[:kept]
        total = title_s + sum(caption_s) + END_SECONDS
        # Frames: the title card, one frame per caption (its infographic), the end card.
        _card(plan.commune, plan.title, plan.section).save(folder / "title.png")
        _card(plan.commune, "Xem đầy đủ tại trang thông tin của xã", plan.address).save(
            folder / "end.png"
        )
        for index, picture in enumerate(plan.pictures):
            _with_band(picture, plan.title).save(folder / f"pic-{index}.png")
        entries = [("title.png", title_s)]
        events, at = [], title_s
        for index, ((written, _), seconds) in enumerate(zip(captions, caption_s, strict=True)):
            picture = index * len(plan.pictures) // len(captions)
            entries.append((f"pic-{picture}.png", seconds))
            events.append((at, at + seconds - 0.15, nfc(written)))
            at += seconds
        entries.append(("end.png", END_SECONDS))
        listing = "".join(f"file '{name}'\nduration {seconds:.3f}\n" for name, seconds in entries)
        (folder / "frames.txt").write_text(listing + "file 'end.png'\n", encoding="utf-8")
        (folder / "captions.ass").write_text(_ass(events), encoding="utf-8")
        (folder / "fonts").mkdir()
        shutil.copy(fonts.path("semibold"), folder / "fonts" / "caption.ttf")
        sound = folder / "sound.wav"
        if voice is not None:
            parts = [(spoken_files[0], title_s)]
            parts += list(zip(spoken_files[1 : kept + 1], caption_s, strict=True))
            parts.append((None, END_SECONDS))
            joined = folder / "joined.wav"
            _joined(parts, joined)
            audio.normalise(joined, folder / "sound.m4a", ["-c:a", "aac", "-b:a", "96k"])
            sound_args = ["-i", "sound.m4a", "-c:a", "copy"]
        else:
            _silence(sound, total)
            sound_args = ["-i", "sound.wav", "-c:a", "aac", "-b:a", "64k", "-ar", "44100"]
        done = subprocess.run(
            [program("ffmpeg"), "-hide_banner", "-nostats", "-y",
             "-f", "concat", "-safe", "0", "-i", "frames.txt", *sound_args[:2],
             "-map", "0:v", "-map", "1:a",
             "-vf", f"fps={FPS},format=yuv420p,ass=captions.ass:fontsdir=fonts",
             "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "23",
             *sound_args[2:], "-t", f"{total:.3f}", "-movflags", "+faststart", "clip.mp4"],
            cwd=folder, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            raise OSError(f"ffmpeg không dựng được video: {done.stderr.strip()[-400:]}")
        return (folder / "clip.mp4").read_bytes()


def frame(clip: Path, seconds: float, target: Path) -> None:
    """One frame of a clip as PNG (for the golden image test and for looking at it)."""
    done = subprocess.run(
        [program("ffmpeg"), "-hide_banner", "-nostats", "-y", "-ss", f"{seconds:.2f}",
         "-i", str(clip), "-frames:v", "1", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise OSError(f"ffmpeg không lấy được khung hình: {done.stderr.strip()[-300:]}")


def captions_of(points: list[str], paragraphs: list[str], limit: int = 4) -> list[str]:
    """The key sentences: the article's summary points, else its first paragraphs' sentences."""
    chosen = [p for p in points if p][:limit]
    if not chosen:
        for paragraph in paragraphs:
            first = paragraph.split(". ")[0].rstrip(".") + "."
            if len(first.split()) >= 5:
                chosen.append(first)
            if len(chosen) == limit:
                break
    return [_shorten(c) for c in chosen]


def _shorten(text: str, most: int = 170) -> str:
    """A caption fits four lines: cut long ones at a word, with an ellipsis."""
    if len(text) <= most:
        return text
    cut = text[:most].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
