"""The rules of each calculator, over the figures of `figures.build` (never a typed figure).

docs/assets/tinh-quyen-loi.js holds the same rules, function by function, for the reader's
browser; tests/test_calculators.py runs both on generated inputs and requires identical results.
Money is whole đồng and rates are whole hundredths of a percent (8% -> 800), so both sides do
exact integer arithmetic and round half up in one place (`_divide`).
"""

# The Vietnamese messages stay on one line each, as in the JavaScript, so the two are easy to
# compare line by line; the table of calculators below is laid out by hand for the same reason.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from portal.calculators import inputs
from portal.calculators.inputs import decimal, group

MONTHS = 12  # months in a year: the calendar, not a legal figure
PERCENT = 10000  # a rate in hundredths of a percent: 100% -> 10000


@dataclass(frozen=True)
class Field:
    """One input of a calculator: its key (for forms, links and `portal tinh`), what to type."""

    name: str
    label: str
    kind: str  # money, hours, whole, date, choice
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    default: str = ""  # "" and not optional: the reader must fill it in
    optional: bool = False
    aliases: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Calculator:
    name: str  # its page is docs/tinh-quyen-loi/<name>.md, its command `portal tinh <name>`
    title: str
    question: str
    fields: tuple[Field, ...]
    compute: Callable
    keys: tuple[str, ...]  # every register key it may use
    article: str  # the article it belongs to, relative to docs/


class _Missing(LookupError):
    """A figure has no value on the day (private: becomes the result's message)."""


class _Figures:
    def __init__(self, figures: dict, result: dict):
        self.data = figures
        self.result = result

    def value(self, key: str) -> int | float:
        fact = self.data["so_lieu"].get(key)
        if fact is None or fact["v"] is None:
            raise _Missing(key)
        if key not in self.result["so_lieu"]:
            self.result["so_lieu"].append(key)
        return fact["v"]

    def rate(self, key: str) -> int:
        """A percentage in hundredths: 1.5 -> 150."""
        return _round(self.value(key) * 100)

    def confirmed(self, key: str) -> bool:
        return bool(self.data["so_lieu"][key]["xac_nhan"])

    def start_year(self, key: str) -> int:
        self.value(key)
        return int(self.data["so_lieu"][key]["tu"][:4])


def _round(number: float) -> int:
    """Half up, as JavaScript's Math.round for the positive numbers used here."""
    return int(number * 1 + 0.5) if number >= 0 else -int(-number + 0.5)


