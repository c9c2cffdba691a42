"""Summarise a load run: Locust's CSV statistics and the server logs, as Markdown.

    python bench/load/summary.py RUN_DIR LABEL

Prints throughput, p50/p95/p99 per request kind and overall, failures, and how often the server
logs say "database is locked" or show a traceback. Exit status 1 when there were failures or
locked-database messages, so a run can be used as a check.
"""
import csv
import sys
from pathlib import Path


def main(run_dir, label):
    run = Path(run_dir)
    rows = list(csv.DictReader(open(run / "locust_stats.csv", encoding="utf-8")))
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(run.glob("*.log")))
    locked = logs.count("database is locked")
    tracebacks = logs.count("Traceback (most recent call last)")
    print(f"### {label}\n")
    print("| request | count | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total = None
    for row in rows:
        line = (f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
                f"{float(row['Max Response Time']):.0f} |")
        if row["Name"] == "Aggregated":
            total = row
        else:
            print(line)
    if total:
        print(line.replace("| Aggregated |", "| **all** |"))
    failures = list(csv.DictReader(open(run / "locust_failures.csv", encoding="utf-8"))) \
        if (run / "locust_failures.csv").exists() else []
    server = sorted(int(line.split()[-1]) / 1000 for line in open(run / "access.txt", encoding="utf-8")
                    if line.strip()) if (run / "access.txt").exists() else []
    if server:  # time inside the server (gunicorn's %(D)s), whole run: the rest of a client's time is queueing
        at = lambda q: server[min(len(server) - 1, int(q * len(server)))]  # noqa: E731
        print(f"\nserver time of all {len(server)} requests (ramp-up included): p50 {at(.5):.0f} ms, "
              f"p95 {at(.95):.0f} ms, p99 {at(.99):.0f} ms")
    print(f"\n\"database is locked\" in server logs: {locked}; tracebacks: {tracebacks}")
    for failure in failures[:20]:
        print(f"- failure: {failure['Method']} {failure['Name']}: {failure['Error'][:200]} x{failure['Occurrences']}")
    failed = int(total["Failure Count"]) if total else 1
    return 1 if failed or locked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else Path(sys.argv[1]).name))
