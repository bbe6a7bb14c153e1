"""Audit the twibot-20 sample into bench/out/ and screenshot audit.html in headless Chromium,
so a person can check the page is readable without opening it.

    python bench/audit_screenshot.py

Uses Debian's `chromium` (installed with apt-get when /usr/bin/chromium is absent). Where
it cannot be installed, says so and exits 0: the screenshot is a convenience, not a test.
Output: bench/out/audit.csv, audit.html, audit.png (bench/out/ is git-ignored).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _data import ROOT, TWIBOT, need

from whynot.audit import JsonlSource, default_workers, run_audit
from whynot.audit.report import write_report

OUT = ROOT / "bench" / "out"
CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium() -> Path | None:
    if CHROMIUM.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None:
        print("no /usr/bin/chromium and no apt-get to install it: no screenshot")
        return None
    print("installing Debian's chromium package (apt-get install -y chromium) ...", flush=True)
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
            print(f"cannot install chromium ({' '.join(command)}: {tail[0]}): no screenshot")
            return None
    return CHROMIUM if CHROMIUM.exists() else None


def main() -> int:
    source = need(TWIBOT / "accounts.jsonl")
    owner = ROOT / "data" / "demo" / "owner.toml"
    with JsonlSource(source) as accounts:
        result = run_audit(accounts, OUT, owner_config=owner, workers=default_workers(), fresh=True)
    html = write_report(OUT)
    print(f"audited {result.rows} accounts in {result.seconds:.1f} s -> {html}")
    chromium = ensure_chromium()
    if chromium is None:
        return 0
    png = OUT / "audit.png"
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="whynot-chromium-") as profile:
        command = [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1400,2000",
            f"--screenshot={png}",
            (OUT / "audit.html").resolve().as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if not png.exists():
        print(f"chromium made no screenshot (exit {done.returncode}):\n{done.stderr[-2000:]}")
        return 1
    print(f"screenshot: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