def _divide(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, in integers (both positive)."""
    return (2 * numerator + denominator) // (2 * denominator)


def _money(value: int) -> str:
    return group(value) + " đ"


def _percent(hundredths: int) -> str:
    return decimal(hundredths) + "%"


def _empty(name: str) -> dict:
    return {
        "ten": name,
        "ok": False,
        "loi": {},
        "thong_bao": None,
        "ket_qua": [],
        "cong_thuc": [],
        "so_lieu": [],
        "luu_y": [],
        "so": {},
    }


# -- regions ---------------------------------------------------------------------------------

REGION_FIELD = Field(
    "vung",
    "Vùng lương nơi doanh nghiệp hoạt động",
    "choice",
    "Vùng tính theo nơi doanh nghiệp của bạn hoạt động, không theo nơi bạn ở.",
    (("xa", "Xã Trần Phú"), ("1", "Vùng I"), ("2", "Vùng II"), ("3", "Vùng III"), ("4", "Vùng IV")),
    "xa",
    aliases={"i": "1", "ii": "2", "iii": "3", "iv": "4", "vung1": "1", "vung2": "2",
             "vung3": "3", "vung4": "4", "xatranphu": "xa", "tranphu": "xa"},
)  # fmt: skip
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_ROMAN_NUMBER = {"I": "1", "II": "2", "III": "3", "IV": "4"}


def _region(chosen: str, figures: _Figures, result: dict) -> str | None:
    """The region number; for the commune, the one of the local data, with its status."""
    if chosen != "xa":
        return chosen
    commune = figures.data["vung_xa"]
    if not commune.get("vung"):
        result["thong_bao"] = (
            "Chưa có vùng lương của xã Trần Phú trong dữ liệu của trang. Hãy chọn vùng của nơi "
            "doanh nghiệp hoạt động."
        )
        return None
    if not commune.get("xac_nhan"):
        result["luu_y"].append(
            f"Vùng của xã Trần Phú chưa được xã xác nhận; đang tính theo vùng dự kiến, Vùng "
            f"{commune['vung']}. Xem bài Lương tối thiểu vùng 2026."
        )
    return _ROMAN_NUMBER[commune["vung"]]


# -- 1. Lương tối thiểu --------------------------------------------------------------------


def minimum_wage(values: dict, figures: _Figures, result: dict) -> None:
    region = _region(values["vung"], figures, result)
    if region is None:
        return
    hourly = values["loai"] == "gio"
    key = f"luong-toi-thieu-gio-vung-{region}" if hourly else f"luong-toi-thieu-vung-{region}"
    unit = "đ/giờ" if hourly else "đ/tháng"
    lowest = figures.value(key)
    pay = values["luong"]
    difference = pay - lowest
    result["ket_qua"] += [
        [f"Lương tối thiểu Vùng {ROMAN[region]}", f"{group(lowest)} {unit}"],
        ["Lương của bạn", f"{group(pay)} {unit}"],
    ]
    if difference > 0:
        result["ket_qua"].append(["So với mức tối thiểu", f"cao hơn {_money(difference)}"])
    elif difference < 0:
        result["ket_qua"].append(["So với mức tối thiểu", f"THẤP HƠN {_money(-difference)}"])
    else:
        result["ket_qua"].append(["So với mức tối thiểu", "bằng mức tối thiểu"])
    result["cong_thuc"].append(
        f"Chênh lệch = lương của bạn − lương tối thiểu = {group(pay)} − {group(lowest)} = "
        f"{group(difference)} đ"
    )
    if difference < 0:
        result["luu_y"].append(
            "Nếu bạn làm đủ giờ làm việc bình thường mà lương thấp hơn mức tối thiểu, doanh "
            "nghiệp đang trả sai luật. Hãy giữ phiếu lương, hỏi công đoàn cơ sở hoặc cán bộ xã "
            "(trang Liên hệ), không cần tự mình đối chất một mình."
        )
    result["luu_y"] += [
        "So sánh tiền lương trả cho giờ làm việc bình thường đủ tháng (hoặc mỗi giờ), chưa "
        "tính tiền làm thêm giờ, làm ban đêm và các khoản hỗ trợ không gắn với công việc.",
        "Vùng tính theo nơi doanh nghiệp hoạt động; khu công nghiệp nằm trên nhiều vùng áp "
        "dụng mức của vùng cao nhất. Người đi làm xa được trả theo vùng nơi mình làm việc.",
    ]
    result["so"] = {"toi_thieu": lowest, "luong": pay, "chenh_lech": difference}


# -- 2. Làm thêm giờ, làm ban đêm --------------------------------------------------------

DAY_KEYS = {
    "thuong": "tien-lam-them-ngay-thuong",
    "nghi-tuan": "tien-lam-them-ngay-nghi-tuan",
    "le": "tien-lam-them-ngay-le",
}
DAY_NAMES = {"thuong": "ngày thường", "nghi-tuan": "ngày nghỉ hằng tuần", "le": "ngày lễ, Tết"}


def overtime(values: dict, figures: _Figures, result: dict) -> None:
    kind, day, wage, hours = values["loai"], values["ngay"], values["luong_gio"], values["gio"]
    if kind == "dem" and day != "thuong":
        result["thong_bao"] = (
            "Làm vào ngày nghỉ hằng tuần hay ngày lễ là làm thêm giờ: chọn “Làm thêm giờ vào "
            "ban đêm”."
        )
        return
    night = figures.rate("tien-lam-dem-them") if kind != "them" else 0
    if kind == "dem":
        rate = PERCENT + night
        result["cong_thuc"].append(
            f"Mức trả = 100% + {_percent(night)} (làm việc ban đêm) = {_percent(rate)}"
        )
        label = "Tiền lương giờ làm ban đêm (đã gồm lương giờ bình thường)"
    else:
        base = figures.rate(DAY_KEYS[day])
        rate = base
        label = f"Tiền làm thêm giờ {DAY_NAMES[day]}"
        if kind == "them-dem":
            if day == "thuong":
                daytime = base if values["them_ban_ngay"] == "co" else PERCENT
            else:
                daytime = base
            extra_rate = figures.rate("tien-lam-them-dem-them")
            extra = _divide(extra_rate * daytime, PERCENT)
            rate = base + night + extra
            label = f"Tiền làm thêm giờ ban đêm, {DAY_NAMES[day]}"
            result["cong_thuc"].append(
                f"Mức trả = {_percent(base)} (làm thêm {DAY_NAMES[day]}) + {_percent(night)} "
                f"(làm ban đêm) + {_percent(extra_rate)} × {_percent(daytime)} (lương ban ngày "
                f"của ngày đó) = {_percent(rate)}"
            )
        else:
            result["cong_thuc"].append(f"Mức trả làm thêm {DAY_NAMES[day]}: {_percent(rate)}")
    amount = _divide(wage * rate * hours, PERCENT * 100)
    result["cong_thuc"].append(
        f"Tiền = lương giờ × mức trả × số giờ = {group(wage)} đ × {_percent(rate)} × "
        f"{decimal(hours)} giờ = {_money(amount)}"
    )
    result["ket_qua"] += [
        [label, _money(amount)],
        ["Mức trả ít nhất", f"{_percent(rate)} lương giờ"],
    ]
    if day == "le" and kind != "dem":
        result["luu_y"].append(
            "Chưa kể tiền lương của chính ngày lễ, Tết mà bạn vẫn được hưởng nếu hưởng lương ngày."
        )
    limit = figures.value("lam-them-gio-toi-da-thang")
    if kind != "dem" and hours > limit * 100:
        result["luu_y"].append(
            f"Số giờ này vượt giới hạn làm thêm {limit} giờ/tháng (Bộ luật Lao động, Điều 107), "
            "trừ trường hợp luật cho phép. Tiền làm thêm vẫn phải trả đủ."
        )
    result["luu_y"] += [
        "Lương giờ là tiền lương thực trả cho công việc trong ngày làm việc bình thường (không "
        "gồm tiền làm thêm, tiền thưởng, phụ cấp không gắn với công việc), chia cho số giờ làm "
        "việc bình thường.",
        "Giờ làm việc ban đêm tính từ 22 giờ đến 6 giờ sáng hôm sau (Bộ luật Lao động, Điều 106).",
        "Đây là mức ít nhất luật buộc trả; hợp đồng, thỏa ước lao động có thể trả cao hơn.",
    ]
    result["so"] = {"muc_tra": rate, "tien": amount}


# -- 3. Lương thực nhận -------------------------------------------------------------------


def net_pay(values: dict, figures: _Figures, result: dict) -> None:
    gross = values["tong_thu_nhap"]
    insured = values["luong_bh"] if values["luong_bh"] is not None else gross
    floor = figures.value("bhxh-muc-dong-toi-thieu")
    if insured < floor:
        result["loi"]["luong_bh"] = (
            f"Thấp hơn mức thấp nhất làm căn cứ đóng bảo hiểm xã hội ({_money(floor)})."
        )
    if insured > gross:
        result["loi"]["luong_bh"] = "Tiền lương đóng bảo hiểm không lớn hơn tổng thu nhập."
    region = _region(values["vung"], figures, result)
    if result["loi"] or region is None:
        return
    lowest = figures.value(f"luong-toi-thieu-vung-{region}")
    caps = [
        ("BHXH", "bhxh-ty-le-nguoi-lao-dong", "bhxh-muc-dong-toi-da"),
        ("BHYT", "bhyt-ty-le-nguoi-lao-dong", "bhyt-muc-dong-toi-da"),
        ("BHTN", "bhtn-ty-le-nguoi-lao-dong", f"bhtn-muc-dong-toi-da-vung-{region}"),
    ]
    paid = 0
    lines = []
    for name, rate_key, cap_key in caps:
        cap = figures.value(cap_key)
        base = min(insured, cap)
        rate = figures.rate(rate_key)
        amount = _divide(base * rate, PERCENT)
        paid += amount
        capped = f" (mức trần {group(cap)})" if insured > cap else ""
        lines.append(f"{name} = {group(base)}{capped} × {_percent(rate)} = {_money(amount)}")
        result["ket_qua"].append([f"{name} bạn đóng", _money(amount)])
    personal = figures.value("thue-tncn-giam-tru-ban-than")
    each = figures.value("thue-tncn-giam-tru-nguoi-phu-thuoc")
    people = values["nguoi_phu_thuoc"]
    taxable = max(0, gross - paid - personal - each * people)
    tops = [figures.value(f"thue-tncn-bac-{n}-den") for n in (1, 2, 3, 4)]
    rates = [figures.rate(f"thue-tncn-thue-suat-bac-{n}") for n in (1, 2, 3, 4, 5)]
    owed = 0
    below = 0
    steps = []
    for index, rate in enumerate(rates):
        top = tops[index] if index < len(tops) else None
        part = (min(taxable, top) if top is not None else taxable) - below
        if part <= 0:
            break
        owed += part * rate
        steps.append(f"{group(part)} × {_percent(rate)}")
        if top is None:
            break
        below = top
    tax = _divide(owed, PERCENT)
    net = gross - paid - tax
    result["ket_qua"] += [
        ["Tổng bảo hiểm bạn đóng", _money(paid)],
        ["Thu nhập tính thuế", _money(taxable)],
        ["Thuế thu nhập cá nhân", _money(tax)],
        ["Lương thực nhận", _money(net)],
    ]
    result["cong_thuc"] += lines
    result["cong_thuc"].append(
        f"Thu nhập tính thuế = {group(gross)} − {group(paid)} (bảo hiểm) − {group(personal)} "
        f"(giảm trừ bản thân) − {people} × {group(each)} (người phụ thuộc) = {_money(taxable)}"
        + (" (không âm)" if gross - paid - personal - each * people < 0 else "")
    )
    if steps:
        result["cong_thuc"].append(f"Thuế = {' + '.join(steps)} = {_money(tax)}")
    else:
        result["cong_thuc"].append("Thuế = 0 đ (thu nhập tính thuế bằng 0)")
    result["cong_thuc"].append(
        f"Lương thực nhận = {group(gross)} − {group(paid)} − {group(tax)} = {_money(net)}"
    )
    if insured < lowest:
        result["luu_y"].append(
            f"Tiền lương đóng bảo hiểm thấp hơn lương tối thiểu Vùng {ROMAN[region]} "
            f"({_money(lowest)}): hỏi lại doanh nghiệp hoặc công đoàn cơ sở."
        )
    if not all(figures.confirmed(f"thue-tncn-thue-suat-bac-{n}") for n in (1, 2, 3, 4, 5)):
        result["luu_y"].append(
            "Biểu thuế 5 bậc mới chưa được xác nhận với văn bản luật (các báo ghi khác nhau ở "
            "bậc 2 và bậc 3): số thuế chỉ để tham khảo, xem trang Số liệu."
        )
    result["luu_y"] += [
        "Chưa tính các khoản được miễn thuế hoặc không tính vào thu nhập chịu thuế (ví dụ một "
        "phần tiền làm thêm giờ, tiền ăn giữa ca theo quy định): nếu có, hỏi kế toán doanh nghiệp.",
        "Chưa trừ đoàn phí công đoàn và các khoản khác trên phiếu lương; thuế cả năm còn được "
        "quyết toán. Chỉ tính cho người cư trú có hợp đồng lao động; người phụ thuộc phải được "
        "đăng ký.",
    ]
    result["so"] = {"bao_hiem": paid, "thu_nhap_tinh_thue": taxable, "thue": tax, "thuc_nhan": net}


# -- 4. Trợ cấp thất nghiệp ---------------------------------------------------------------


def unemployment(values: dict, figures: _Figures, result: dict) -> None:
    average, months = values["luong_bq"], values["thang_dong"]
    least = MONTHS * figures.value("tro-cap-that-nghiep-nam-dong-toi-thieu")
    if months < least:
        result["thong_bao"] = (
            f"Cần đóng bảo hiểm thất nghiệp đủ {least} tháng mới được trợ cấp thất nghiệp; bạn "
            f"mới đóng {months} tháng. Thời gian đã đóng được bảo lưu: hỏi Trung tâm dịch vụ việc "
            "làm."
        )
        return
    region = _region(values["vung"], figures, result)
    if region is None:
        return
    rate = figures.rate("tro-cap-that-nghiep-ty-le")
    monthly = _divide(average * rate, PERCENT)
    cap = figures.value(f"tro-cap-that-nghiep-toi-da-vung-{region}")
    paid = min(monthly, cap)
    first = MONTHS * figures.value("tro-cap-that-nghiep-nam-dong-muc-dau")
    base = figures.value("tro-cap-that-nghiep-so-thang-huong-it-nhat")
    step = MONTHS * figures.value("tro-cap-that-nghiep-nam-dong-moi-lan-them")
    more = figures.value("tro-cap-that-nghiep-thang-huong-them")
    most = MONTHS * figures.value("tro-cap-that-nghiep-thoi-gian-huong-toi-da")
    count = base if months <= first else base + ((months - first) // step) * more
    count = min(count, most)
    start = figures.value("tro-cap-that-nghiep-bat-dau-ngay-thu")
    averaged = figures.value("tro-cap-that-nghiep-so-thang-binh-quan")
    result["ket_qua"] += [
        ["Trợ cấp mỗi tháng", _money(paid)],
        ["Số tháng được hưởng", f"{count} tháng"],
        ["Tổng trợ cấp", _money(paid * count)],
        ["Bắt đầu tính hưởng", f"từ ngày thứ {start} kể từ ngày nộp đủ hồ sơ"],
    ]
    result["cong_thuc"].append(
        f"Trợ cấp mỗi tháng = {_percent(rate)} × {group(average)} (bình quân tiền lương đóng "
        f"BHTN {averaged} tháng liền kề) = {_money(monthly)}"
    )
    if monthly > cap:
        result["cong_thuc"].append(
            f"Cao hơn mức tối đa của Vùng {ROMAN[region]}, nên chỉ được {_money(cap)}"
        )
    result["cong_thuc"].append(
        f"Số tháng: đóng đủ {least} đến {first} tháng được {base} tháng; mỗi {step} tháng đóng "
        f"thêm được thêm {more} tháng; tối đa {most} tháng. Bạn đóng {months} tháng: {count} tháng."
    )
    result["luu_y"] += [
        "Cần đủ các điều kiện của Luật Việc làm 2025: chấm dứt hợp đồng đúng luật, nộp hồ sơ "
        "tại Trung tâm dịch vụ việc làm đúng thời hạn, chưa có việc làm mới. Hỏi trung tâm ngay "
        "khi nghỉ việc: thời hạn nộp hồ sơ có giới hạn.",
        "Số tháng đóng lẻ (chưa đủ để được thêm một tháng trợ cấp) được bảo lưu cho lần sau. "
        "Công cụ không tính các tháng đã dùng cho lần hưởng trước.",
    ]
    result["so"] = {"moi_thang": paid, "so_thang": count, "tong": paid * count}


# -- 5. Tuổi nghỉ hưu ---------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return inputs._days_in_month(year, month)


def _age_text(months: int) -> str:
    years, rest = months // MONTHS, months % MONTHS
    return f"{years} tuổi" + (f" {rest} tháng" if rest else "")


def retirement(values: dict, figures: _Figures, result: dict) -> None:
    man = values["gioi"] == "nam"
    who = "nam" if man else "nu"
    start = figures.value(f"tuoi-nghi-huu-{who}-goc") * MONTHS
    step = figures.value(f"tuoi-nghi-huu-{who}-tang-moi-nam")
    final = figures.value(f"tuoi-nghi-huu-{who}-cuoi") * MONTHS
    first_year = figures.start_year(f"tuoi-nghi-huu-{who}-tang-moi-nam")
    early = 0
    if values["nang_nhoc"] == "co":
        early = figures.value("tuoi-nghi-huu-som-toi-da") * MONTHS
        figures.value("tuoi-nghi-huu-som-so-nam-nang-nhoc")
    year, month, _day = values["ngay_sinh"]
    born = year * MONTHS + month - 1
    age = 0
    reached = 0
    for roadmap_year in range(first_year, first_year + 100):
        age = min(start + step * (roadmap_year - first_year + 1), final) - early
        reached = born + age
        if reached // MONTHS < first_year:
            result["thong_bao"] = (
                f"Với ngày sinh này, tuổi nghỉ hưu đã đến trước năm {first_year}, trước lộ trình "
                "tăng tuổi nghỉ hưu mà công cụ tính. Hỏi cơ quan bảo hiểm xã hội."
            )
            return
        if reached // MONTHS == roadmap_year:
            break
    reach_year, reach_month = reached // MONTHS, reached % MONTHS + 1
    next_year, next_month = (
        (reach_year + 1, 1) if reach_month == 12 else (reach_year, reach_month + 1)
    )
    last = _last_day(reach_year, reach_month)
    label = "Tuổi nghỉ hưu sớm nhất" if early else "Tuổi nghỉ hưu"
    result["ket_qua"] += [
        [label, _age_text(age)],
        ["Đủ tuổi vào", f"tháng {reach_month:02d}/{reach_year}"],
        ["Thời điểm nghỉ hưu", f"hết ngày {last:02d}/{reach_month:02d}/{reach_year}"],
        ["Hưởng lương hưu từ", f"01/{next_month:02d}/{next_year}"],
    ]
    who_text = "lao động nam" if man else "lao động nữ"
    result["cong_thuc"].append(
        f"Tuổi nghỉ hưu của {who_text} năm {reach_year} = {_age_text(start)} + {step} tháng × "
        f"{reach_year - first_year + 1} năm (từ {first_year}), không quá {_age_text(final)}"
        + (f", trừ {early // MONTHS} năm vì làm nghề nặng nhọc, độc hại" if early else "")
        + f" = {_age_text(age)}"
    )
    result["cong_thuc"].append(
        f"Sinh tháng {month:02d}/{year} + {_age_text(age)} = tháng {reach_month:02d}/{reach_year}"
    )
    if early:
        years = figures.value("tuoi-nghi-huu-som-so-nam-nang-nhoc")
        result["luu_y"].append(
            f"Được nghỉ hưu sớm khi có đủ {years} năm làm nghề, công việc nặng nhọc, độc hại, "
            "nguy hiểm trong danh mục của Bộ; lương hưu có thể bị giảm khi nghỉ trước tuổi."
        )
    result["luu_y"] += [
        "Không tính các trường hợp khác: suy giảm khả năng lao động, làm việc ở vùng đặc biệt "
        "khó khăn, nghỉ hưu muộn hơn, lực lượng vũ trang. Hỏi cơ quan bảo hiểm xã hội.",
        "Chỉ biết năm sinh thì tính từ ngày 01/01 của năm đó (Nghị định 135/2020/NĐ-CP).",
    ]
    result["so"] = {"tuoi_thang": age, "nam": reach_year, "thang": reach_month}


# -- 6. Tỉ lệ lương hưu -------------------------------------------------------------------


def pension_rate(values: dict, figures: _Figures, result: dict) -> None:
    man = values["gioi"] == "nam"
    years = values["nam_dong"]
    least = figures.value("luong-huu-so-nam-dong-toi-thieu")
    if years < least:
        result["thong_bao"] = (
            f"Cần đóng bảo hiểm xã hội đủ {least} năm mới có lương hưu; bạn mới đóng {years} "
            "năm. Hỏi cơ quan bảo hiểm xã hội về đóng tiếp hoặc các chế độ khác."
        )
        return
    each = figures.rate("luong-huu-ty-le-them-moi-nam")
    most = figures.rate("luong-huu-ty-le-toi-da")
    if man:
        first = figures.rate("luong-huu-ty-le-nam-15-nam")
        slow = figures.rate("luong-huu-ty-le-nam-them-den-20-nam")
        at_twenty = figures.rate("luong-huu-ty-le-nam-20-nam")
        slow_years = (at_twenty - first) // slow
        slow_part = min(years - least, slow_years)
        fast_part = max(years - least - slow_years, 0)
        raw = first + slow * slow_part + each * fast_part
        result["cong_thuc"].append(
            f"Tỉ lệ = {_percent(first)} ({least} năm) + {_percent(slow)} × {slow_part} năm + "
            f"{_percent(each)} × {fast_part} năm = {_percent(raw)}"
        )
    else:
        first = figures.rate("luong-huu-ty-le-nu-15-nam")
        raw = first + each * (years - least)
        result["cong_thuc"].append(
            f"Tỉ lệ = {_percent(first)} ({least} năm) + {_percent(each)} × {years - least} năm "
            f"= {_percent(raw)}"
        )
    rate = min(raw, most)
    if raw > most:
        result["cong_thuc"].append(f"Không quá {_percent(most)}")
    result["ket_qua"].append(["Tỉ lệ lương hưu hằng tháng", _percent(rate)])
    result["luu_y"] += [
        "Tỉ lệ nhân với bình quân tiền lương đóng bảo hiểm xã hội ra lương hưu; công cụ không "
        "tính số tiền lương hưu, phần giảm khi nghỉ hưu trước tuổi, trợ cấp một lần khi đóng quá "
        "số năm cần cho tỉ lệ tối đa, và cách làm tròn số tháng đóng lẻ.",
        "Điều kiện: đủ tuổi nghỉ hưu (xem công cụ Tuổi nghỉ hưu) và đủ số năm đóng bảo hiểm xã hội.",
    ]
    result["so"] = {"ty_le": rate}


# -- 7. Nghỉ hằng năm, báo trước ---------------------------------------------------------

LEAVE_KEYS = {
    "binh-thuong": "nghi-hang-nam",
    "nang-nhoc": "nghi-hang-nam-nang-nhoc",
    "dac-biet": "nghi-hang-nam-dac-biet",
}


def annual_leave(values: dict, figures: _Figures, result: dict) -> None:
    months = values["thang_lam"]
    base = figures.value(LEAVE_KEYS[values["cong_viec"]])
    every = figures.value("nghi-hang-nam-tham-nien-so-nam")
    add = figures.value("nghi-hang-nam-tham-nien-ngay")
    extra = (months // MONTHS) // every * add
    if months < MONTHS:
        days = _divide((base + extra) * 100 * months, MONTHS)
        result["cong_thuc"].append(
            f"Chưa đủ {MONTHS} tháng: {base} ngày × {months} / {MONTHS} tháng = "
            f"{decimal(days)} ngày"
        )
    else:
        days = (base + extra) * 100
        result["cong_thuc"].append(
            f"{base} ngày + {add} ngày × {(months // MONTHS) // every} lần đủ {every} năm làm "
            f"việc = {decimal(days)} ngày"
        )
    result["ket_qua"].append(
        ["Số ngày nghỉ hằng năm có hưởng lương", f"{decimal(days)} ngày làm việc"]
    )
    result["luu_y"] += [
        "Tính theo thời gian làm việc cho cùng một người sử dụng lao động. Nghỉ việc mà chưa nghỉ "
        "hết ngày phép thì được trả tiền lương cho những ngày chưa nghỉ.",
        "Công việc nặng nhọc, độc hại, nguy hiểm (và người chưa thành niên, người khuyết tật) "
        "được nhiều ngày hơn: chọn đúng loại công việc.",
    ]
    result["so"] = {"ngay_phan_tram": days}


NOTICE_KEYS = {
    "khong-thoi-han": "bao-truoc-hd-khong-thoi-han",
    "12-36": "bao-truoc-hd-12-den-36-thang",
    "duoi-12": "bao-truoc-hd-duoi-12-thang",
}
NOTICE_NAMES = {
    "khong-thoi-han": "hợp đồng không xác định thời hạn",
    "12-36": "hợp đồng xác định thời hạn từ 12 đến 36 tháng",
    "duoi-12": "hợp đồng xác định thời hạn dưới 12 tháng",
}


def notice(values: dict, figures: _Figures, result: dict) -> None:
    key = NOTICE_KEYS[values["hop_dong"]]
    days = figures.value(key)
    unit = figures.data["so_lieu"][key]["don_vi"]
    who = (
        "Bạn phải báo trước" if values["ben"] == "nguoi-lao-dong" else "Doanh nghiệp phải báo trước"
    )
    result["ket_qua"].append([who, f"ít nhất {days} {unit}"])
    result["cong_thuc"].append(f"Với {NOTICE_NAMES[values['hop_dong']]}: {days} {unit}")
    if values["ben"] == "nguoi-lao-dong":
        result["luu_y"].append(
            "Có trường hợp được nghỉ không cần báo trước (Điều 35 khoản 2), ví dụ không được trả "
            "đủ lương hoặc trả không đúng hạn, bị ngược đãi, quấy rối tình dục, đủ tuổi nghỉ hưu."
        )
    else:
        result["luu_y"].append(
            "Doanh nghiệp chỉ được đơn phương chấm dứt hợp đồng trong các trường hợp của Điều 36, "
            "và phải báo trước như trên."
        )
    result["luu_y"].append(
        "Một số ngành, nghề đặc thù có thời hạn báo trước dài hơn (Nghị định 145/2020/NĐ-CP): "
        "công cụ không tính các trường hợp này."
    )
    result["so"] = {"ngay": days}


# -- the list, and running one --------------------------------------------------------------

_YES_NO = (("khong", "Không"), ("co", "Có"))
_SEX = (("nam", "Nam"), ("nu", "Nữ"))

CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "luong-toi-thieu", "Lương của tôi có thấp hơn mức tối thiểu không?",
            "So tiền lương của bạn với lương tối thiểu vùng đang áp dụng.",
            (
                REGION_FIELD,
                Field("loai", "Bạn được trả lương theo", "choice", "",
                      (("thang", "Tháng"), ("gio", "Giờ")), "thang"),
                Field("luong", "Tiền lương của bạn (đồng)", "money",
                      "Lương cho giờ làm bình thường, chưa tính làm thêm. Ví dụ: 4.500.000 hoặc 4,5 triệu."),
            ),
            minimum_wage,
            tuple(f"luong-toi-thieu-vung-{n}" for n in "1234")
            + tuple(f"luong-toi-thieu-gio-vung-{n}" for n in "1234"),
            "chinh-sach/tien-luong/luong-toi-thieu-vung-2026.md",
        ),
        Calculator(
            "lam-them", "Tiền làm thêm giờ, làm ban đêm",
            "Tính số tiền ít nhất phải được trả khi làm thêm giờ hoặc làm ca đêm.",
            (
                Field("luong_gio", "Lương giờ bình thường (đồng)", "money",
                      "Lương tháng chia số giờ làm bình thường trong tháng. Ví dụ: 25.500."),
                Field("gio", "Số giờ", "hours", "Ví dụ: 2 hoặc 1,5."),
                Field("ngay", "Làm vào", "choice", "",
                      (("thuong", "Ngày thường"), ("nghi-tuan", "Ngày nghỉ hằng tuần"),
                       ("le", "Ngày lễ, Tết, ngày nghỉ có hưởng lương")), "thuong",
                      aliases={"chunhat": "nghi-tuan", "nghi": "nghi-tuan", "tet": "le"}),
                Field("loai", "Loại giờ làm", "choice", "",
                      (("them", "Làm thêm giờ ban ngày"), ("them-dem", "Làm thêm giờ vào ban đêm"),
                       ("dem", "Giờ làm bình thường vào ban đêm (ca đêm)")), "them"),
                Field("them_ban_ngay", "Ban ngày hôm đó bạn có làm thêm giờ không?", "choice",
                      "Chỉ dùng khi làm thêm ban đêm vào ngày thường.", _YES_NO, "khong"),
            ),
            overtime,
            (*DAY_KEYS.values(), "tien-lam-dem-them", "tien-lam-them-dem-them",
             "lam-them-gio-toi-da-thang"),
            "phap-luat/thoi-gio-lam-viec-va-lam-them-gio.md",
        ),
        Calculator(
            "luong-thuc-nhan", "Lương thực nhận sau bảo hiểm và thuế",
            "Từ tổng thu nhập, tính tiền bảo hiểm bạn đóng, thuế thu nhập cá nhân và số tiền thực nhận.",
            (
                Field("tong_thu_nhap", "Tổng thu nhập trong tháng (đồng)", "money",
                      "Ví dụ: 12.000.000 hoặc 12 triệu."),
                Field("luong_bh", "Tiền lương đóng bảo hiểm (đồng)", "money",
                      "Ghi trên phiếu lương hoặc hợp đồng. Để trống nếu bằng tổng thu nhập.",
                      optional=True),
                Field("nguoi_phu_thuoc", "Số người phụ thuộc đã đăng ký", "whole", "Ví dụ: 0, 1, 2.",
                      default="0"),
                REGION_FIELD,
            ),
            net_pay,
            ("bhxh-muc-dong-toi-thieu", "bhxh-muc-dong-toi-da", "bhyt-muc-dong-toi-da",
             *(f"bhtn-muc-dong-toi-da-vung-{n}" for n in "1234"),
             *(f"luong-toi-thieu-vung-{n}" for n in "1234"),
             "bhxh-ty-le-nguoi-lao-dong", "bhyt-ty-le-nguoi-lao-dong", "bhtn-ty-le-nguoi-lao-dong",
             "thue-tncn-giam-tru-ban-than", "thue-tncn-giam-tru-nguoi-phu-thuoc",
             *(f"thue-tncn-bac-{n}-den" for n in "1234"),
             *(f"thue-tncn-thue-suat-bac-{n}" for n in "12345")),
            "chinh-sach/bao-hiem/bao-hiem-xa-hoi-bat-buoc.md",
        ),
        Calculator(
            "tro-cap-that-nghiep", "Trợ cấp thất nghiệp",
            "Tính trợ cấp thất nghiệp mỗi tháng, số tháng được hưởng và khi nào bắt đầu.",
            (
                Field("luong_bq", "Bình quân tiền lương đóng BHTN của 6 tháng cuối (đồng)", "money",
                      "Cộng tiền lương đóng bảo hiểm thất nghiệp của 6 tháng cuối rồi chia 6."),
                Field("thang_dong", "Số tháng đã đóng bảo hiểm thất nghiệp", "whole",
                      "Chưa hưởng trợ cấp lần nào. Ví dụ: 48."),
                REGION_FIELD,
            ),
            unemployment,
            ("tro-cap-that-nghiep-nam-dong-toi-thieu", "tro-cap-that-nghiep-ty-le",
             *(f"tro-cap-that-nghiep-toi-da-vung-{n}" for n in "1234"),
             "tro-cap-that-nghiep-nam-dong-muc-dau", "tro-cap-that-nghiep-so-thang-huong-it-nhat",
             "tro-cap-that-nghiep-nam-dong-moi-lan-them", "tro-cap-that-nghiep-thang-huong-them",
             "tro-cap-that-nghiep-thoi-gian-huong-toi-da", "tro-cap-that-nghiep-bat-dau-ngay-thu",
             "tro-cap-that-nghiep-so-thang-binh-quan"),
            "chinh-sach/bao-hiem/bao-hiem-that-nghiep.md",
        ),
        Calculator(
            "tuoi-nghi-huu", "Tuổi nghỉ hưu và ngày nghỉ hưu",
            "Tính tuổi nghỉ hưu của bạn theo lộ trình và tháng bạn đủ tuổi.",
            (
                Field("gioi", "Giới tính", "choice", "", _SEX, "nam"),
                Field("ngay_sinh", "Ngày sinh", "date", "Ví dụ: 15/03/1970, hoặc chỉ tháng/năm: 3/1970."),
                Field("nang_nhoc", "Đã làm nghề nặng nhọc, độc hại, nguy hiểm đủ 15 năm?", "choice",
                      "Nghề trong danh mục của Bộ Lao động – Thương binh và Xã hội.", _YES_NO, "khong"),
            ),
            retirement,
            ("tuoi-nghi-huu-nam-goc", "tuoi-nghi-huu-nu-goc", "tuoi-nghi-huu-nam-tang-moi-nam",
             "tuoi-nghi-huu-nu-tang-moi-nam", "tuoi-nghi-huu-nam-cuoi", "tuoi-nghi-huu-nu-cuoi",
             "tuoi-nghi-huu-som-toi-da", "tuoi-nghi-huu-som-so-nam-nang-nhoc"),
            "phap-luat/tuoi-nghi-huu.md",
        ),
        Calculator(
            "ty-le-luong-huu", "Tỉ lệ lương hưu",
            "Tính tỉ lệ lương hưu theo số năm đóng bảo hiểm xã hội.",
            (
                Field("gioi", "Giới tính", "choice", "", _SEX, "nam"),
                Field("nam_dong", "Số năm đóng bảo hiểm xã hội", "whole", "Ví dụ: 25."),
            ),
            pension_rate,
            ("luong-huu-so-nam-dong-toi-thieu", "luong-huu-ty-le-them-moi-nam",
             "luong-huu-ty-le-toi-da", "luong-huu-ty-le-nam-15-nam",
             "luong-huu-ty-le-nam-them-den-20-nam", "luong-huu-ty-le-nam-20-nam",
             "luong-huu-ty-le-nu-15-nam"),
            "chinh-sach/bao-hiem/luong-huu-15-nam.md",
        ),
        Calculator(
            "nghi-hang-nam", "Số ngày nghỉ hằng năm (nghỉ phép)",
            "Tính số ngày nghỉ phép năm có hưởng lương theo công việc và thâm niên.",
            (
                Field("cong_viec", "Loại công việc", "choice", "",
                      (("binh-thuong", "Điều kiện bình thường"),
                       ("nang-nhoc", "Nặng nhọc, độc hại, nguy hiểm"),
                       ("dac-biet", "Đặc biệt nặng nhọc, độc hại, nguy hiểm")), "binh-thuong"),
                Field("thang_lam", "Số tháng đã làm cho doanh nghiệp này", "whole", "Ví dụ: 8 hoặc 75."),
            ),
            annual_leave,
            (*LEAVE_KEYS.values(), "nghi-hang-nam-tham-nien-so-nam", "nghi-hang-nam-tham-nien-ngay"),
            "phap-luat/nghi-hang-nam-va-nghi-le.md",
        ),
        Calculator(
            "bao-truoc", "Thời hạn báo trước khi nghỉ việc",
            "Tính số ngày phải báo trước khi đơn phương chấm dứt hợp đồng lao động.",
            (
                Field("hop_dong", "Loại hợp đồng", "choice", "",
                      tuple((k, v[0].upper() + v[1:]) for k, v in NOTICE_NAMES.items()),
                      "khong-thoi-han"),
                Field("ben", "Ai chấm dứt hợp đồng", "choice", "",
                      (("nguoi-lao-dong", "Tôi (người lao động)"),
                       ("nguoi-su-dung", "Doanh nghiệp")), "nguoi-lao-dong"),
            ),
            notice,
            tuple(NOTICE_KEYS.values()),
            "phap-luat/cham-dut-hop-dong-va-bao-truoc.md",
        ),
    )
}  # fmt: skip

_LARGEST_MONEY = {"luong_gio": 2000000}
MONEY_LIMIT = 1000000000  # 1 tỷ đồng: beyond any worker's monthly pay; keeps arithmetic exact
HOURS_LIMIT = 300


def _read(calculator: Calculator, raw: dict) -> tuple[dict, dict]:
    """The inputs as values, and a message per field that cannot be read."""
    values, errors = {}, {}
    for f in calculator.fields:
        text = str(raw.get(f.name, "") or "")
        if inputs.fold(text) == "":
            text = f.default
        if not text and f.optional:
            values[f.name] = None
            continue
        if f.kind == "money":
            value, error = inputs.money(text, _LARGEST_MONEY.get(f.name, MONEY_LIMIT))
        elif f.kind == "hours":
            value, error = inputs.hours(text, HOURS_LIMIT)
        elif f.kind == "whole":
            low = 0 if f.name == "nguoi_phu_thuoc" else 1
            high = 20 if f.name == "nguoi_phu_thuoc" else 600
            value, error = inputs.whole(text, low, high, _UNITS.get(f.name, ""))
        elif f.kind == "date":
            value, error = inputs.date(text, 1940, 2012)
        else:
            value, error = inputs.choice(text, [v for v, _ in f.choices], f.aliases)
        if error:
            errors[f.name] = error
        values[f.name] = value
    return values, errors


_UNITS = {
    "nguoi_phu_thuoc": "người",
    "thang_dong": "tháng",
    "thang_lam": "tháng",
    "nam_dong": "năm",
}


def run(name: str, raw: dict, figures: dict) -> dict:
    """The result of calculator `name` for the typed inputs `raw`, on `figures`."""
    calculator = CALCULATORS[name]
    result = _empty(name)
    values, errors = _read(calculator, raw)
    if errors:
        result["loi"] = errors
        return result
    try:
        calculator.compute(values, _Figures(figures, result), result)
    except _Missing as missing:
        fact = figures["so_lieu"].get(str(missing))
        what = fact["ten"] if fact else str(missing)
        result.update(
            ket_qua=[], cong_thuc=[], luu_y=[], so={},
            thong_bao=f"Chưa có số liệu “{what}” áp dụng ngày {_day(figures['ngay'])}.",
        )  # fmt: skip
        return result
    result["ok"] = not result["loi"] and result["thong_bao"] is None
    if not result["ok"]:
        result.update(ket_qua=[], cong_thuc=[], so={})
    return result


def _day(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"
