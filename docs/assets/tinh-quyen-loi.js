/* Tính quyền lợi: the calculators in the reader's browser.
   The same rules as scripts/portal/calculators/ (inputs.py, rules.py), function by function;
   a test runs both on thousands of inputs and requires identical results. No figure is typed
   here: they come from tinh-quyen-loi/so-lieu.json, which the build writes from the register.
   Nothing typed leaves the phone: the inputs go only into the page's own address (to share). */
(function () {
  "use strict";

  // -- inputs.py --------------------------------------------------------------------------
  var MONEY_HELP = "Viết số tiền bằng chữ số, ví dụ 4.500.000, 4500000 hoặc 4,5 triệu.";
  var MULTIPLIERS = [["trieu", 1000000], ["tr", 1000000], ["nghin", 1000], ["ngan", 1000], ["k", 1000]];

  function fold(text) {
    text = String(text).replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD");
    return text.replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[ \t\n\r\u00a0]+/g, "");
  }
  function stripEnd(text, endings) {
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (text.length > e.length && text.slice(-e.length) === e) return text.slice(0, -e.length);
    }
    return text;
  }
  function pow10(n) { var v = 1; while (n-- > 0) v *= 10; return v; }
  function group(value) {
    var digits = String(Math.abs(value)), parts = [];
    while (digits.length > 3) { parts.unshift(digits.slice(-3)); digits = digits.slice(0, -3); }
    parts.unshift(digits);
    return (value < 0 ? "-" : "") + parts.join(".");
  }
  function decimal(h) {
    var whole = Math.floor(h / 100), rest = h % 100;
    if (rest === 0) return group(whole);
    var text = String(rest); if (text.length < 2) text = "0" + text;
    return group(whole) + "," + text.replace(/0+$/, "");
  }
  function money(raw, largest) {
    var text = stripEnd(fold(raw), ["vnd", "dong", "d"]);
    if (!text) return [null, "Chưa nhập số tiền. " + MONEY_HELP];
    var multiplier = 1, value, i;
    for (i = 0; i < MULTIPLIERS.length; i++) {
      var e = MULTIPLIERS[i][0];
      if (text.length > e.length && text.slice(-e.length) === e) {
        text = text.slice(0, -e.length); multiplier = MULTIPLIERS[i][1]; break;
      }
    }
    if (multiplier > 1) {
      var found = /^(\d{1,6})(?:[.,](\d{1,6}))?$/.exec(text);
      if (!found) return [null, MONEY_HELP];
      var part = found[2] || "", scaled = parseInt(part || "0", 10) * multiplier;
      if (scaled % pow10(part.length) !== 0) return [null, "Số tiền phải là số đồng chẵn. " + MONEY_HELP];
      value = parseInt(found[1], 10) * multiplier + Math.floor(scaled / pow10(part.length));
    } else if (/^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:,\d{3})+$/.test(text)) {
      value = parseInt(text.replace(/[.,]/g, ""), 10);
    } else if (/^\d{1,13}$/.test(text)) {
      value = parseInt(text, 10);
    } else if (/^\d+[.,]\d{1,2}$/.test(text)) {
      return [null, "Viết đủ số đồng (ví dụ 25.500) hoặc thêm chữ 'triệu' (ví dụ 4,5 triệu)."];
    } else {
      return [null, MONEY_HELP];
    }
    if (value < 1) return [null, "Số tiền phải lớn hơn 0."];
    if (value > largest) return [null, "Công cụ này chỉ tính với số tiền đến " + group(largest) + " đ."];
    return [value, null];
  }
  function hours(raw, largest) {
    var text = stripEnd(fold(raw), ["gio", "tieng", "h"]);
    var found = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text);
    if (!found) return [null, "Viết số giờ bằng chữ số, ví dụ 2 hoặc 1,5."];
    var part = found[2] || ""; while (part.length < 2) part += "0";
    var value = parseInt(found[1], 10) * 100 + parseInt(part, 10);
    if (value < 1) return [null, "Số giờ phải lớn hơn 0."];
    if (value > largest * 100) return [null, "Công cụ này chỉ tính đến " + largest + " giờ."];
    return [value, null];
  }
  function whole(raw, smallest, largest, unit) {
    var text = stripEnd(fold(raw), ["nguoi", "thang", "nam"]);
    if (!/^\d{1,4}$/.test(text)) return [null, "Viết số " + unit + " bằng chữ số, ví dụ 2."];
    var value = parseInt(text, 10);
    if (value < smallest || value > largest) return [null, "Số " + unit + " phải từ " + smallest + " đến " + largest + "."];
    return [value, null];
  }
  function daysInMonth(year, month) {
    if (month === 2) return ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
  }
  function date(raw, firstYear, lastYear) {
    var text = fold(raw), f, day, month, year;
    if ((f = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text))) { day = +f[1]; month = +f[2]; year = +f[3]; }
    else if ((f = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) { year = +f[1]; month = +f[2]; day = +f[3]; }
    else if ((f = /^(\d{1,2})[\/.\-](\d{4})$/.exec(text))) { day = 1; month = +f[1]; year = +f[2]; }
    else if (/^(\d{4})$/.test(text)) { day = 1; month = 1; year = +text; }
    else return [null, "Viết ngày sinh dạng ngày/tháng/năm, ví dụ 15/03/1970, hoặc tháng/năm: 3/1970."];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return [null, "Ngày này không có thật; kiểm tra lại ngày và tháng."];
    if (year < firstYear || year > lastYear) return [null, "Năm sinh phải từ " + firstYear + " đến " + lastYear + "."];
    return [[year, month, day], null];
  }
  function choice(raw, options, aliases) {
    var text = fold(raw);
    if (Object.prototype.hasOwnProperty.call(aliases, text)) text = aliases[text];
    if (options.indexOf(text) >= 0) return [text, null];
    return [null, "Chọn một trong: " + options.join(", ") + "."];
  }

  // -- rules.py ---------------------------------------------------------------------------
  var MONTHS = 12, PERCENT = 10000;
  function Missing(key) { this.key = key; }
  function Figures(data, result) { this.data = data; this.result = result; }
  Figures.prototype.value = function (key) {
    var fact = this.data.so_lieu[key];
    if (!fact || fact.v === null || fact.v === undefined) throw new Missing(key);
    if (this.result.so_lieu.indexOf(key) < 0) this.result.so_lieu.push(key);
    return fact.v;
  };
  Figures.prototype.rate = function (key) { return round(this.value(key) * 100); };
  Figures.prototype.confirmed = function (key) { return !!this.data.so_lieu[key].xac_nhan; };
  Figures.prototype.startYear = function (key) { this.value(key); return parseInt(this.data.so_lieu[key].tu.slice(0, 4), 10); };
  function round(n) { return n >= 0 ? Math.floor(n + 0.5) : -Math.floor(-n + 0.5); }
  function divide(a, b) { return Math.floor((2 * a + b) / (2 * b)); }
  function moneyText(v) { return group(v) + " đ"; }
  function percent(h) { return decimal(h) + "%"; }
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function empty(name) {
    return { ten: name, ok: false, loi: {}, thong_bao: null, ket_qua: [], cong_thuc: [], so_lieu: [], luu_y: [], so: {} };
  }
  var ROMAN = { "1": "I", "2": "II", "3": "III", "4": "IV" };
  var ROMAN_NUMBER = { I: "1", II: "2", III: "3", IV: "4" };

  function region(chosen, fig, result) {
    if (chosen !== "xa") return chosen;
    var commune = fig.data.vung_xa;
    if (!commune.vung) {
      result.thong_bao = "Chưa có vùng lương của xã Trần Phú trong dữ liệu của trang. Hãy chọn vùng của nơi doanh nghiệp hoạt động.";
      return null;
    }
    if (!commune.xac_nhan) {
      result.luu_y.push("Vùng của xã Trần Phú chưa được xã xác nhận; đang tính theo vùng dự kiến, Vùng " + commune.vung + ". Xem bài Lương tối thiểu vùng 2026.");
    }
    return ROMAN_NUMBER[commune.vung];
  }

  function minimumWage(v, fig, result) {
    var r = region(v.vung, fig, result);
    if (r === null) return;
    var hourly = v.loai === "gio";
    var key = hourly ? "luong-toi-thieu-gio-vung-" + r : "luong-toi-thieu-vung-" + r;
    var unit = hourly ? "đ/giờ" : "đ/tháng";
    var lowest = fig.value(key), pay = v.luong, difference = pay - lowest;
    result.ket_qua.push(["Lương tối thiểu Vùng " + ROMAN[r], group(lowest) + " " + unit], ["Lương của bạn", group(pay) + " " + unit]);
    if (difference > 0) result.ket_qua.push(["So với mức tối thiểu", "cao hơn " + moneyText(difference)]);
    else if (difference < 0) result.ket_qua.push(["So với mức tối thiểu", "THẤP HƠN " + moneyText(-difference)]);
    else result.ket_qua.push(["So với mức tối thiểu", "bằng mức tối thiểu"]);
    result.cong_thuc.push("Chênh lệch = lương của bạn − lương tối thiểu = " + group(pay) + " − " + group(lowest) + " = " + group(difference) + " đ");
    if (difference < 0) {
      result.luu_y.push("Nếu bạn làm đủ giờ làm việc bình thường mà lương thấp hơn mức tối thiểu, doanh nghiệp đang trả sai luật. Hãy giữ phiếu lương, hỏi công đoàn cơ sở hoặc cán bộ xã (trang Liên hệ), không cần tự mình đối chất một mình.");
    }
    result.luu_y.push(
      "So sánh tiền lương trả cho giờ làm việc bình thường đủ tháng (hoặc mỗi giờ), chưa tính tiền làm thêm giờ, làm ban đêm và các khoản hỗ trợ không gắn với công việc.",
      "Vùng tính theo nơi doanh nghiệp hoạt động; khu công nghiệp nằm trên nhiều vùng áp dụng mức của vùng cao nhất. Người đi làm xa được trả theo vùng nơi mình làm việc.");
    result.so = { toi_thieu: lowest, luong: pay, chenh_lech: difference };
  }

  var DAY_KEYS = { thuong: "tien-lam-them-ngay-thuong", "nghi-tuan": "tien-lam-them-ngay-nghi-tuan", le: "tien-lam-them-ngay-le" };
  var DAY_NAMES = { thuong: "ngày thường", "nghi-tuan": "ngày nghỉ hằng tuần", le: "ngày lễ, Tết" };

  function overtime(v, fig, result) {
    var kind = v.loai, day = v.ngay, wage = v.luong_gio, hrs = v.gio, rate, label;
    if (kind === "dem" && day !== "thuong") {
      result.thong_bao = "Làm vào ngày nghỉ hằng tuần hay ngày lễ là làm thêm giờ: chọn “Làm thêm giờ vào ban đêm”.";
      return;
    }
    var night = kind !== "them" ? fig.rate("tien-lam-dem-them") : 0;
    if (kind === "dem") {
      rate = PERCENT + night;
      result.cong_thuc.push("Mức trả = 100% + " + percent(night) + " (làm việc ban đêm) = " + percent(rate));
      label = "Tiền lương giờ làm ban đêm (đã gồm lương giờ bình thường)";
    } else {
      var base = fig.rate(DAY_KEYS[day]);
      rate = base;
      label = "Tiền làm thêm giờ " + DAY_NAMES[day];
      if (kind === "them-dem") {
        var daytime = day === "thuong" ? (v.them_ban_ngay === "co" ? base : PERCENT) : base;
        var extraRate = fig.rate("tien-lam-them-dem-them");
        var extra = divide(extraRate * daytime, PERCENT);
        rate = base + night + extra;
        label = "Tiền làm thêm giờ ban đêm, " + DAY_NAMES[day];
        result.cong_thuc.push("Mức trả = " + percent(base) + " (làm thêm " + DAY_NAMES[day] + ") + " + percent(night) +
          " (làm ban đêm) + " + percent(extraRate) + " × " + percent(daytime) + " (lương ban ngày của ngày đó) = " + percent(rate));
      } else {
        result.cong_thuc.push("Mức trả làm thêm " + DAY_NAMES[day] + ": " + percent(rate));
      }
    }
    var amount = divide(wage * rate * hrs, PERCENT * 100);
    result.cong_thuc.push("Tiền = lương giờ × mức trả × số giờ = " + group(wage) + " đ × " + percent(rate) + " × " + decimal(hrs) + " giờ = " + moneyText(amount));
    result.ket_qua.push([label, moneyText(amount)], ["Mức trả ít nhất", percent(rate) + " lương giờ"]);
    if (day === "le" && kind !== "dem") result.luu_y.push("Chưa kể tiền lương của chính ngày lễ, Tết mà bạn vẫn được hưởng nếu hưởng lương ngày.");
    var limit = fig.value("lam-them-gio-toi-da-thang");
    if (kind !== "dem" && hrs > limit * 100) {
      result.luu_y.push("Số giờ này vượt giới hạn làm thêm " + limit + " giờ/tháng (Bộ luật Lao động, Điều 107), trừ trường hợp luật cho phép. Tiền làm thêm vẫn phải trả đủ.");
    }
    result.luu_y.push(
      "Lương giờ là tiền lương thực trả cho công việc trong ngày làm việc bình thường (không gồm tiền làm thêm, tiền thưởng, phụ cấp không gắn với công việc), chia cho số giờ làm việc bình thường.",
      "Giờ làm việc ban đêm tính từ 22 giờ đến 6 giờ sáng hôm sau (Bộ luật Lao động, Điều 106).",
      "Đây là mức ít nhất luật buộc trả; hợp đồng, thỏa ước lao động có thể trả cao hơn.");
    result.so = { muc_tra: rate, tien: amount };
  }

  function netPay(v, fig, result) {
    var gross = v.tong_thu_nhap, insured = v.luong_bh !== null ? v.luong_bh : gross;
    var floor = fig.value("bhxh-muc-dong-toi-thieu");
    if (insured < floor) result.loi.luong_bh = "Thấp hơn mức thấp nhất làm căn cứ đóng bảo hiểm xã hội (" + moneyText(floor) + ").";
    if (insured > gross) result.loi.luong_bh = "Tiền lương đóng bảo hiểm không lớn hơn tổng thu nhập.";
    var r = region(v.vung, fig, result);
    if (Object.keys(result.loi).length || r === null) return;
    var lowest = fig.value("luong-toi-thieu-vung-" + r);
    var caps = [["BHXH", "bhxh-ty-le-nguoi-lao-dong", "bhxh-muc-dong-toi-da"],
      ["BHYT", "bhyt-ty-le-nguoi-lao-dong", "bhyt-muc-dong-toi-da"],
      ["BHTN", "bhtn-ty-le-nguoi-lao-dong", "bhtn-muc-dong-toi-da-vung-" + r]];
    var paid = 0, lines = [], i;
    for (i = 0; i < caps.length; i++) {
      var cap = fig.value(caps[i][2]), base = Math.min(insured, cap), rt = fig.rate(caps[i][1]);
      var amount = divide(base * rt, PERCENT);
      paid += amount;
      var capped = insured > cap ? " (mức trần " + group(cap) + ")" : "";
      lines.push(caps[i][0] + " = " + group(base) + capped + " × " + percent(rt) + " = " + moneyText(amount));
      result.ket_qua.push([caps[i][0] + " bạn đóng", moneyText(amount)]);
    }
    var personal = fig.value("thue-tncn-giam-tru-ban-than"), each = fig.value("thue-tncn-giam-tru-nguoi-phu-thuoc");
    var people = v.nguoi_phu_thuoc;
    var taxable = Math.max(0, gross - paid - personal - each * people);
    var tops = [1, 2, 3, 4].map(function (n) { return fig.value("thue-tncn-bac-" + n + "-den"); });
    var rates = [1, 2, 3, 4, 5].map(function (n) { return fig.rate("thue-tncn-thue-suat-bac-" + n); });
    var owed = 0, below = 0, steps = [];
    for (i = 0; i < rates.length; i++) {
      var top = i < tops.length ? tops[i] : null;
      var part = (top !== null ? Math.min(taxable, top) : taxable) - below;
      if (part <= 0) break;
      owed += part * rates[i];
      steps.push(group(part) + " × " + percent(rates[i]));
      if (top === null) break;
      below = top;
    }
    var tax = divide(owed, PERCENT), net = gross - paid - tax;
    result.ket_qua.push(["Tổng bảo hiểm bạn đóng", moneyText(paid)], ["Thu nhập tính thuế", moneyText(taxable)],
      ["Thuế thu nhập cá nhân", moneyText(tax)], ["Lương thực nhận", moneyText(net)]);
    result.cong_thuc.push.apply(result.cong_thuc, lines);
    result.cong_thuc.push("Thu nhập tính thuế = " + group(gross) + " − " + group(paid) + " (bảo hiểm) − " + group(personal) +
      " (giảm trừ bản thân) − " + people + " × " + group(each) + " (người phụ thuộc) = " + moneyText(taxable) +
      (gross - paid - personal - each * people < 0 ? " (không âm)" : ""));
    if (steps.length) result.cong_thuc.push("Thuế = " + steps.join(" + ") + " = " + moneyText(tax));
    else result.cong_thuc.push("Thuế = 0 đ (thu nhập tính thuế bằng 0)");
    result.cong_thuc.push("Lương thực nhận = " + group(gross) + " − " + group(paid) + " − " + group(tax) + " = " + moneyText(net));
    if (insured < lowest) result.luu_y.push("Tiền lương đóng bảo hiểm thấp hơn lương tối thiểu Vùng " + ROMAN[r] + " (" + moneyText(lowest) + "): hỏi lại doanh nghiệp hoặc công đoàn cơ sở.");
    if (![1, 2, 3, 4, 5].every(function (n) { return fig.confirmed("thue-tncn-thue-suat-bac-" + n); })) {
      result.luu_y.push("Biểu thuế 5 bậc mới chưa được xác nhận với văn bản luật (các báo ghi khác nhau ở bậc 2 và bậc 3): số thuế chỉ để tham khảo, xem trang Số liệu.");
    }
    result.luu_y.push(
      "Chưa tính các khoản được miễn thuế hoặc không tính vào thu nhập chịu thuế (ví dụ một phần tiền làm thêm giờ, tiền ăn giữa ca theo quy định): nếu có, hỏi kế toán doanh nghiệp.",
      "Chưa trừ đoàn phí công đoàn và các khoản khác trên phiếu lương; thuế cả năm còn được quyết toán. Chỉ tính cho người cư trú có hợp đồng lao động; người phụ thuộc phải được đăng ký.");
    result.so = { bao_hiem: paid, thu_nhap_tinh_thue: taxable, thue: tax, thuc_nhan: net };
  }

  function unemployment(v, fig, result) {
    var average = v.luong_bq, months = v.thang_dong;
    var least = MONTHS * fig.value("tro-cap-that-nghiep-nam-dong-toi-thieu");
    if (months < least) {
      result.thong_bao = "Cần đóng bảo hiểm thất nghiệp đủ " + least + " tháng mới được trợ cấp thất nghiệp; bạn mới đóng " + months + " tháng. Thời gian đã đóng được bảo lưu: hỏi Trung tâm dịch vụ việc làm.";
      return;
    }
    var r = region(v.vung, fig, result);
    if (r === null) return;
    var rate = fig.rate("tro-cap-that-nghiep-ty-le"), monthly = divide(average * rate, PERCENT);
    var cap = fig.value("tro-cap-that-nghiep-toi-da-vung-" + r), paid = Math.min(monthly, cap);
    var first = MONTHS * fig.value("tro-cap-that-nghiep-nam-dong-muc-dau");
    var base = fig.value("tro-cap-that-nghiep-so-thang-huong-it-nhat");
    var step = MONTHS * fig.value("tro-cap-that-nghiep-nam-dong-moi-lan-them");
    var more = fig.value("tro-cap-that-nghiep-thang-huong-them");
    var most = MONTHS * fig.value("tro-cap-that-nghiep-thoi-gian-huong-toi-da");
    var count = months <= first ? base : base + Math.floor((months - first) / step) * more;
    count = Math.min(count, most);
    var start = fig.value("tro-cap-that-nghiep-bat-dau-ngay-thu");
    var averaged = fig.value("tro-cap-that-nghiep-so-thang-binh-quan");
    result.ket_qua.push(["Trợ cấp mỗi tháng", moneyText(paid)], ["Số tháng được hưởng", count + " tháng"],
      ["Tổng trợ cấp", moneyText(paid * count)], ["Bắt đầu tính hưởng", "từ ngày thứ " + start + " kể từ ngày nộp đủ hồ sơ"]);
    result.cong_thuc.push("Trợ cấp mỗi tháng = " + percent(rate) + " × " + group(average) + " (bình quân tiền lương đóng BHTN " + averaged + " tháng liền kề) = " + moneyText(monthly));
    if (monthly > cap) result.cong_thuc.push("Cao hơn mức tối đa của Vùng " + ROMAN[r] + ", nên chỉ được " + moneyText(cap));
    result.cong_thuc.push("Số tháng: đóng đủ " + least + " đến " + first + " tháng được " + base + " tháng; mỗi " + step + " tháng đóng thêm được thêm " + more + " tháng; tối đa " + most + " tháng. Bạn đóng " + months + " tháng: " + count + " tháng.");
    result.luu_y.push(
      "Cần đủ các điều kiện của Luật Việc làm 2025: chấm dứt hợp đồng đúng luật, nộp hồ sơ tại Trung tâm dịch vụ việc làm đúng thời hạn, chưa có việc làm mới. Hỏi trung tâm ngay khi nghỉ việc: thời hạn nộp hồ sơ có giới hạn.",
      "Số tháng đóng lẻ (chưa đủ để được thêm một tháng trợ cấp) được bảo lưu cho lần sau. Công cụ không tính các tháng đã dùng cho lần hưởng trước.");
    result.so = { moi_thang: paid, so_thang: count, tong: paid * count };
  }

  function ageText(m) {
    var years = Math.floor(m / MONTHS), rest = m % MONTHS;
    return years + " tuổi" + (rest ? " " + rest + " tháng" : "");
  }
  function retirement(v, fig, result) {
    var man = v.gioi === "nam", who = man ? "nam" : "nu";
    var start = fig.value("tuoi-nghi-huu-" + who + "-goc") * MONTHS;
    var step = fig.value("tuoi-nghi-huu-" + who + "-tang-moi-nam");
    var final = fig.value("tuoi-nghi-huu-" + who + "-cuoi") * MONTHS;
    var firstYear = fig.startYear("tuoi-nghi-huu-" + who + "-tang-moi-nam");
    var early = 0;
    if (v.nang_nhoc === "co") {
      early = fig.value("tuoi-nghi-huu-som-toi-da") * MONTHS;
      fig.value("tuoi-nghi-huu-som-so-nam-nang-nhoc");
    }
    var year = v.ngay_sinh[0], month = v.ngay_sinh[1], born = year * MONTHS + month - 1, age = 0, reached = 0;
    for (var y = firstYear; y < firstYear + 100; y++) {
      age = Math.min(start + step * (y - firstYear + 1), final) - early;
      reached = born + age;
      if (Math.floor(reached / MONTHS) < firstYear) {
        result.thong_bao = "Với ngày sinh này, tuổi nghỉ hưu đã đến trước năm " + firstYear + ", trước lộ trình tăng tuổi nghỉ hưu mà công cụ tính. Hỏi cơ quan bảo hiểm xã hội.";
        return;
      }
      if (Math.floor(reached / MONTHS) === y) break;
    }
    var ry = Math.floor(reached / MONTHS), rm = reached % MONTHS + 1;
    var ny = rm === 12 ? ry + 1 : ry, nm = rm === 12 ? 1 : rm + 1;
    var last = daysInMonth(ry, rm);
    result.ket_qua.push([early ? "Tuổi nghỉ hưu sớm nhất" : "Tuổi nghỉ hưu", ageText(age)],
      ["Đủ tuổi vào", "tháng " + pad(rm) + "/" + ry], ["Thời điểm nghỉ hưu", "hết ngày " + pad(last) + "/" + pad(rm) + "/" + ry],
      ["Hưởng lương hưu từ", "01/" + pad(nm) + "/" + ny]);
    result.cong_thuc.push("Tuổi nghỉ hưu của " + (man ? "lao động nam" : "lao động nữ") + " năm " + ry + " = " + ageText(start) + " + " + step +
      " tháng × " + (ry - firstYear + 1) + " năm (từ " + firstYear + "), không quá " + ageText(final) +
      (early ? ", trừ " + Math.floor(early / MONTHS) + " năm vì làm nghề nặng nhọc, độc hại" : "") + " = " + ageText(age));
    result.cong_thuc.push("Sinh tháng " + pad(month) + "/" + year + " + " + ageText(age) + " = tháng " + pad(rm) + "/" + ry);
    if (early) {
      result.luu_y.push("Được nghỉ hưu sớm khi có đủ " + fig.value("tuoi-nghi-huu-som-so-nam-nang-nhoc") + " năm làm nghề, công việc nặng nhọc, độc hại, nguy hiểm trong danh mục của Bộ; lương hưu có thể bị giảm khi nghỉ trước tuổi.");
    }
    result.luu_y.push(
      "Không tính các trường hợp khác: suy giảm khả năng lao động, làm việc ở vùng đặc biệt khó khăn, nghỉ hưu muộn hơn, lực lượng vũ trang. Hỏi cơ quan bảo hiểm xã hội.",
      "Chỉ biết năm sinh thì tính từ ngày 01/01 của năm đó (Nghị định 135/2020/NĐ-CP).");
    result.so = { tuoi_thang: age, nam: ry, thang: rm };
  }

  function pensionRate(v, fig, result) {
    var man = v.gioi === "nam", years = v.nam_dong, raw, first;
    var least = fig.value("luong-huu-so-nam-dong-toi-thieu");
    if (years < least) {
      result.thong_bao = "Cần đóng bảo hiểm xã hội đủ " + least + " năm mới có lương hưu; bạn mới đóng " + years + " năm. Hỏi cơ quan bảo hiểm xã hội về đóng tiếp hoặc các chế độ khác.";
      return;
    }
    var each = fig.rate("luong-huu-ty-le-them-moi-nam"), most = fig.rate("luong-huu-ty-le-toi-da");
    if (man) {
      first = fig.rate("luong-huu-ty-le-nam-15-nam");
      var slow = fig.rate("luong-huu-ty-le-nam-them-den-20-nam");
      var atTwenty = fig.rate("luong-huu-ty-le-nam-20-nam");
      var slowYears = Math.floor((atTwenty - first) / slow);
      var slowPart = Math.min(years - least, slowYears), fastPart = Math.max(years - least - slowYears, 0);
      raw = first + slow * slowPart + each * fastPart;
      result.cong_thuc.push("Tỉ lệ = " + percent(first) + " (" + least + " năm) + " + percent(slow) + " × " + slowPart + " năm + " + percent(each) + " × " + fastPart + " năm = " + percent(raw));
    } else {
      first = fig.rate("luong-huu-ty-le-nu-15-nam");
      raw = first + each * (years - least);
      result.cong_thuc.push("Tỉ lệ = " + percent(first) + " (" + least + " năm) + " + percent(each) + " × " + (years - least) + " năm = " + percent(raw));
    }
    var rate = Math.min(raw, most);
    if (raw > most) result.cong_thuc.push("Không quá " + percent(most));
    result.ket_qua.push(["Tỉ lệ lương hưu hằng tháng", percent(rate)]);
    result.luu_y.push(
      "Tỉ lệ nhân với bình quân tiền lương đóng bảo hiểm xã hội ra lương hưu; công cụ không tính số tiền lương hưu, phần giảm khi nghỉ hưu trước tuổi, trợ cấp một lần khi đóng quá số năm cần cho tỉ lệ tối đa, và cách làm tròn số tháng đóng lẻ.",
      "Điều kiện: đủ tuổi nghỉ hưu (xem công cụ Tuổi nghỉ hưu) và đủ số năm đóng bảo hiểm xã hội.");
    result.so = { ty_le: rate };
  }

  var LEAVE_KEYS = { "binh-thuong": "nghi-hang-nam", "nang-nhoc": "nghi-hang-nam-nang-nhoc", "dac-biet": "nghi-hang-nam-dac-biet" };
  function annualLeave(v, fig, result) {
    var months = v.thang_lam, base = fig.value(LEAVE_KEYS[v.cong_viec]);
    var every = fig.value("nghi-hang-nam-tham-nien-so-nam"), add = fig.value("nghi-hang-nam-tham-nien-ngay");
    var times = Math.floor(Math.floor(months / MONTHS) / every), extra = times * add, days;
    if (months < MONTHS) {
      days = divide((base + extra) * 100 * months, MONTHS);
      result.cong_thuc.push("Chưa đủ " + MONTHS + " tháng: " + base + " ngày × " + months + " / " + MONTHS + " tháng = " + decimal(days) + " ngày");
    } else {
      days = (base + extra) * 100;
      result.cong_thuc.push(base + " ngày + " + add + " ngày × " + times + " lần đủ " + every + " năm làm việc = " + decimal(days) + " ngày");
    }
    result.ket_qua.push(["Số ngày nghỉ hằng năm có hưởng lương", decimal(days) + " ngày làm việc"]);
    result.luu_y.push(
      "Tính theo thời gian làm việc cho cùng một người sử dụng lao động. Nghỉ việc mà chưa nghỉ hết ngày phép thì được trả tiền lương cho những ngày chưa nghỉ.",
      "Công việc nặng nhọc, độc hại, nguy hiểm (và người chưa thành niên, người khuyết tật) được nhiều ngày hơn: chọn đúng loại công việc.");
    result.so = { ngay_phan_tram: days };
  }

  var NOTICE_KEYS = { "khong-thoi-han": "bao-truoc-hd-khong-thoi-han", "12-36": "bao-truoc-hd-12-den-36-thang", "duoi-12": "bao-truoc-hd-duoi-12-thang" };
  var NOTICE_NAMES = { "khong-thoi-han": "hợp đồng không xác định thời hạn", "12-36": "hợp đồng xác định thời hạn từ 12 đến 36 tháng", "duoi-12": "hợp đồng xác định thời hạn dưới 12 tháng" };
  function notice(v, fig, result) {
    var key = NOTICE_KEYS[v.hop_dong], days = fig.value(key), unit = fig.data.so_lieu[key].don_vi;
    var worker = v.ben === "nguoi-lao-dong";
    result.ket_qua.push([worker ? "Bạn phải báo trước" : "Doanh nghiệp phải báo trước", "ít nhất " + days + " " + unit]);
    result.cong_thuc.push("Với " + NOTICE_NAMES[v.hop_dong] + ": " + days + " " + unit);
    result.luu_y.push(worker
      ? "Có trường hợp được nghỉ không cần báo trước (Điều 35 khoản 2), ví dụ không được trả đủ lương hoặc trả không đúng hạn, bị ngược đãi, quấy rối tình dục, đủ tuổi nghỉ hưu."
      : "Doanh nghiệp chỉ được đơn phương chấm dứt hợp đồng trong các trường hợp của Điều 36, và phải báo trước như trên.");
    result.luu_y.push("Một số ngành, nghề đặc thù có thời hạn báo trước dài hơn (Nghị định 145/2020/NĐ-CP): công cụ không tính các trường hợp này.");
    result.so = { ngay: days };
  }

  var COMPUTE = {
    "luong-toi-thieu": minimumWage, "lam-them": overtime, "luong-thuc-nhan": netPay,
    "tro-cap-that-nghiep": unemployment, "tuoi-nghi-huu": retirement, "ty-le-luong-huu": pensionRate,
    "nghi-hang-nam": annualLeave, "bao-truoc": notice
  };
  var LARGEST_MONEY = { luong_gio: 2000000 }, MONEY_LIMIT = 1000000000, HOURS_LIMIT = 300;
  var UNITS = { nguoi_phu_thuoc: "người", thang_dong: "tháng", thang_lam: "tháng", nam_dong: "năm" };

  // fields: [{name, kind, default, optional, choices: [values], aliases: {}}], as in rules.py
  function read(fields, raw) {
    var values = {}, errors = {}, any = false;
    fields.forEach(function (f) {
      var text = String(raw[f.name] || ""), out;
      if (fold(text) === "") text = f.default;
      if (!text && f.optional) { values[f.name] = null; return; }
      if (f.kind === "money") out = money(text, LARGEST_MONEY[f.name] || MONEY_LIMIT);
      else if (f.kind === "hours") out = hours(text, HOURS_LIMIT);
      else if (f.kind === "whole") {
        var low = f.name === "nguoi_phu_thuoc" ? 0 : 1, high = f.name === "nguoi_phu_thuoc" ? 20 : 600;
        out = whole(text, low, high, UNITS[f.name] || "");
      } else if (f.kind === "date") out = date(text, 1940, 2012);
      else out = choice(text, f.choices, f.aliases || {});
      if (out[1]) { errors[f.name] = out[1]; any = true; }
      values[f.name] = out[0];
    });
    return [values, any ? errors : null];
  }
  function dayText(iso) { return iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4); }

  function run(name, fields, raw, figures) {
    var result = empty(name), read_ = read(fields, raw);
    if (read_[1]) { result.loi = read_[1]; return result; }
    try {
      COMPUTE[name](read_[0], new Figures(figures, result), result);
    } catch (error) {
      if (!(error instanceof Missing)) throw error;
      var fact = figures.so_lieu[error.key];
      result.ket_qua = []; result.cong_thuc = []; result.luu_y = []; result.so = {};
      result.thong_bao = "Chưa có số liệu “" + (fact ? fact.ten : error.key) + "” áp dụng ngày " + dayText(figures.ngay) + ".";
      return result;
    }
    result.ok = !Object.keys(result.loi).length && result.thong_bao === null;
    if (!result.ok) { result.ket_qua = []; result.cong_thuc = []; result.so = {}; }
    return result;
  }
  window.portalTinh = { run: run, money: money, hours: hours, date: date };

  // -- the page ---------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fieldsOf(form) {
    return JSON.parse(form.getAttribute("data-truong"));
  }
  function show(form, box, result, figures) {
    form.querySelectorAll("[data-loi]").forEach(function (p) {
      var name = p.getAttribute("data-loi"), input = form.elements[name], message = result.loi[name];
      p.textContent = message || "";
      p.hidden = !message;
      if (input) { if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid"); }
    });
    box.textContent = "";
    if (Object.keys(result.loi).length) {
      box.appendChild(el("p", "portal-tinh__message", "Kiểm tra lại ô được đánh dấu ở trên."));
      var first = form.querySelector("[aria-invalid=true]");
      if (first) first.focus();
      return;
    }
    if (!result.ok) { box.appendChild(el("p", "portal-tinh__message", result.thong_bao)); return; }
    box.appendChild(el("h2", "", "Kết quả"));
    var list = el("dl", "portal-tinh__answer");
    result.ket_qua.forEach(function (row) { list.appendChild(el("dt", "", row[0])); list.appendChild(el("dd", "", row[1])); });
    box.appendChild(list);
    box.appendChild(el("h3", "", "Cách tính"));
    var steps = el("ul");
    result.cong_thuc.forEach(function (line) { steps.appendChild(el("li", "", line)); });
    box.appendChild(steps);
    box.appendChild(el("h3", "", "Số liệu đã dùng, áp dụng ngày " + dayText(figures.ngay)));
    var used = el("ul"), page = form.getAttribute("data-trang-so-lieu");
    result.so_lieu.forEach(function (key) {
      var fact = figures.so_lieu[key], item = el("li"), link = el("a", "", fact.ten);
      link.href = page + "#" + key;
      item.appendChild(link);
      item.appendChild(document.createTextNode(": " + (typeof fact.v === "number" && fact.don_vi ? shown(fact) : fact.v) + (fact.can_cu ? " (" + fact.can_cu + ")" : "") + (fact.xac_nhan ? "" : " – chưa xác nhận")));
      used.appendChild(item);
    });
    box.appendChild(used);
    if (result.luu_y.length) {
      box.appendChild(el("h3", "", "Cần biết"));
      var notes = el("ul");
      result.luu_y.forEach(function (line) { notes.appendChild(el("li", "", line)); });
      box.appendChild(notes);
    }
    var share = el("p", "portal-tinh__share"), a = el("a", "", "Liên kết tới kết quả này");
    a.href = window.location.href;
    share.appendChild(document.createTextNode("Gửi cho người khác: "));
    share.appendChild(a);
    share.appendChild(document.createTextNode(" (chỉ chứa các số bạn đã nhập, trang không lưu gì)."));
    box.appendChild(share);
  }
  function shown(fact) {
    var v = fact.v, text = Number.isInteger(v) ? group(v) : decimal(round(v * 100));
    return text + (fact.don_vi === "%" ? "%" : " " + fact.don_vi);
  }

  document.querySelectorAll("form[data-tinh]").forEach(function (form) {
    var name = form.getAttribute("data-tinh"), fields = fieldsOf(form);
    var box = document.getElementById(form.getAttribute("data-ket-qua"));
    var figures = null;
    var loading = fetch(form.getAttribute("data-so-lieu"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { figures = data; return data; });
    function raw() {
      var out = {};
      fields.forEach(function (f) { out[f.name] = form.elements[f.name].value; });
      return out;
    }
    function calculate(fromAddress) {
      loading.then(function () {
        var typed = raw(), result = run(name, fields, typed, figures);
        if (!fromAddress) {
          var params = new URLSearchParams();
          fields.forEach(function (f) { if (typed[f.name]) params.set(f.name, typed[f.name]); });
          history.replaceState(null, "", window.location.pathname + "?" + params.toString());
        }
        show(form, box, result, figures);
      }, function () {
        box.textContent = "";
        box.appendChild(el("p", "portal-tinh__message", "Không tải được số liệu. Kiểm tra kết nối mạng rồi bấm Tính lại."));
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); calculate(false); });
    var given = new URLSearchParams(window.location.search), any = false;
    fields.forEach(function (f) {
      if (given.has(f.name) && form.elements[f.name]) { form.elements[f.name].value = given.get(f.name); any = true; }
    });
    form.hidden = false;
    if (any) calculate(true);
  });
})();
