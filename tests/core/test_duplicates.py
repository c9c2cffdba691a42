"""The duplicate check: no block of six or more equal lines of code stands twice in src/genderseal.

pylint's similarity checker (`duplicate-code`) over every module but the migrations, ignoring
comments, docstrings, imports and function signatures. pylint reports a block only when it is
longer than its `min_similarity_lines`, so 5 here means: six lines or more. Imports and signatures
are blanked with the standard `ast` parser before the checker reads the lines (pylint parses every
file with astroid for that, ten times slower); the result is the same.

A repeated block of logic is moved into one place and used from both (docs/architecture.md,
"Conventions"). Framework boilerplate, the same declarations of the same shape that Django wants
written out in each model or URL list, is listed in ALLOWED with the reason.
"""
import ast
import io
from pathlib import Path

from pylint.checkers.symilar import Symilar

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "genderseal"
MIN_LINES = 6

# Blocks allowed to stand twice: (the files, sorted; the block's first line of code) -> the reason.
ALLOWED = {
    (("analysis/models.py", "planning/models.py"), "submitted_at = models.DateTimeField(null=True, blank=True)"):
        # Model field declarations: a document that is submitted and reviewed keeps who and when
        # in its own columns; a shared abstract model would save four lines and tie two apps' tables.
        "model fields (who submitted and reviewed, and when)",
}


def _skipped_lines(source):
    """Line numbers of imports and function signatures (pylint's ignore-imports and ignore-signatures)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield from range(node.lineno, node.end_lineno + 1)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from range(node.lineno, node.body[0].lineno)


def repeated_blocks(package=None):
    """{(files, first line): number of lines} for every block of MIN_LINES or more equal lines of code."""
    package = package or PACKAGE
    checker = Symilar(min_lines=MIN_LINES - 1, ignore_comments=True, ignore_docstrings=True)
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.relative_to(package).parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines(keepends=True)
        for number in set(_skipped_lines(source)):
            lines[number - 1] = "\n"
        checker.append_stream(path.relative_to(package).as_posix(), io.StringIO("".join(lines)))
    found = {}
    for count, places in checker._compute_sims():
        places = sorted(places, key=lambda place: place[0].name)
        lineset, start, end = places[0]
        first = next(line.strip() for line in lineset.real_lines[start:end] if line.strip())
        found[(tuple(place[0].name for place in places), first)] = count
    return found


def test_no_block_of_logic_is_written_twice():
    found = repeated_blocks()
    new = sorted(key for key in found if key not in ALLOWED)
    assert new == [], "repeated lines: move the first copy into core (or the app's shared module) and use it from both"
    assert sorted(set(ALLOWED) - set(found)) == [], "no longer repeated: remove these from ALLOWED"


def test_the_check_sees_six_repeated_lines_and_not_five(tmp_path):
    body = "".join(f"    total = total * {n} + value.count({n})\n" for n in range(6))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.py").write_text(f'import os\n\n\ndef f(value):\n    """One."""\n    total = 0\n{body}    return total\n')
    (tmp_path / "b").mkdir()
    # The same six lines under another name, signature, docstring, import and comments.
    (tmp_path / "b" / "y.py").write_text(
        f'from a import x\n\n\ndef g(value, other=None):\n    """Two."""\n    # the same\n    total = 1\n{body}    return -total\n')
    # Five of them only, and a migration with all six: neither counts.
    (tmp_path / "b" / "z.py").write_text("def h(value):\n    total = 2\n" + "".join(body.splitlines(True)[:5]) + "    return 0\n")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "0001.py").write_text(f"def m(value):\n    total = 3\n{body}    return 1\n")
    found = repeated_blocks(tmp_path)
    assert found == {(("a/x.py", "b/y.py"), "total = total * 0 + value.count(0)"): 6}
