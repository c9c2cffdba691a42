"""Lighthouse (mobile, performance) against the production set-up: gunicorn, collected static files, DEBUG off.

    .venv/bin/python bench/lighthouse.py            # npm's lighthouse (package.json), Debian's chromium

A fresh SQLite database under var/bench/lighthouse/ gets the BMA demo (bench/load/setup_data.py), static
files are collected (hashed, compressed), gunicorn serves them on 127.0.0.1, and Lighthouse's default
mobile run (a mid-range phone, simulated slow 4G, 4x CPU slowdown) opens each page signed in as the
secretariat (a session cookie made in the database: the run measures pages, not the sign-in), after four
plain requests of each page (the workers' first requests fill per-process caches, e.g. the institution's
meaning index behind the evidence search: a cold first search took 9.6 s and once ended Lighthouse's
trace with NO_NAVSTART). Each page
is run LIGHTHOUSE_RUNS times (3); the median score is reported with its layout shift (CLS), largest
contentful paint and total blocking time. Targets: performance >= 95, CLS < 0.05.
Settings: LIGHTHOUSE_RUNS, LIGHTHOUSE_PORT (8160), CHROME_PATH (/usr/bin/chromium), LIGHTHOUSE_PAGES (the
pages to run, comma-separated names as in the table, e.g. "evidence search"; default all).
Not part of `make test`: a benchmark, its figures go to docs/performance.md.
"""
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", 3))
PORT = int(os.environ.get("LIGHTHOUSE_PORT", 8160))
HOST = "127.0.0.1"  # loopback only


def pages(state):
    slug, latest = state["institution"], max(state["rounds"])
    return {
        "dashboard": f"/i/{slug}/",
        "round page": f"/i/{slug}/rounds/{latest}/",
        "my work": f"/i/{slug}/my-work/",
        "planning dashboard": f"/i/{slug}/plan/",
        "evidence search": f"/i/{slug}/evidence/search/?q=%E0%B8%84%E0%B8%A7%E0%B8%B2%E0%B8%A1%E0%B9%80%E0%B8%97%E0%B9%88%E0%B8%B2",
    }


def run_lighthouse(url, cookie, out):
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance",
                    "--output=json", f"--output-path={out}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
                    f"--extra-headers={json.dumps({'Cookie': cookie})}"],
                   check=True, env=env, timeout=300)
    report = json.loads(Path(out).read_text())
    audits = report["audits"]
    final = report.get("finalDisplayedUrl") or report.get("finalUrl", "")
    if "/accounts/login" in final:
        raise SystemExit(f"{url} sent Lighthouse to the sign-in page: the session cookie was not accepted")
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "server": audits["server-response-time"]["numericValue"],
    }


def measure_page(name, path, cookie, work):
    results = []
    for n in range(RUNS + 2):  # Lighthouse sometimes fails to record a trace (NO_NAVSTART): two retries
        try:
            results.append(run_lighthouse(f"http://{HOST}:{PORT}{path}", cookie, work / f"{name}-{n}.json"))
        except subprocess.CalledProcessError:
            print(f"  {name}: Lighthouse failed, run again", file=sys.stderr)
        if len(results) == RUNS:
            break
    if not results:
        raise SystemExit(f"Lighthouse failed on {name} three times")
    return sorted(results, key=lambda r: r["score"])


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("no node_modules/lighthouse: run `npm install` (package.json pins it)")
    work = ROOT / "var" / "bench" / "lighthouse"
    shutil.rmtree(work, ignore_errors=True)
    (work / "var" / "static").mkdir(parents=True)
    env = {**os.environ, "GENDERSEAL_VAR_DIR": str(work / "var"), "DEBUG": "false", "LOG_LEVEL": "WARNING",
           "DJANGO_SETTINGS_MODULE": "genderseal.settings", "SECRET_KEY": secrets.token_urlsafe(50),
           "GENDERSEAL_PRODUCTION": "true", "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false",
           "SECURE_COOKIES": "false", "LOAD_USERS": "1"}
    env.pop("DATABASE_URL", None)
    state_file = work / "state.json"
    subprocess.run([str(BIN / "python"), "bench/load/setup_data.py", str(state_file)], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([str(BIN / "gender-seal"), "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env,
                   check=True)
    state = json.loads(state_file.read_text())
    reader = next(s for s in state["reader_sessions"] if s["username"] == "secretariat")
    cookie = f"{state['session_cookie']}={reader['session']}"
    server = subprocess.Popen([str(BIN / "gunicorn"), "genderseal.wsgi:application", "--bind", f"{HOST}:{PORT}",
                               "--workers", "2", "--preload", "--no-control-socket",
                               "--error-logfile", str(work / "gunicorn.log")], cwd=ROOT, env=env)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://{HOST}:{PORT}/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not answer")
        for path in pages(state).values():  # each worker's first request of a page (its caches) is not the page
            for _ in range(4):
                request = urllib.request.Request(f"http://{HOST}:{PORT}{path}", headers={"Cookie": cookie})
                urllib.request.urlopen(request, timeout=120).read()
        load_before = os.getloadavg()[0]
        rows = []
        chosen = [p.strip() for p in os.environ.get("LIGHTHOUSE_PAGES", "").split(",") if p.strip()]
        for name, path in pages(state).items():
            if chosen and name not in chosen:
                continue
            results = measure_page(name, path, cookie, work)
            middle = results[len(results) // 2]
            rows.append((name, path, middle, [r["score"] for r in results], max(r["cls"] for r in results)))
            print(f"  {name}: {[r['score'] for r in results]}", file=sys.stderr)
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)  # a loaded machine can take a while to stop the workers
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(f"\nLighthouse {json.loads((ROOT / 'node_modules/lighthouse/package.json').read_text())['version']}, "
          f"mobile, {RUNS} runs per page; load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after "
          f"({os.cpu_count()} cores)\n")
    print("| page | performance (median) | runs | CLS (worst run) | LCP ms | TBT ms | server ms |")
    print("|---|---|---|---|---|---|---|")
    for name, _path, middle, scores, worst_cls in rows:
        print(f"| {name} | {middle['score']} | {', '.join(map(str, scores))} | {worst_cls:.3f} "
              f"| {middle['lcp']:.0f} | {middle['tbt']:.0f} | {middle['server']:.0f} |")
    print(f"\nmedian of medians {statistics.median(r[2]['score'] for r in rows)} (target >= 95, CLS < 0.05)")


if __name__ == "__main__":
    main()
