"""The unit-tree importer (CSV or Excel), a `core.imports.Importer`: all rows or none.

A file has a header row naming the columns (English or Thai names, any order) and one
unit per row: 8-digit code, parent code (blank for a top-level unit), abbreviation,
Thai name, English name. `UnitTreeImport.check` reports every problem with its file, sheet, row
and field; `apply` writes only when there is none (services.import_units runs it).
"""
import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from genderseal.core import imports
from genderseal.core.audit import diff, record, snapshot
from genderseal.core.imports import header_map
from genderseal.core.models import OrgUnit

from .models import UnitImport

COLUMNS = {
    "code": {"code", "unit code", "รหัส", "รหัสหน่วยงาน"},
    "parent": {"parent", "parent code", "รหัสหน่วยงานต้นสังกัด", "ต้นสังกัด", "รหัสต้นสังกัด"},
    "abbreviation": {"abbreviation", "abbr", "อักษรย่อ", "ชื่อย่อ"},
    "name_th": {"name_th", "name (thai)", "thai name", "ชื่อภาษาไทย", "ชื่อหน่วยงาน"},
    "name_en": {"name_en", "name (english)", "english name", "ชื่อภาษาอังกฤษ"},
}
REQUIRED = ("code", "name_th")
UNIT_FIELDS = ("abbreviation", "name_th", "name_en")
CODE = re.compile(r"^\d{8}$")


@dataclass
class Row:
    number: int  # as the spreadsheet shows it (the header is row 1)
    values: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    created: int
    updated: int
    unchanged: int
    log: UnitImport


def _cell(value, key):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        # Excel drops leading zeros from codes typed as numbers: 3000000 is 03000000.
        text = str(value)
        return text.zfill(8) if len(text) < 8 else text
    # Text is cleaned on reading (core.imports.clean); codes are read with Thai digits made Arabic.
    return imports.code(value) if key in ("code", "parent") else str(value)


def _code_problem(value):
    """A message when `value` is not an 8-digit code (Thai digits were made Arabic on reading), else None."""
    if not CODE.match(value):
        return _('"%(value)s" is not a unit code: a code is 8 digits.') % {"value": value}
    return None


def _check_parent(code, parent, report):
    """The parent code as it counts for the tree ("" when it is the unit itself), reporting what is wrong."""
    if not parent:
        return ""
    bad_parent = _code_problem(parent)
    if bad_parent:
        report("parent", bad_parent)
    elif parent == code:
        report("parent", _("A unit cannot be its own parent."))
        return ""  # reported once, not again as a cycle
    return parent


def _check_texts(values, report):
    if not values.get("name_th"):
        report("name_th", _("The Thai name is required."))
    if len(values.get("abbreviation", "")) > 32:
        report("abbreviation", _("At most 32 characters."))
    for key in ("name_th", "name_en"):
        if len(values.get(key, "")) > 255:
            report(key, _("At most 255 characters."))


def _check_row(row, first_row, report):
    """(code, parent) of a row whose code is good, else None; every problem of the row is reported."""
    v = row.values
    code = v.get("code", "")
    bad_code = _code_problem(code) if code else _("A unit code is required.")
    if bad_code:
        report("code", bad_code)
    elif code in first_row:
        report("code", _("Duplicate code %(code)s: row %(first)d has it already.") % {
            "code": code, "first": first_row[code]})
        bad_code = True
    else:
        first_row[code] = row.number
    parent = _check_parent(code, v.get("parent", ""), report)
    _check_texts(v, report)
    return None if bad_code else (code, parent)


def _cycles(good, parents):
    """{code: [code, parent, …, code]} of the file's units that sit under themselves."""
    chains = {}
    for start in good:
        seen, code = [], start
        while code and code in parents and code not in seen:
            seen.append(code)
            code = parents[code]
        if code in seen and code == start:
            chains[start] = [*seen, start]
    return chains


