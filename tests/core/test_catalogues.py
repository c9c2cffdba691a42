"""The Thai and English catalogues: complete, placeholders intact, in step with the code.

No database. The last test runs `gender-seal makemessages` in a temporary copy of the
package (a few seconds) and needs GNU gettext, as `make messages` does.
"""
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PACKAGE_DIR = PROJECT_DIR / "src" / "genderseal"
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = {"th": 1, "en": 2}  # language: number of plural forms
CATALOGUES = {language: LOCALE_DIR / language / "LC_MESSAGES" / "django.po" for language in LANGUAGES}
GENDER_SEAL = Path(sys.executable).parent / "gender-seal"


# ---------------------------------------------------------------- a small .po reader
@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict = field(default_factory=dict)  # {None: str} or {0: str, 1: str, ...}
    flags: set = field(default_factory=set)

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    def __str__(self):
        return f"line {self.line}: {self.msgid!r}"


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
CONTINUATION = re.compile(r'^"(.*)"\s*$')


def _unquote(text):
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text)


def parse_po(path):
    """Entries of a .po file, header included (msgid ""); obsolete (#~) entries are skipped."""
    entries, entry, target = [], None, None

    def finish():
        if entry is not None and (entry.msgstr or entry.msgid):
            entries.append(entry)

    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and target is not None and target[0].startswith("msgstr"):
                finish()
                entry, target = None, None
            if entry is None:
                entry = Entry(line=number)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword = KEYWORD.match(line)
        if keyword:
            name, index, text = keyword.groups()
            if name in ("msgctxt", "msgid") and target is not None and target[0].startswith("msgstr"):
                finish()
                entry = None
            if entry is None:
                entry = Entry(line=number)
            if name.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else None)
                entry.msgstr[target[1]] = _unquote(text)
            else:
                target = (name, None)
                setattr(entry, name, _unquote(text))
            continue
        more = CONTINUATION.match(line)
        assert more and target is not None, f"{path}, line {number}: cannot read {line!r}"
        if target[0] == "msgstr":
            entry.msgstr[target[1]] += _unquote(more.group(1))
        else:
            setattr(entry, target[0], getattr(entry, target[0]) + _unquote(more.group(1)))
    finish()
    return entries


def messages(path):
    return [entry for entry in parse_po(path) if entry.msgid != ""]


def header(path):
    return next(entry for entry in parse_po(path) if entry.msgid == "")


# ---------------------------------------------------------------- placeholders
PRINTF = re.compile(r"%(?:\((\w+)\))?[#0+-]*(?:\d+|\*)?(?:\.\d+)?[sdifFeEgGrxXoc]")
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
BRACE_FIELD = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text):
    """Named placeholders as a set, positional ones (%s, %d, {}) as an ordered list."""
    text = text.replace("%%", "").replace("{{{{", "").replace("}}}}", "")
    named, positional = set(), []
    for match in PRINTF.finditer(text):
        if match.group(1):
            named.add(f"%({match.group(1)})")
        else:
            positional.append(match.group(0))
    named.update(f"{{{{ {name} }}}}" for name in TEMPLATE_VARIABLE.findall(text))
    text = TEMPLATE_VARIABLE.sub("", text)
    for name in BRACE_FIELD.findall(text):
        (named.add(f"{{{name}}}") if name and not name.isdigit() else positional.append(f"{{{name}}}"))
    return named, positional


# ---------------------------------------------------------------- tests
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_complete_and_nothing_is_fuzzy(language):
    path = CATALOGUES[language]
    head = header(path)
    assert "fuzzy" not in head.flags, f"{path}: the header is marked fuzzy"
    forms = re.search(r"^Plural-Forms:\s*nplurals=(\d+);", head.msgstr[None], re.MULTILINE)
    assert forms and int(forms.group(1)) == LANGUAGES[language], f"{path}: wrong Plural-Forms header"
    entries = messages(path)
    assert entries
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry}: fuzzy")
        expected = list(range(LANGUAGES[language])) if entry.msgid_plural is not None else [None]
        if sorted(entry.msgstr, key=lambda k: -1 if k is None else k) != expected:
            problems.append(f"{entry}: has msgstr forms {sorted(entry.msgstr, key=str)}, expected {expected}")
        problems.extend(f"{entry}: empty msgstr" for value in entry.msgstr.values() if not value.strip())
    assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_original(language):
    path = CATALOGUES[language]
    problems = []
    for entry in messages(path):
        singular = placeholders(entry.msgid)
        plural = placeholders(entry.msgid_plural) if entry.msgid_plural is not None else singular
        for form, text in entry.msgstr.items():
            if form is None:
                wanted = [singular]
            elif form == 0:  # Thai's single form stands for every count: it may follow either
                wanted = [singular, plural]
            else:
                wanted = [plural]
            got = placeholders(text)
            if got not in wanted:
                problems.append(f"{entry}: msgstr{'' if form is None else f'[{form}]'} has {got}, expected {wanted[0]}")
    assert not problems, f"{path}:\n" + "\n".join(problems)


def test_placeholders_are_recognised():
    assert placeholders("%(count)d of %(total)s, %s and %d, 50%%") == ({"%(count)", "%(total)"}, ["%s", "%d"])
    assert placeholders("Round {{ number }} of {total}") == ({"{{ number }}", "{total}"}, [])


def test_both_catalogues_hold_the_same_messages():
    th, en = ({entry.key for entry in messages(CATALOGUES[language])} for language in ("th", "en"))
    assert th == en, f"only in th: {sorted(th - en)}; only in en: {sorted(en - th)}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_the_catalogues_are_up_to_date_with_the_code(tmp_path):
    """Extracts the messages afresh from a copy of the package: none may be missing."""
    copy = tmp_path / "genderseal"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po", "static"))
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    # makemessages writes into LOCALE_PATHS: point it at the copy, never at the real catalogues.
    (tmp_path / "extract_settings.py").write_text(
        f"from genderseal.settings import *  # noqa: F403\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    before = {language: path.read_bytes() for language, path in CATALOGUES.items()}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "extract_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
    }
    command = [str(GENDER_SEAL) if GENDER_SEAL.exists() else sys.executable, "makemessages", "-l", "th",
               "--no-obsolete", "--add-location", "file", "--ignore", "static"]
    if not GENDER_SEAL.exists():
        command[1:1] = ["-m", "genderseal.cli"]
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert {language: path.read_bytes() for language, path in CATALOGUES.items()} == before

    fresh = {entry.key: entry for entry in messages(copy / "locale" / "th" / "LC_MESSAGES" / "django.po")}
    assert fresh, "makemessages found no message at all"
    for path in CATALOGUES.values():
        committed = {entry.key for entry in messages(path)}
        missing = [fresh[key] for key in fresh if key not in committed]
        assert not missing, (
            f"{path} lacks {len(missing)} message(s) found in the code; run make messages and translate:\n"
            + "\n".join(f"  {entry.msgid!r}" for entry in missing)
        )
