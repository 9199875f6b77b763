"""The web editor for real: `portal editor`'s service on a copy of the repository, in Chromium.

An editor logs in, writes a news post titled "Đoàn phí" in the form and saves it: the draft is
a commit on `cms/tin-tuc/doan-phi` whose file `portal check` passes. Publishing merges it into
main; an entry with errors is refused with the Vietnamese messages. Every request the browser
makes stays on 127.0.0.1, and the service listens on nothing else.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import ROOT
from portal.editor import server as editor_server
from portal.editor.gitstore import Author, Repo

pytestmark = pytest.mark.skipif(
    not (editor_server.dist_folder(ROOT) / "decap-cms.js").is_file(),
    reason="Decap CMS is not installed: run make editor",
)
AUTHOR = Author("Cán bộ Văn hóa", "vanhoa@bien-tap.invalid")
SHOTS = ROOT / "test-results" / "editor"


def _git(repo, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The editing service on a fresh clone of this repository, at a free port."""
    repo = tmp_path_factory.mktemp("kho") / "portal"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(repo)], check=True)
    _git(repo, "checkout", "-q", "-B", "main")
    for name, value in (("user.name", AUTHOR.name), ("user.email", AUTHOR.email)):
        _git(repo, "config", name, value)
    (repo / "editor" / "node_modules").symlink_to(ROOT / "editor" / "node_modules")
    service = editor_server.make_server(repo, AUTHOR, 0)
    thread = threading.Thread(target=service.serve_forever, daemon=True)
    thread.start()
    yield service
    service.shutdown()
    service.server_close()


