"""Benchmark: PostgreSQL's own processor time per page of `make load`'s mix, with and without prepared statements.

    scripts/test-postgres.sh .venv/bin/python bench/pg_prepared.py

Fills the database in DATABASE_URL with bench/load/setup_data.py (the BMA demo and 50 district focal
points; kept where already there, with fresh sessions) and, signed in as a focal point, requests each page of the
load mix 5 times to warm up and then BENCH_SAMPLES times, timing the wall clock and the processor time
of the cluster's server processes (the postmaster's children, read from /proc: the server runs on this
machine). Each variant runs in a fresh process: `DB_PREPARE_THRESHOLD=0` (every query planned every
time) and the default (a query run again on a connection is prepared, and PostgreSQL may keep its plan),
alternated twice so a machine that slows during the run shows in both.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "bench" / "pg_prepared_state.json"
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 40))
VARIANTS = (("every query planned", "0"), ("prepared (default)", None))


def cluster_cpu_ms(postmaster):
    hz, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:  # ppid: a server process of this cluster
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total * 1000 / hz


def measure():
    """One variant (the environment says which): JSON lines, one per page."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        postmaster = int((Path(cursor.fetchone()[0]) / "postmaster.pid").read_text().split()[0])
    state = json.loads(STATE.read_text(encoding="utf-8"))
    slug, account = state["institution"], state["focal_sessions"][0]
    client = Client()
    client.cookies[state["session_cookie"]] = account["session"]
    pages = [("dashboard", f"/i/{slug}/"), ("round page", f"/i/{slug}/rounds/{state['rounds'][-1]}/"),
             ("evidence list", f"/i/{slug}/evidence/"),
             ("evidence search", f"/i/{slug}/evidence/search/?q=ผ้าอนามัย"),
             ("planning dashboard", f"/i/{slug}/plan/"),
             ("indicator", f"/i/{slug}/plan/indicators/{account['indicator']}/")]
    for name, url in pages:
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        walls, cpu = [], cluster_cpu_ms(postmaster)
        for _ in range(SAMPLES):
            start = time.perf_counter()
            client.get(url)
            walls.append((time.perf_counter() - start) * 1000)
        cpu = (cluster_cpu_ms(postmaster) - cpu) / SAMPLES
        print(json.dumps({"page": name, "wall": statistics.median(walls), "cpu": cpu}), flush=True)


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("PostgreSQL only: scripts/test-postgres.sh .venv/bin/python bench/pg_prepared.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    STATE.parent.mkdir(parents=True, exist_ok=True)  # the data (kept if there), and fresh sessions in it
    subprocess.run([sys.executable, str(ROOT / "bench" / "load" / "setup_data.py"), str(STATE)], env=env,
                       check=True, stdout=subprocess.DEVNULL)
    load_before = os.getloadavg()[0]
    figures = {}
    for _round in range(2):
        for label, threshold in VARIANTS:
            run_env = dict(env)
            if threshold is None:
                run_env.pop("DB_PREPARE_THRESHOLD", None)
            else:
                run_env["DB_PREPARE_THRESHOLD"] = threshold
            done = subprocess.run([sys.executable, __file__, "--measure"], env=run_env, check=True,
                                  capture_output=True, text=True)
            for line in done.stdout.splitlines():
                row = json.loads(line)
                figures.setdefault(row["page"], {}).setdefault(label, []).append((row["wall"], row["cpu"]))
    print(f"\n{SAMPLES} requests per page and variant, twice each; load average {load_before:.1f} before and "
          f"{os.getloadavg()[0]:.1f} after (2 cores)\n")
    print("| page | " + " | ".join(f"{label}: wall median ms, server CPU ms per page" for label, _ in VARIANTS) + " |")
    print("|---|" + "---|" * len(VARIANTS))
    for page, by_variant in figures.items():
        cells = []
        for label, _ in VARIANTS:
            runs = by_variant[label]
            cells.append(", ".join(f"{wall:.1f} / {cpu:.1f}" for wall, cpu in runs))
        print(f"| {page} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    measure() if "--measure" in sys.argv else main()
