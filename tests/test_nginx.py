"""The shipped nginx configuration, run by Debian's nginx: headers, compression, caching, 404."""

from __future__ import annotations

import gzip
import re
import shutil
import socket
import ssl

import pytest
from playwright.sync_api import sync_playwright
from servers import get, install_site, tls_context

from conftest import ROOT, copy_project, run_portal
from portal.publish import csp

HEADERS_CONF = ROOT / csp.HEADERS_CONF
SECURITY = {
    "strict-transport-security": "max-age=31536000",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "SAMEORIGIN",
}
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$")


@pytest.fixture(scope="module")
def live(nginx, built_site):
    """The built site installed as a release and made live, as `portal publish` does."""
    return install_site(built_site, nginx.publish_dir, "20260101-000000-nginxtest")


def _url(live, path) -> str:
    return "/" + path.relative_to(live).as_posix()


@pytest.fixture(scope="module")
def paths(live):
    """One URL of each kind the site serves."""
    article = next(
        p
        for p in sorted((live / "tin-tuc").glob("*/index.html"))
        if p.parent.name not in ("luu-tru", "chuyen-muc", "chu-de", "page")
    )
    css = next(p for p in (live / "assets/stylesheets").iterdir() if FINGERPRINTED.search(p.name))
    js = next(p for p in (live / "assets/javascripts").iterdir() if FINGERPRINTED.search(p.name))
    # The search's entry file, which names the current folder of index files.
    search = next(p for p in (live / "tim-kiem/index.json",) if p.exists())
    return {
        "home": "/",
        "article": _url(live, article.parent) + "/",
        "css": _url(live, css),
        "js": _url(live, js),
        "plain css": "/assets/portal.css",
        "search": _url(live, search),
    }


@pytest.fixture(scope="module")
def immutable(live, paths):
    """Every kind of file whose name changes with its content, that this site has."""
    found = [paths["css"], paths["js"]]
    for pattern in ("tim-kiem/*/t/*.json", "tim-kiem/trang/*.json", "anh-chia-se/*.png"):
        found += [_url(live, p) for p in sorted(live.glob(pattern))[:1]]
    return found


def _policy(headers: dict) -> dict[str, list[str]]:
    value = headers["content-security-policy"]
    return {d.split()[0]: d.split()[1:] for d in value.split(";") if d.strip()}


def _assert_secure(headers: dict, where: str) -> None:
    for name, value in SECURITY.items():
        assert headers.get(name) == value, f"{where}: {name}"
    assert "camera=()" in headers.get("permissions-policy", ""), where
    policy = _policy(headers)
    assert policy["default-src"] == ["'self'"], where
    assert policy["object-src"] == ["'none'"], where
    assert "'unsafe-inline'" not in policy["script-src"], where
    for sources in policy.values():  # no other host, no scheme wildcard, no eval
        for source in sources:
            allowed = ("'self'", "'none'", "data:")
            assert source in allowed or source.startswith("'sha256-"), (
                where,
                source,
            )


def test_every_response_carries_the_security_headers(nginx, paths):
    for kind, path in {
        **paths,
        "missing": "/khong-co-trang-nay/",
        "dotfile": "/.release.json",
    }.items():
        status, headers, _ = get(nginx.url + path)
        assert status in (200, 404), kind
        _assert_secure(headers, kind)
        assert "server" not in headers or "nginx/" not in headers["server"]  # no version shown


def test_fingerprinted_files_are_immutable_and_the_rest_revalidated(nginx, paths, immutable):
    for path in immutable:
        status, headers, _ = get(nginx.url + path)
        assert status == 200, path
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path
        _assert_secure(headers, path)  # the header snippet holds in every case
    for kind in ("home", "article", "plain css", "search"):
        _, headers, _ = get(nginx.url + paths[kind])
        assert headers["cache-control"] == "no-cache", kind
        assert "etag" in headers and "last-modified" in headers, kind  # cheap 304s
    # A 404 is never cached, even at an address shaped like a fingerprinted file.
    for missing in ("/khong-co-trang-nay/", "/assets/javascripts/bundle.0123abcd.min.js"):
        status, headers, _ = get(nginx.url + missing)
        assert status == 404 and headers["cache-control"] == "no-cache", missing


