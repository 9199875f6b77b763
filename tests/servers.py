"""Real servers for the publishing tests: Debian's nginx and sshd, started on 127.0.0.1.

nginx runs Debian's own nginx.conf, copied into a temporary folder, with the portal's site
installed by deploy/install-nginx.sh exactly as on a server; only file paths and the ports
differ. It serves HTTPS with a throwaway certificate for 127.0.0.1 made here with openssl
(its own CA: `get` trusts it and nothing else), and plain HTTP for the redirect and the ACME
challenge. sshd runs as root with a throwaway host key and client key. `install_site` puts an
already built site live without a build, for tests about serving rather than building.
"""

from __future__ import annotations

import http.client
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

from portal.publish.releases import LocalStore, write_manifest

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SSHD = "/usr/sbin/sshd"


def install_site(site: Path, publish_dir: Path, name: str) -> Path:
    """Make an already built site the live release of `publish_dir`, as `portal publish` does."""
    store = LocalStore(publish_dir)
    if name not in store.releases():
        stage = store.stage(name)
        shutil.copytree(site, stage)
        write_manifest(stage, name, "test", dirty=False)
        store.install(name)
    store.switch(name)
    return publish_dir / "releases" / name


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The certificate authority the test nginx's certificate is trusted through (set by Nginx).
TRUSTED_CA: Path | None = None


def tls_context(**versions) -> ssl.SSLContext:
    """A client context that trusts only the test certificate (minimum/maximum_version=…)."""
    context = ssl.create_default_context(cafile=str(TRUSTED_CA) if TRUSTED_CA else None)
    for name, version in versions.items():
        setattr(context, name, version)
    return context