class UnitTreeImport(imports.Importer):
    """A unit-tree file into an institution's units: every new code created, known ones updated.

    Units missing from the file are left as they are. A refused file (unreadable, or any row wrong)
    writes nothing but the refused import's record (`UnitImport` with its problems).
    """

    def __init__(self, institution, filename, actor=None):
        super().__init__(filename)
        self.institution, self.actor = institution, actor
        self.existing = {u.code: u for u in OrgUnit.objects.filter(institution=institution).select_related("parent")}
        self.sha256 = ""

    def run(self, data):
        self.sha256 = hashlib.sha256(data).hexdigest()
        try:
            return super().run(data)
        except imports.ImportProblems as refused:
            UnitImport.objects.create(institution=self.institution, filename=self.filename[:255], sha256=self.sha256,
                                      status=UnitImport.Status.REFUSED, by=self.actor,
                                      problems=[{k: v.replace("\x00", "") if isinstance(v, str) else v
                                                 for k, v in p.as_dict().items()} for p in refused.problems])
            record("unit.import_refused", self.filename, institution=self.institution, actor=self.actor,
                   problems=len(refused.problems))
            raise

    def check(self, tables):
        """The rows of the first sheet (or the CSV file), every problem reported."""
        table = tables[0] if tables else imports.Table(self.filename, "", [])  # a workbook with no sheet left
        sheet = table.sheet
        if not table.rows or table.rows[0][0] != 1:
            self.problem(_("The first row must name the columns."), sheet=sheet, row=1)
            return []
        names = header_map(table.rows[0][1], COLUMNS)
        for key in REQUIRED:
            if key not in names.values():
                self.problem(_("The header row has no column %(column)s.") % {"column": key}, sheet=sheet, row=1,
                             column=key)
        rows = [Row(number, {key: _cell(cells[i], key) if i < len(cells) else "" for i, key in names.items()})
                for number, cells in table.rows[1:]]
        self._check_rows(sheet, rows)
        return rows

    def _check_rows(self, sheet, rows):
        first_row = {}
        good = {}  # code -> (row, parent code)
        for row in rows:
            def report(field_name, message, row=row):
                self.problem(message, sheet=sheet, row=row.number, column=field_name)

            checked = _check_row(row, first_row, report)
            if checked:
                good[checked[0]] = (row, checked[1])
        # Parents must exist in the file or already in the institution.
        parents = {c: (u.parent.code if u.parent else "") for c, u in self.existing.items()}
        parents.update({code: parent for code, (_row, parent) in good.items()})
        for row, parent in good.values():
            if parent and parent not in parents and not _code_problem(parent):
                self.problem(_("Unknown parent %(parent)s: it is neither in this file nor among the institution's "
                               "units.") % {"parent": parent}, sheet=sheet, row=row.number, column="parent")
        for code, chain in sorted(_cycles(good, parents).items(), key=lambda item: good[item[0]][0].number):
            self.problem(_("Cycle in the tree: %(chain)s") % {"chain": " → ".join(chain)}, sheet=sheet,
                         row=good[code][0].number, column="parent")

    def apply(self, rows):
        created = updated = unchanged = 0
        changes = []
        units = dict(self.existing)
        new_codes = {row.values["code"] for row in rows if row.values["code"] not in units}
        for row in rows:  # every new unit first, so a parent may come later in the file
            if row.values["code"] in new_codes:
                units[row.values["code"]] = OrgUnit.objects.create(
                    institution=self.institution, code=row.values["code"], name_th=row.values["name_th"])
        for row in rows:
            v = row.values
            unit = units[v["code"]]
            parent = units[v["parent"]] if v.get("parent") else None
            wanted = {"abbreviation": v.get("abbreviation", ""), "name_th": v["name_th"],
                      "name_en": v.get("name_en", ""), "parent": parent}
            before = {} if v["code"] in new_codes else snapshot(self.existing[v["code"]], [*UNIT_FIELDS, "parent"])
            old, new = diff(before, wanted)
            if not new:
                unchanged += 1
                continue
            for key in UNIT_FIELDS:
                setattr(unit, key, wanted[key])
            unit.parent = parent
            unit.save()
            created, updated = (created + 1, updated) if not before else (created, updated + 1)
            changes.append({"code": unit.code, "before": old, "after": new})
        log = UnitImport.objects.create(institution=self.institution, filename=self.filename[:255],
                                        sha256=self.sha256, status=UnitImport.Status.IMPORTED, created=created,
                                        updated=updated, by=self.actor)
        record("unit.import", self.filename, institution=self.institution, actor=self.actor,
               ref=f"organisation.import:{log.pk}", created=created, updated=updated, unchanged=unchanged,
               sha256=self.sha256, changes=changes[:500])
        return ImportReport(created, updated, unchanged, log)
