"""Debian's Chromium, started the same way by the browser tests and the benchmark."""

from __future__ import annotations

import os
import shutil

# CHROME_PATH is also what Lighthouse reads, so one setting points both at the same browser.
CHROMIUM = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium calls Google's hosts at start-up, which
# this closed network refuses and the no-other-host tests would count.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
