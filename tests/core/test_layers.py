"""The layer check: a lower layer never imports a higher one (docs/architecture.md, "Layers").

Run with the linter (`make test-lint`). Each module's imports are read from its source (no
import is executed), module-level and inside functions alike.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "genderseal"

# Lowest first. An app may import its own layer and the layers below it.
LAYERS = [
    {"thai"},
    {"core"},
    {"standards"},
    {"accounts", "organisation", "notifications", "evidence", "assessments", "planning", "analysis",
     "readiness", "survey", "reports", "assessors", "opendata"},
    {"api", "mywork", "demo", "worker"},
]
# Entry points sit above every layer: the project's own modules (urls, settings, cli),
# management commands and the demo builders of each app.
ENTRY_POINTS = ("management", "demo.py", "migrations")

# Known upward imports still to be removed: none left. Should one ever be tolerated for a while, list it
# here as (module path, app); a new one fails the test, and so does an entry no longer needed.
KNOWN = set()


def layer_of(app):
    for index, apps in enumerate(LAYERS):
        if app in apps:
            return index
    return None


def imported_apps(path):
    """The genderseal apps a module imports, relative imports resolved."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts  # ("genderseal", "core", "views", "audit")
    package = parts[:-1]  # a module's package; for __init__.py, the package itself
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "genderseal" and len(pieces) > 1:
                found.add(pieces[1])
    return found


def upward_imports():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) < 2 or any(part in ENTRY_POINTS for part in relative.parts):
            continue
        app = relative.parts[0]
        mine = layer_of(app)
        assert mine is not None, f"{app}/ is in no layer: add it to LAYERS here and in docs/architecture.md"
        for target in imported_apps(path) - {app}:
            theirs = layer_of(target)
            if theirs is not None and theirs > mine:
                yield relative.as_posix(), target


def test_no_lower_layer_imports_a_higher_one():
    found = set(upward_imports())
    assert sorted(found - KNOWN) == [], "a lower layer imports a higher one (move the code down or the import up)"
    assert sorted(KNOWN - found) == [], "fixed: remove these from KNOWN"


def test_the_check_sees_an_upward_import(tmp_path):
    fake = tmp_path / "genderseal"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "x.py").write_text("def f():\n    from ..reports import documents\n")
    (fake / "reports").mkdir()
    (fake / "reports" / "y.py").write_text("from genderseal.core import x\n")
    real, globals()["PACKAGE"] = PACKAGE, fake
    try:
        assert set(upward_imports()) == {("core/x.py", "reports")}
    finally:
        globals()["PACKAGE"] = real