def get(url: str, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET without following redirects or decoding: status, headers (lower-case), body."""
    secure = url.startswith("https://")
    host_port, _, path = url.removeprefix("https://").removeprefix("http://").partition("/")
    host, _, port = host_port.partition(":")
    if secure:
        connection = http.client.HTTPSConnection(host, int(port), timeout=10, context=tls_context())
    else:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/" + path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port} within {seconds} s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Nginx:
    """Debian's nginx serving `publish_dir/current` with the shipped configuration."""

    def __init__(self, work: Path, publish_dir: Path):
        self.work = work
        self.publish_dir = publish_dir
        self.etc = work / "etc-nginx"
        self.port = free_port()  # HTTPS
        self.http_port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.http_url = f"http://127.0.0.1:{self.http_port}"
        self.acme_root = work / "acme"
        self.log = work / "error.log"
        self.process: subprocess.Popen | None = None

    def _certificate(self) -> tuple[Path, Path]:
        """A throwaway CA and a certificate it signed for 127.0.0.1 (the chain nginx sends)."""
        tls = self.work / "tls"
        tls.mkdir()
        openssl = ["openssl", "req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt",
                   "ec_paramgen_curve:prime256v1", "-days", "2"]  # fmt: skip
        subprocess.run(
            [*openssl, "-x509", "-subj", "/CN=Portal test CA", "-keyout", tls / "ca.key",
             "-out", tls / "ca.pem"], check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            [*openssl, "-subj", "/CN=127.0.0.1", "-keyout", tls / "privkey.pem",
             "-out", tls / "server.csr"], check=True, capture_output=True,
        )  # fmt: skip
        (tls / "san.ext").write_text("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        subprocess.run(
            ["openssl", "x509", "-req", "-in", tls / "server.csr", "-CA", tls / "ca.pem",
             "-CAkey", tls / "ca.key", "-CAcreateserial", "-days", "2",
             "-extfile", tls / "san.ext", "-out", tls / "cert.pem"],
            check=True, capture_output=True,
        )  # fmt: skip
        chain = tls / "fullchain.pem"
        chain.write_bytes((tls / "cert.pem").read_bytes() + (tls / "ca.pem").read_bytes())
        global TRUSTED_CA
        TRUSTED_CA = tls / "ca.pem"
        return chain, tls / "privkey.pem"

    def _configure(self) -> None:
        shutil.copytree("/etc/nginx", self.etc, symlinks=True)
        main = (self.etc / "nginx.conf").read_text()
        main = main.replace("/etc/nginx/", f"{self.etc}/")
        main = main.replace("/run/nginx.pid", str(self.work / "nginx.pid"))
        main = main.replace("/var/log/nginx/", f"{self.work}/")
        # Workers must read the pytest folders (mode 0700, owned by the user running tests).
        user = "root" if os.geteuid() == 0 else None
        main = re.sub(r"^user\s+\S+;", f"user {user};" if user else "", main, flags=re.M)
        main = main.replace("http {", f"http {{\n\tclient_body_temp_path {self.work}/body;", 1)
        (self.etc / "nginx.conf").write_text(main)
        cert, key = self._certificate()
        install = subprocess.run(
            ["sh", str(ROOT / "deploy" / "install-nginx.sh"), str(self.publish_dir)],
            env={
                **os.environ,
                "NGINX_DIR": str(self.etc),
                "PORTAL_TLS_CERT": str(cert),
                "PORTAL_TLS_KEY": str(key),
                "PORTAL_ACME_ROOT": str(self.acme_root),
            },
            capture_output=True,
            text=True,
        )
        assert install.returncode == 0, install.stdout + install.stderr
        assert "HTTPS với chứng chỉ" in install.stdout, install.stdout
        site = self.etc / "sites-available" / "portal"
        conf = site.read_text()
        conf = conf.replace("listen 80;", f"listen 127.0.0.1:{self.http_port};")
        conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{self.port} ssl http2;")
        conf = conf.replace("listen [::]:80;", "").replace("listen [::]:443 ssl http2;", "")
        site.write_text(conf)

    def start(self) -> Nginx:
        self._configure()
        command = [NGINX, "-c", str(self.etc / "nginx.conf"), "-e", str(self.log)]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen([*command, "-g", "daemon off;"])
        _wait_for_port(self.port, self.process, self.log)
        return self

    def stop(self) -> None:
        if self.process:
            _stop(self.process)

    @property
    def brotli(self) -> bool:
        """Whether the brotli module is installed (and so configured)."""
        return (self.etc / "snippets" / "portal-brotli.conf").exists()


class Sshd:
    """OpenSSH's sshd on 127.0.0.1 accepting one throwaway key for the current user."""

    def __init__(self, work: Path):
        self.work = work
        self.port = free_port()
        self.user = pwd.getpwuid(os.geteuid()).pw_name
        self.log = work / "sshd.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Sshd:
        keygen = ["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f"]
        subprocess.run([*keygen, str(self.work / "host_key")], check=True)
        subprocess.run([*keygen, str(self.work / "client_key")], check=True)
        shutil.copy(self.work / "client_key.pub", self.work / "authorized_keys")
        host_key = (self.work / "host_key.pub").read_text().split()
        (self.work / "known_hosts").write_text(
            f"[127.0.0.1]:{self.port} {host_key[0]} {host_key[1]}\n"
        )
        config = self.work / "sshd_config"
        config.write_text(
            f"Port {self.port}\n"
            "ListenAddress 127.0.0.1\n"
            f"HostKey {self.work / 'host_key'}\n"
            f"PidFile {self.work / 'sshd.pid'}\n"
            f"AuthorizedKeysFile {self.work / 'authorized_keys'}\n"
            "UsePAM no\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "PubkeyAuthentication yes\n"
            "PermitRootLogin prohibit-password\n"
            # The keys live under /tmp, which is world-writable: StrictModes would refuse them.
            "StrictModes no\n"
        )
        # sshd refuses to start without its privilege separation folder (systemd makes it).
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self._log = self.log.open("w")
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=self._log
        )
        _wait_for_port(self.port, self.process, self.log)
        return self

    @property
    def ssh_command(self) -> str:
        """The --ssh value for `portal publish`: this key, this host key, nothing from ~/.ssh."""
        return (
            f"ssh -F /dev/null -p {self.port} -i {self.work / 'client_key'} "
            f"-o IdentitiesOnly=yes -o UserKnownHostsFile={self.work / 'known_hosts'} "
            "-o StrictHostKeyChecking=yes"
        )

    def stop(self) -> None:
        if self.process:
            _stop(self.process)
            self._log.close()