def test_text_is_compressed_with_gzip_and_brotli(nginx, paths, live):
    for kind in ("home", "article", "css", "js", "search"):
        path = paths[kind]
        file = live / path.strip("/") / "index.html" if path.endswith("/") else live / path[1:]
        status, headers, body = get(nginx.url + path, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", kind
        assert "Accept-Encoding" in headers.get("vary", ""), kind
        assert gzip.decompress(body) == file.read_bytes(), kind
        _, plain_headers, plain = get(nginx.url + path)
        assert "content-encoding" not in plain_headers and plain == file.read_bytes(), kind
        if nginx.brotli:
            _, br_headers, br = get(nginx.url + path, {"Accept-Encoding": "br, gzip"})
            assert br_headers.get("content-encoding") == "br", kind
            assert len(br) < len(body), kind  # brotli beats gzip on this text


def test_missing_page_gets_the_vietnamese_404(nginx, live):
    status, headers, body = get(nginx.url + "/phap-luat/khong-co-bai-nay/")
    assert status == 404
    assert body == (live / "404.html").read_bytes()
    assert 'lang="vi"' in body.decode()
    assert headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/.release.json", "/.sha256sums", "/.git/config", "/assets/.an", "/.well-known/x"]
)
def test_dotfiles_are_not_served(nginx, live, path):
    stray = live / "assets" / ".an"  # a dotfile that found its way into a release
    stray.write_text("bí mật")
    try:
        status, _, body = get(nginx.url + path)
    finally:
        stray.unlink()
    assert status == 404
    assert body == (live / "404.html").read_bytes()


def test_folder_without_slash_redirects_relatively(nginx, live):
    status, headers, _ = get(nginx.url + "/phap-luat")
    assert status == 301
    assert headers["location"] == "/phap-luat/"


def test_plain_http_redirects_to_https_and_keeps_the_acme_challenge(nginx, live):
    for path in ("/", "/phap-luat/?trang=2", "/.release.json", "/.well-known/khac"):
        status, headers, _ = get(nginx.http_url + path)
        assert status == 301, path
        assert headers["location"] == f"https://127.0.0.1{path}", path  # port 443 on a server
        assert headers["x-content-type-options"] == "nosniff", path
    # certbot's token, from the webroot and not from the site (the dotfile rule gives 404).
    challenge = nginx.acme_root / ".well-known" / "acme-challenge"
    (challenge / "ma-thu-123").write_text("ma-thu-123.khoa", encoding="ascii")
    status, headers, body = get(nginx.http_url + "/.well-known/acme-challenge/ma-thu-123")
    assert (status, body) == (200, b"ma-thu-123.khoa")
    assert headers["content-type"].startswith("text/plain")
    status, _, _ = get(nginx.http_url + "/.well-known/acme-challenge/khong-co")
    assert status == 404  # a missing token is not redirected either
    status, _, _ = get(nginx.url + "/.well-known/acme-challenge/ma-thu-123")
    assert status == 404  # and the site over HTTPS never serves the webroot