@pytest.fixture(scope="module")
def page(service, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.goto(service.url)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Bộ sưu tập")).to_be_visible(timeout=20_000)
    yield page
    context.close()


def _api(page, action: str, params: dict) -> dict:
    """A call of Decap's protocol from the page, as Decap makes it."""
    return page.evaluate(
        """async ([action, params]) => {
            const r = await fetch('/api/v1', {method: 'POST',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({action, params: {branch: 'main', ...params}})});
            return {status: r.status, body: await r.json()};
        }""",
        [action, params],
    )


def test_a_draft_written_in_the_form_is_a_checked_commit_on_a_cms_branch(service, page):
    repo = service.root
    page.goto(service.url + "#/collections/tin-tuc/new")
    page.locator("#title-field-1").fill("Đoàn phí")
    page.get_by_label("Mô tả").fill("Đoàn viên đóng đoàn phí hằng tháng theo điều lệ.")
    page.get_by_label("Chuyên mục").click()
    page.get_by_text("Hoạt động của xã", exact=True).click()
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.type("Đoàn viên đóng đoàn phí hằng tháng.")
    # The preview pane runs `portal check` on the form as it is.
    frame = page.frame_locator("iframe").first
    expect(frame.locator("[data-portal-check]")).to_have_attribute(
        "data-portal-check", "sach", timeout=20_000
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "viet-bai.png")
    page.get_by_role("button", name="Lưu").first.click()
    # After the save Decap opens the draft at its address, from the slug of the title.
    page.wait_for_url("**/collections/tin-tuc/entries/doan-phi", timeout=20_000)
    page.screenshot(path=SHOTS / "da-luu.png")

    branch = "cms/tin-tuc/doan-phi"
    assert branch in _git(repo, "branch", "--list", "cms/*")
    path = "docs/tin-tuc/bai-viet/doan-phi.md"
    assert _git(repo, "diff", "--name-only", f"main...{branch}").split() == [path]
    assert _git(repo, "log", "-1", "--format=%an", branch).strip() == AUTHOR.name
    text = _git(repo, "show", f"{branch}:{path}")
    assert "title: Đoàn phí" in text and "draft: true" not in text
    # The editor's own checkout is untouched: no switch of branch, no file written.
    assert _git(repo, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert not (repo / path).exists()
    # `portal check` on what the service wrote, in a work tree of that branch.
    tree = repo.parent / "xem-nhanh"
    _git(repo, "worktree", "add", "-q", "--detach", str(tree), branch)
    done = subprocess.run(
        [sys.executable, "-m", "portal.cli", "check", path], cwd=tree,
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    # «Sẵn sàng», then «Công bố ngay»: the draft is merged into main, whose checkout follows.
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Trạng: Bản nháp").click()
    page.get_by_text("Sẵn sàng", exact=True).click()
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay", exact=True).click()
    expect(page.get_by_text("Mục đã được công bố", exact=True)).to_be_visible(timeout=20_000)
    assert (repo / path).is_file()
    assert branch not in _git(repo, "branch", "--list", "cms/*")
    assert _git(repo, "status", "--porcelain").strip() == ""


def test_an_entry_with_errors_is_refused_with_the_vietnamese_messages(service, page):
    plan = Repo(service.root).read("main", "data/ke-hoach.yml").decode()
    bad = plan.replace("  - ngay: 2026-03\n", "  - ngay: 2026-02-30\n")
    assert bad != plan
    checked = page.evaluate(
        """async (raw) => (await fetch('/api/kiem-tra', {method: 'POST',
             headers: {'Content-Type': 'application/json'},
             body: JSON.stringify({collection: 'tien-do-ke-hoach', path: 'data/ke-hoach.yml',
                                   data: {tien_do: [{ngay: '2026-02-30', noi_dung: 'Họp'}]}})
           })).json()""",
        bad,
    )
    assert [p["code"] for p in checked] == ["ngay-sai"]
    assert "tháng 2" in checked[0]["message"]

    saved = _api(page, "persistEntry", {
        "dataFiles": [{"path": "data/ke-hoach.yml", "raw": bad, "slug": "tien-do"}],
        "assets": [],
        "options": {"useWorkflow": True, "collectionName": "tien-do-ke-hoach",
                    "commitMessage": "Cập nhật tiến độ", "status": "draft"},
    })  # fmt: skip
    assert saved["status"] == 200, saved
    refused = _api(
        page, "publishUnpublishedEntry", {"collection": "tien-do-ke-hoach", "slug": "tien-do"}
    )
    assert refused["status"] == 422
    assert refused["body"]["error"].startswith("Bài còn 1 lỗi, chưa đăng được.")
    assert "data/ke-hoach.yml:" in refused["body"]["error"]
    assert "ngay-sai" not in Repo(service.root).read("main", "data/ke-hoach.yml").decode()
    assert b"2026-02-30" not in Repo(service.root).read("main", "data/ke-hoach.yml")


def test_the_browser_asks_nothing_of_another_host(page):
    foreign = [u for u in page.requested if urlparse(u).hostname not in ("127.0.0.1",)]
    assert page.requested and foreign == []


def test_the_service_listens_on_loopback_only(service):
    assert service.server_address[0] == "127.0.0.1"
    others = {
        info[4][0]
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        if not info[4][0].startswith("127.")
    }
    for address in others:
        with pytest.raises(OSError):
            socket.create_connection((address, service.port), timeout=2).close()
    # A page on the Internet that points its name at 127.0.0.1 is refused all the same.
    request = urllib.request.Request(
        f"http://127.0.0.1:{service.port}/api/v1", method="POST",
        data=json.dumps({"action": "info", "params": {}}).encode(),
        headers={"Host": "bien-tap.example", "Content-Type": "application/json"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403


def test_a_photo_saved_with_an_entry_lands_beside_it_shrunk_and_the_check_finds_it(service, page):
    picture = io.BytesIO()
    Image.new("RGB", (3200, 2400), (79, 127, 163)).save(picture, "JPEG", quality=95)
    folder = "docs/tin-tuc/bai-viet"
    raw = (
        "---\ntitle: Hội nghị tháng ba\ndescription: Hội nghị triển khai Chỉ thị 58.\n"
        "date: 2026-12-03\ncategories:\n  - Hoạt động của xã\n---\n\n# Hội nghị tháng ba\n\n"
        "![Hội nghị tại hội trường xã](anh-hoi-nghi.jpg)\n"
    )
    saved = _api(page, "persistEntry", {
        "dataFiles": [{"path": f"{folder}/hoi-nghi-thang-ba.md", "raw": raw,
                       "slug": "hoi-nghi-thang-ba"}],
        "assets": [{"path": f"{folder}/anh-hoi-nghi.jpg", "encoding": "base64",
                    "content": base64.b64encode(picture.getvalue()).decode()}],
        "options": {"useWorkflow": True, "collectionName": "tin-tuc",
                    "commitMessage": "Bài mới", "status": "draft"},
    })  # fmt: skip
    assert saved["status"] == 200 and saved["body"]["problems"] == [], saved
    stored = Repo(service.root).read("cms/tin-tuc/hoi-nghi-thang-ba", f"{folder}/anh-hoi-nghi.jpg")
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1600, 1200)


# -- on a phone: 360 px ------------------------------------------------------------------------

PHONE = {"width": 360, "height": 740}
# Every visible box of the page, in CSS pixels: tag, label of Decap's component, left, right.
_BOXES = """() => [...document.querySelectorAll('body *')].flatMap((e) => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden') return [];
    if (e.closest('[class*="Toastify__bounce-exit"]')) return [];  // a message sliding away
    const label = ((e.getAttribute('class') || '').match(/css-[a-z0-9]+-([A-Za-z-]+)/) || [])[1];
    return [[e.tagName, label || e.getAttribute('class') || '', r.left, r.right]];
})"""


@pytest.fixture(scope="module")
def phone(service, browser):
    """A 360 × 740 phone screen, logged in (its own context, so it shares no 1280 px state)."""
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(service.url)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Bộ sưu tập")).to_be_visible(timeout=20_000)
    yield page
    context.close()


def _off_screen(page, width: int = PHONE["width"]) -> list:
    boxes = page.evaluate(_BOXES)
    return [(t, c[:40], round(a), round(b)) for t, c, a, b in boxes if a < -1 or b > width + 1]


def test_on_a_phone_the_form_stays_on_screen_and_the_title_and_save_button_work(service, phone):
    phone.goto(service.url + "#/collections/tin-tuc/new")
    title = phone.locator("[id^=title-field-]").first
    expect(title).to_be_visible(timeout=20_000)
    assert _off_screen(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = title.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["width"] >= 250
    title.tap()
    phone.keyboard.type("Họp đoàn viên")
    phone.get_by_label("Mô tả").fill("Công đoàn cơ sở họp đoàn viên cuối năm.")
    phone.get_by_label("Chuyên mục").click()
    phone.get_by_text("Hoạt động của xã", exact=True).click()
    phone.locator("[data-slate-editor]").last.click()
    phone.keyboard.type("Công đoàn cơ sở họp đoàn viên cuối năm.")
    # Below the form: the preview, with the check on what was typed.
    frame = phone.frame_locator("iframe").first
    expect(frame.locator("[data-portal-check]")).to_have_attribute(
        "data-portal-check", "sach", timeout=20_000
    )
    assert _off_screen(phone) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=SHOTS / "dien-thoai-viet-bai.png")
    save = phone.get_by_role("button", name="Lưu").first
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 36
    save.tap()
    phone.wait_for_url("**/collections/tin-tuc/entries/hop-doan-vien", timeout=20_000)
    assert "cms/tin-tuc/hop-doan-vien" in _git(service.root, "branch", "--list", "cms/*")
    expect(phone.get_by_role("button", name="Trạng: Bản nháp")).to_be_visible()
    expect(phone.get_by_text("Mục đã được lưu", exact=True)).to_be_visible()
    phone.wait_for_timeout(1000)  # the message slides in from the right edge
    assert _off_screen(phone) == []
    phone.screenshot(path=SHOTS / "dien-thoai-da-luu.png")


@pytest.mark.parametrize(
    "screen",
    [
        "#/collections/tin-tuc",
        "#/collections/phap-luat/entries/tuoi-nghi-huu",
        "#/workflow",
        "#/collections/dia-phuong/entries/dia-phuong",
        "#/collections/tien-do-ke-hoach/entries/tien-do",
    ],
)
def test_on_a_phone_every_screen_fits_its_width(service, phone, screen):
    phone.goto(service.url + screen)
    bar = phone.locator("[class*='-AppHeader'], [class*='-ToolbarContainer']").first
    expect(bar).to_be_visible(timeout=20_000)
    phone.wait_for_timeout(1500)  # Decap lays out the form after its data arrived
    assert _off_screen(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_media_library_fits_its_width(service, phone):
    phone.goto(service.url + "#/collections/tin-tuc")
    phone.get_by_role("button", name="Tập tin").click()
    expect(phone.get_by_text("Tải lên", exact=False).first).to_be_visible(timeout=20_000)
    assert _off_screen(phone) == []
    phone.keyboard.press("Escape")


# -- the preview shows figures and infographics as the built site does -------------------------


def _linked_figure(html_text: str, key: str) -> str:
    """The words of the first link to a register row on a built page (the figure as shown)."""
    found = re.search(rf'<a href="[^"]*so-lieu/#{key}"[^>]*>([^<]*)</a>', html_text)
    assert found, key
    return html.unescape(found.group(1))


def test_the_preview_shows_figures_and_infographics_as_the_built_site(service, page, built_site):
    wage = _linked_figure(
        (built_site / "hoi-dap/tien-luong-va-gio-lam/index.html").read_text("utf-8"), "luong-co-so"
    )
    leave = _linked_figure(
        (built_site / "hoi-dap/hop-dong-va-nghi-viec/index.html").read_text("utf-8"),
        "nghi-hang-nam",
    )
    assert re.fullmatch(r"[\d.]+\u00a0đồng/tháng", wage) and re.fullmatch(r"\d+", leave)
    page.goto(service.url + "#/collections/tin-tuc/new")
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.type(
        "Lương cơ sở là [[so-lieu:luong-co-so]]; nghỉ năm [[so-lieu:nghi-hang-nam|so]] ngày."
    )
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("![[infographic:luong-toi-thieu-vung-2026]]")
    article = page.frame_locator("iframe").first.locator("article")
    figure = article.locator("a[href*='#luong-co-so']")
    expect(figure).to_be_visible(timeout=20_000)
    assert figure.text_content() == wage
    assert article.locator("a[href*='#nghi-hang-nam']").text_content() == leave
    assert "[[so-lieu" not in article.inner_text()
    picture = article.locator("figure.portal-infographic img")
    expect(picture).to_be_visible(timeout=20_000)
    size = picture.evaluate("(img) => img.complete && [img.naturalWidth, img.naturalHeight]")
    assert size == [1080, 1350]  # the portrait picture the article page shows
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "xem-truoc-so-lieu.png")
    # A link in the preview does not take the pane away to a page the editor does not serve.
    figure.click()
    expect(article.locator("a[href*='#luong-co-so']")).to_be_visible()


# -- no English on the editor's screens ----------------------------------------------------------

# Names, not English: the format the editor writes in, and words of the portal's own hints
# quoting the files ("draft: true", "data/tags.yml").
ALLOWED_WORDS = {"markdown", "draft", "true", "data", "tags", "yml", "infographic", "https"}
WIDGET_TYPES = {
    "string", "text", "boolean", "datetime", "list", "markdown", "select", "object", "number",
    "relation", "hidden", "file", "image", "code", "color", "map",
}  # fmt: skip
# The visible text and the names a screen reader says (aria-label, title, placeholder).
_WORDS = """() => {
    const said = [...document.querySelectorAll('[aria-label],[title],[placeholder]')]
      .filter((e) => e.getClientRects().length)
      .flatMap((e) => ['aria-label', 'title', 'placeholder'].map((a) => e.getAttribute(a)));
    return [document.body.innerText, ...said.filter(Boolean)].join('\\n');
}"""
_ENGLISH = """() => { const words = new Set();
    (function walk(v) { if (typeof v === 'string') v.replace(/%\\{[^}]*\\}/g, ' ')
        .split(/[^A-Za-z]+/).forEach((w) => w.length > 2 && words.add(w.toLowerCase()));
      else if (v && typeof v === 'object') Object.values(v).forEach(walk); })(CMS.getLocale('en'));
    return [...words]; }"""


def _english_on(page) -> set[str]:
    english = (set(page.evaluate(_ENGLISH)) | WIDGET_TYPES) - ALLOWED_WORDS
    words = re.findall(r"(?<![\w-])[A-Za-z]{3,}(?![\w-])", page.evaluate(_WORDS))
    return {w for w in words if w.lower() in english}


@pytest.mark.parametrize("width", [360, 1280])
def test_no_english_is_left_on_the_main_screens(service, browser, width):
    screens = {
        "danh sách": "#/collections/tin-tuc",
        "bài mới": "#/collections/tin-tuc/new",
        "bài đã đăng": "#/collections/phap-luat/entries/tuoi-nghi-huu",
        "biên tập": "#/workflow",
        "thông tin địa phương": "#/collections/dia-phuong/entries/dia-phuong",
        "tiến độ": "#/collections/tien-do-ke-hoach/entries/tien-do",
    }
    found = {}
    with browser.new_context(viewport={"width": width, "height": 740}, locale="vi-VN") as context:
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(service.url)
        expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible(timeout=20_000)
        found["đăng nhập"] = _english_on(page)
        page.get_by_role("button", name="Đăng nhập").click()
        for name, screen in screens.items():
            page.goto(service.url + screen)
            expect(
                page.locator("[class*='-AppHeader'], [class*='-ToolbarContainer']").first
            ).to_be_visible(timeout=20_000)
            page.wait_for_timeout(1500)
            found[name] = _english_on(page)
        page.goto(service.url + "#/collections/tin-tuc")
        page.get_by_role("button", name="Tập tin").click()
        expect(page.get_by_text("Tải lên", exact=False).first).to_be_visible(timeout=20_000)
        found["tập tin"] = _english_on(page)
    assert {name: words for name, words in found.items() if words} == {}


# -- Windows: an article saved by Notepad, the address WSL forwards ----------------------------


def test_an_article_saved_by_windows_notepad_opens_with_its_fields_filled(service, phone):
    path = "docs/tin-tuc/bai-viet/ghi-bang-notepad.md"
    text = (
        "---\ntitle: Ghi bằng Notepad\ndescription: Bài lưu bằng Notepad.\ndate: 2026-12-03\n"
        "categories:\n  - Hoạt động của xã\n---\n\nNội dung.\n"
    )
    repo = Repo(service.root)
    main = repo.commit_of("main")
    notepad = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    repo.commit_files("main", main, {path: notepad}, "Bài từ Notepad", AUTHOR, expected=main)
    phone.goto(service.url + "#/collections/tin-tuc/entries/ghi-bang-notepad")
    expect(phone.locator("[id^=title-field-]").first).to_have_value(
        "Ghi bằng Notepad", timeout=20_000
    )
    expect(phone.get_by_label("Mô tả")).to_have_value("Bài lưu bằng Notepad.")
    # Saved again from the form, the file has neither the BOM nor the CRLF any more.
    phone.get_by_label("Mô tả").fill("Bài lưu bằng Notepad, sửa trên trang biên tập.")
    phone.get_by_role("button", name="Lưu").first.tap()
    expect(phone.get_by_text("Mục đã được lưu", exact=True)).to_be_visible(timeout=20_000)
    saved = repo.read("cms/tin-tuc/ghi-bang-notepad", path)
    assert saved.startswith(b"---\ntitle: Ghi b") and b"\r" not in saved


def test_the_service_answers_on_localhost_as_on_127_0_0_1(service):
    # WSL forwards http://localhost:PORT of the Windows browser to the service in Debian.
    assert "127.0.0.1" in {info[4][0] for info in socket.getaddrinfo("localhost", service.port)}
    for host in ("localhost", "127.0.0.1"):
        with urllib.request.urlopen(f"http://{host}:{service.port}/admin/", timeout=5) as answer:
            assert answer.status == 200 and b"decap-cms.js" in answer.read()
        listing = {"branch": "main", "folder": "docs/hoi-dap", "extension": "md", "depth": 1}
        request = urllib.request.Request(
            f"http://{host}:{service.port}/api/v1", method="POST",
            data=json.dumps({"action": "entriesByFolder", "params": listing}).encode(),
            headers={"Content-Type": "application/json", "Origin": f"http://{host}:{service.port}"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200 and json.loads(answer.read())


def test_the_phone_asks_nothing_of_another_host(phone):
    foreign = [u for u in phone.requested if urlparse(u).hostname not in ("127.0.0.1",)]
    assert phone.requested and foreign == []
