#!/usr/bin/env python3
"""Dependency audit: pip-audit over the installed virtualenv, against PyPI's vulnerability data.

    scripts/audit-deps.py [PIP_AUDIT]          (default: .venv/bin/pip-audit)

Exit status 1 when a known vulnerability is found in an installed package; 0 with a WARNING when
the data could not be fetched (no network, PyPI's JSON API unreachable): an offline machine does
not fail the build, but it says plainly that nothing was checked. Our own package is skipped.
Ignore a vulnerability only with a dated reason, as AUDIT_IGNORE="GHSA-xxxx PYSEC-yyyy".
"""
import json
import os
import subprocess
import sys
import tempfile


def verdict(report):
    """(exit status, lines to print) for pip-audit's JSON report."""
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    audited = [d for d in deps if "skip_reason" not in d]
    skipped = [d for d in deps if "skip_reason" in d]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"VULNERABLE {dep['name']} {dep.get('version', '')}: {vuln.get('id')} "
                         f"({', '.join(vuln.get('aliases') or [])}) fixed in {fixed}")
    if vulnerable:
        return 1, lines
    if not audited:
        return 0, [f"WARNING: dependency audit could not check any of {len(deps)} packages "
                   "(vulnerability data unreachable); nothing was audited"]
    if skipped:
        lines.append(f"WARNING: {len(skipped)} of {len(deps)} packages could not be checked: "
                     + ", ".join(d["name"] for d in skipped[:20]))
    lines.append(f"dependency audit: {len(audited)} packages checked, no known vulnerabilities")
    return 0, lines


def main(argv):
    tool = argv[1] if len(argv) > 1 else os.path.join(".venv", "bin", "pip-audit")
    ignore = [arg for vuln in os.environ.get("AUDIT_IGNORE", "").split() for arg in ("--ignore-vuln", vuln)]
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "audit.json")
        try:
            run = subprocess.run([tool, "--local", "--skip-editable", "--progress-spinner", "off",
                                  "--vulnerability-service", "pypi", "--timeout", "30", "--format", "json",
                                  "--output", out, *ignore], capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            print(f"WARNING: dependency audit did not run: {error}")
            return 0
        try:
            with open(out, encoding="utf-8") as handle:
                report = json.load(handle)
        except (OSError, ValueError):
            tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
            print("WARNING: dependency audit could not fetch vulnerability data (network?): " + " | ".join(tail))
            return 0
    status, lines = verdict(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