def _handshake(nginx, context: ssl.SSLContext) -> tuple[str, str]:
    with (
        socket.create_connection(("127.0.0.1", nginx.port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        return tls.version(), tls.cipher()[0]


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion:DeprecationWarning")  # the old client on purpose
def test_tls_is_1_2_or_1_3_with_forward_secret_ciphers_only(nginx, live):
    assert _handshake(nginx, tls_context())[0] == "TLSv1.3"
    version, cipher = _handshake(nginx, tls_context(maximum_version=ssl.TLSVersion.TLSv1_2))
    assert version == "TLSv1.2" and cipher.startswith("ECDHE-") and "GCM" in cipher
    old = tls_context(maximum_version=ssl.TLSVersion.TLSv1_1)
    old.set_ciphers("ALL:@SECLEVEL=0")  # this client would take TLS 1.0/1.1: the server says no
    old.minimum_version = ssl.TLSVersion.TLSv1
    with pytest.raises(ssl.SSLError, match="ALERT_PROTOCOL_VERSION"):  # the server's alert
        _handshake(nginx, old)
    weak = tls_context(maximum_version=ssl.TLSVersion.TLSv1_2)
    weak.set_ciphers("AES128-SHA:AES256-SHA256:ECDHE-RSA-AES128-SHA")  # no forward secrecy/AEAD
    with pytest.raises(ssl.SSLError, match="HANDSHAKE_FAILURE"):  # the server's alert
        _handshake(nginx, weak)


def test_a_symbolic_link_put_into_a_release_is_not_followed(nginx, live):
    link = live / "assets" / "lien-ket.txt"
    link.symlink_to("/etc/hostname")
    try:
        status, headers, body = get(nginx.url + "/assets/lien-ket.txt")
    finally:
        link.unlink()
    assert status == 404 and body == (live / "404.html").read_bytes()
    _assert_secure(headers, "symlink")


def test_policy_lists_the_hashes_of_the_sites_inline_scripts(built_site):
    missing = set(csp.policy_sources(built_site)) - csp.configured_sources(HEADERS_CONF)
    assert missing == set(), f"{csp.HEADERS_CONF} lacks inline scripts' hashes: run `make csp`."


def test_csp_command_finds_and_writes_missing_hashes(built_site, tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "deploy", project / "deploy")
    conf = project / csp.HEADERS_CONF
    site = ("--site", str(built_site))
    assert run_portal("csp", *site, cwd=project).returncode == 0
    dropped = sorted(csp.configured_sources(conf))[0]
    conf.write_text(conf.read_text().replace(f" {dropped}", ""))
    stale = run_portal("csp", *site, cwd=project)
    assert stale.returncode == 1 and "make csp" in stale.stderr
    assert run_portal("csp", "--write", *site, cwd=project).returncode == 0
    assert dropped in csp.configured_sources(conf)


def test_csp_write_shows_the_change_and_never_allows_a_script_from_content(built_site, tmp_path):
    """An editor's inline script in the built site is reported, never added to the policy."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "deploy", project / "deploy")
    conf = project / csp.HEADERS_CONF
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "hoi-dap" / "index.html"
    injected = 'alert("bai viet")'
    page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", f"<script>{injected}</script></body>"),
        encoding="utf-8",
    )
    theme = sorted(csp.configured_sources(conf))
    dropped, bogus = theme[0], "'sha256-" + "A" * 43 + "='"
    text = conf.read_text().replace(f" {dropped}", f" {bogus}")
    conf.write_text(text)
    wrote = run_portal("csp", "--write", "--site", str(site), cwd=project)
    assert wrote.returncode == 0, wrote.stdout + wrote.stderr
    assert f"  + {dropped}  (thêm: giao diện có đoạn mã này)" in wrote.stdout
    assert f"  - {bogus}  (bỏ: giao diện không còn đoạn mã này)" in wrote.stdout
    assert "thêm 1, bỏ 1" in wrote.stdout
    assert "Cảnh báo: hoi-dap/index.html có đoạn mã nhúng không thuộc giao diện" in wrote.stderr
    assert sorted(csp.configured_sources(conf)) == theme  # the content's script is not there
    assert csp.source(injected) not in conf.read_text()
    assert csp.blocked(site, conf) == {csp.source(injected): "hoi-dap/index.html"}


def test_pages_work_in_chromium_under_the_policy(nginx, paths):
    """Material's inline scripts run (their hashes match) and nothing is blocked."""
    from portal.bench.browser import CHROMIUM, FLAGS

    violations, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(
            viewport={"width": 360, "height": 740},  # a phone, as readers
            ignore_https_errors=True,  # the test certificate: its CA is not in Chromium
        )
        page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and violations.append(m.text),
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in (paths["home"], paths["article"], "/phap-luat/", "/khong-co/"):
            page.goto(nginx.url + path, wait_until="networkidle")
            assert page.evaluate("typeof __md_get") == "function", path  # inline script ran
        # Search loads its code and index under the policy.
        page.goto(nginx.url + "/", wait_until="networkidle")
        page.get_by_role("button", name="Tìm kiếm").click()
        box = page.get_by_role("searchbox", name="Từ cần tìm")
        box.press_sequentially("bao hiem", delay=30)
        page.wait_for_selector(".portal-search__link", timeout=15000)
        browser.close()
    assert violations == []
    assert errors == []
