"""Screenshots of the demo's main pages, for the README and for looking at what we build.

    .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]

Needs a running demo (`make run`) and Debian's Chromium.
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots/demo")
PAGES = {
    "dashboard": "/i/bma/",
    "rounds": "/i/bma/rounds/",
    "round-1": "/i/bma/rounds/1/",
    "round-2": "/i/bma/rounds/2/",
    "compare": "/i/bma/rounds/2/compare/1/",
    "framework": "/i/bma/frameworks/undp-gesp/",
    "benchmark-1.1.1": "/i/bma/frameworks/undp-gesp/benchmarks/1.1.1/",
    "evidence": "/i/bma/evidence/",
    "evidence-search": "/i/bma/evidence/search/?q=%E0%B8%9C%E0%B9%89%E0%B8%B2%E0%B8%AD%E0%B8%99%E0%B8%B2%E0%B8%A1%E0%B8%B1%E0%B8%A2",
    "units": "/i/bma/units/",
    "unit-21000000": "/i/bma/units/21000000/",
    "committees": "/i/bma/committees/",
    "actions": "/i/bma/actions/",
    "inbox": "/i/bma/inbox/",
    "audit": "/i/bma/audit/",
    "planning": "/i/bma/plan/",
    "milestones": "/i/bma/readiness/milestones/",
    "questions": "/i/bma/readiness/questions/",
    "interviews": "/i/bma/readiness/interviews/",
    "analysis": "/i/bma/analysis/",
    "analysis-guide": "/i/bma/analysis/guide/",
    "analysis-project": "/i/bma/analysis/projects/GAP68-01/",
    "benchmark-1.1.2": "/i/bma/frameworks/undp-gesp/benchmarks/1.1.2/",
    "planning-reference": "/i/bma/plan/reference/",
    "certificate": "/i/bma/readiness/certificate/",
    "survey": "/i/bma/survey/",
    "reports": "/i/bma/reports/",
    "open-data-settings": "/i/bma/open-data/",
    "open-data-public": "/open/bma/",
    "assess": "/i/bma/assess/",
}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for language in ("th", "en"):
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(BASE + "/accounts/login/")
            page.fill("#id_username", "secretariat")
            page.fill("#id_password", "demo-gender-seal")
            page.click("button[type=submit]")
            page.wait_for_url("**/i/bma/")
            switch = page.locator(f"button[name=language][value={language}]")
            if switch.count():  # the user's last choice is remembered; set this pass's language
                switch.click()
                page.wait_for_load_state("networkidle")
            for name, path in PAGES.items():
                page.goto(BASE + path, wait_until="networkidle")
                page.screenshot(path=OUT / f"{name}-{language}.png", full_page=True)
            page.context.close()
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
