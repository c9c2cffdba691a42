"""scripts/audit-deps.py: a known vulnerability fails the build; unreachable data only warns."""
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit-deps.py"
spec = importlib.util.spec_from_file_location("audit_deps", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_a_known_vulnerability_fails():
    report = {"dependencies": [
        {"name": "django", "version": "4.2.0", "vulns": [
            {"id": "PYSEC-2023-1", "fix_versions": ["4.2.1"], "aliases": ["CVE-2023-1"]}]},
        {"name": "pyyaml", "version": "6.0.3", "vulns": []},
    ]}
    status, lines = audit.verdict(report)
    assert status == 1
    assert "django" in lines[0] and "PYSEC-2023-1" in lines[0] and "4.2.1" in lines[0]


def test_clean_report_passes():
    status, lines = audit.verdict({"dependencies": [{"name": "pyyaml", "version": "6.0.3", "vulns": []}]})
    assert status == 0 and "no known vulnerabilities" in lines[-1]


def test_unreachable_data_warns_without_failing():
    report = {"dependencies": [{"name": "pyyaml", "skip_reason": "Dependency not found on PyPI"}]}
    status, lines = audit.verdict(report)
    assert status == 0 and lines[0].startswith("WARNING") and "nothing was audited" in lines[0]


def test_a_missing_tool_warns(capsys):
    assert audit.main(["audit-deps.py", "/nonexistent/pip-audit"]) == 0
    assert "WARNING" in capsys.readouterr().out
