"""The figures the calculators use, on one day, as plain data (the JSON the pages load).

Every value comes from the register (`data/so-lieu.yml`) with its label, unit, basis and status,
and the commune's wage region from `data/dia-phuong.yml`; the browser and `portal tinh` compute
from this same structure, so they cannot disagree about a figure.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from portal.content.facts import Register

JSON_FILE = "tinh-quyen-loi/so-lieu.json"  # relative to the site's root


def _plain(value: Decimal | str) -> int | float | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def build(
    register: Register,
    day: dt.date,
    keys: list[str],
    region: str | None = None,
    region_confirmed: bool = False,
) -> dict:
    """The facts `keys` in force on `day`, and the commune's region (None when unknown)."""
    found = {}
    for key in keys:
        fact = register.get(key)
        period = fact.at(day) if fact else None
        if fact is None:
            continue
        basis = period.bases[0] if period and period.bases else None
        found[key] = {
            "v": _plain(period.value) if period else None,
            "ten": fact.label,
            "don_vi": fact.unit or "",
            "can_cu": (f"{basis.number}" + (f", {basis.article}" if basis.article else ""))
            if basis
            else "",
            "xac_nhan": fact.confirmed,
            "tu": period.start.isoformat() if period else None,
        }
    return {
        "ngay": day.isoformat(),
        "so_lieu": found,
        "vung_xa": {"vung": region, "xac_nhan": region_confirmed},
    }


def as_json(figures: dict) -> str:
    """The figures as the pages load them (compact, UTF-8)."""
    return json.dumps(figures, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
