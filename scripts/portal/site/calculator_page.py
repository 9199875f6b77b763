"""The calculator pages of "Tính quyền lợi": the form a marker line stands for.

A page in docs/tinh-quyen-loi/ writes `<!-- portal:tinh lam-them -->` on a line of its own; the
build puts there the calculator's form (labels, hints, choices from `calculators.rules`), the
empty result box the script fills, and the script itself, which loads only on these pages. The
figures come from the JSON the build writes (`calculators.figures.JSON_FILE`), never from the
page, so the form and the figures cannot disagree.
"""

from __future__ import annotations

import html
import json
import posixpath
import re

from portal.calculators import CALCULATORS, MARKER, Calculator
from portal.calculators.figures import JSON_FILE

SECTION = "tinh-quyen-loi"
SCRIPT = "assets/tinh-quyen-loi.js"
STYLE = "assets/tinh-quyen-loi.css"
_INPUT_MODES = {"hours": "decimal", "whole": "numeric"}


def find(markdown: str) -> list[tuple[int, str]]:
    """(line, name) of every calculator marker in a page."""
    return [(markdown[: m.start()].count("\n") + 1, m.group(1)) for m in MARKER.finditer(markdown)]


def _relative(target: str, page_url: str) -> str:
    """A site path relative to a page's directory-style URL ("tinh-quyen-loi/lam-them/")."""
    return posixpath.relpath(target, page_url.rstrip("/") or ".") if page_url else target


def _spec(calculator: Calculator) -> str:
    return json.dumps(
        [
            {
                "name": f.name,
                "kind": f.kind,
                "default": f.default,
                "optional": f.optional,
                "choices": [value for value, _ in f.choices],
                "aliases": f.aliases,
            }
            for f in calculator.fields
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def form(calculator: Calculator, page_url: str) -> str:
    """The calculator's form, result box and script, as one raw HTML block."""
    e = html.escape
    rows = []
    for f in calculator.fields:
        ident = f"tinh-{f.name}"
        hint = f'<p class="portal-tinh__hint" id="{ident}-goi-y">{e(f.hint)}</p>' if f.hint else ""
        described = " ".join(x for x in (f"{ident}-goi-y" if f.hint else "", f"{ident}-loi") if x)
        label = e(f.label) + (" <span>(không bắt buộc)</span>" if f.optional else "")
        if f.kind == "choice":
            options = "".join(
                f'<option value="{e(value)}"{" selected" if value == f.default else ""}>'
                f"{e(text)}</option>"
                for value, text in f.choices
            )
            control = (
                f'<select id="{ident}" name="{f.name}" aria-describedby="{described}">'
                f"{options}</select>"
            )
        else:
            mode = _INPUT_MODES.get(f.kind)
            mode_attr = f' inputmode="{mode}"' if mode else ""
            value = f' value="{e(f.default)}"' if f.default else ""
            control = (
                f'<input id="{ident}" name="{f.name}" type="text"{mode_attr} autocomplete="off"'
                f' spellcheck="false" aria-describedby="{described}"{value}>'
            )
        error = f'<p class="portal-tinh__error" id="{ident}-loi" data-loi="{f.name}" hidden></p>'
        rows.append(
            f'<div class="portal-tinh__field"><label for="{ident}">{label}</label>{hint}'
            f"{control}{error}</div>"
        )
    figures = _relative(JSON_FILE, page_url)
    register = _relative("so-lieu/", page_url) + "/"
    script = _relative(SCRIPT, page_url)
    style = _relative(STYLE, page_url)
    return (
        f'<div class="portal-tinh-khung"><link rel="stylesheet" href="{style}">'
        f'<form class="portal-tinh" data-tinh="{calculator.name}"'
        f' data-truong="{e(_spec(calculator))}"'
        f' data-so-lieu="{figures}" data-trang-so-lieu="{register}" data-ket-qua="tinh-ket-qua"'
        f' aria-label="{e(calculator.title)}" hidden>'
        + "".join(rows)
        + '<button type="submit" class="md-button md-button--primary">Tính</button></form>'
        '<div id="tinh-ket-qua" class="portal-tinh__result" aria-live="polite"></div>'
        "<noscript><p>Công cụ tính cần JavaScript. Hãy bật JavaScript, hoặc hỏi cán bộ xã, "
        "công đoàn cơ sở.</p></noscript>"
        f'<script src="{script}" defer></script></div>'
    )


def fill(markdown: str, page_url: str) -> str:
    """Markdown with each known calculator marker replaced by its form (unknown ones stay)."""

    def one(match: re.Match) -> str:
        calculator = CALCULATORS.get(match.group(1))
        return form(calculator, page_url) if calculator else match.group()

    return MARKER.sub(one, markdown)
