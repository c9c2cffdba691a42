"""Import the planning template (xlsx or csv): check everything first, then write in one transaction.

Accepts Thai digits, BE years, Thai month names and abbreviations; blank rows are ignored;
every bad row is reported with sheet, row and column; nothing is written unless the file is clean.
"""
import io
import re
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.core import imports
from genderseal.core.audit import record
from genderseal.core.imports import ImportProblems, Problem  # noqa: F401 (ImportProblems re-exported)
from genderseal.core.models import OrgUnit
from genderseal.thai.dates import fiscal_year
from genderseal.thai.digits import to_arabic_digits
from genderseal.thai.periods import parse_be_year, parse_period

from . import rules, stamps
from .models import Category, Indicator, IndicatorTarget, PeriodReport, Project, ReportStatus, Value
from .services import check_number
from .template import CHOICES, NO, REQUIRED, SHEETS, YES


def read_tables(data, name, problems):
    """{sheet: iterator of (row number, {column: value})}; layout problems go to `problems` as rows are read."""
    try:
        read = imports.read_file(data, name, sheets=set(SHEETS))
    except imports.ImportProblems as refused:
        problems.extend(refused.problems)
        return {}
    if read and read[0].sheet == "":  # a CSV file: which sheet it is, its header tells
        rows = read[0].rows
        header = [str(h).strip().lower() for h in rows[0][1] if h is not None] if rows else []
        sheet = ("values" if "option" in header else "indicators" if "owner_unit" in header
                 else "reports" if "narrative" in header else "targets")
        return {sheet: _table(sheet, iter(rows), problems, name, "")}
    try:
        problems.extend(_merged(data, name, [t.sheet for t in read]))
    except imports.DAMAGED:
        problems.append(Problem(name, message=_("this Excel workbook is damaged and cannot be read")))
        return {}
    tables = {t.sheet: _table(t.sheet, iter(t.rows), problems, name, t.sheet) for t in read}
    if not tables:
        problems.append(Problem(name, message=_("no sheet named %(names)s") % {"names": ", ".join(SHEETS)}))
    return tables


def _merged(data, name, names):
    """Merged cells break row-by-row reading: name the sheets that have them."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for member in z.namelist():
            found = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", member)
            if not found:
                continue
            with z.open(member) as f:
                tail = b""
                while chunk := f.read(1 << 20):
                    if b"<mergeCell " in tail + chunk:
                        index = int(found.group(1)) - 1
                        sheet = names[index] if index < len(names) else member
                        out.append(Problem(name, sheet, 0, "", _("the sheet has merged cells; unmerge them")))
                        break
                    tail = chunk[-16:]
    return out


def _table(sheet, rows, problems, name, label):
    """Rows as dicts keyed by the header in row 1 (any column order); a shifted header is reported."""
    header, skipped = None, 0
    for number, values in rows:
        if not any(v is not None for v in values):
            continue
        if header is None:
            names = [str(v).strip().lower() if v is not None else "" for v in values]
            missing = [c for c in REQUIRED[sheet] if c not in names]
            if missing:
                skipped += 1
                if skipped > 10 or number > 10:
                    problems.append(Problem(name, label, 1, "", _("no header row with %(columns)s") % {
                        "columns": ", ".join(REQUIRED[sheet])}))
                    return
                continue
            if number != 1:
                problems.append(Problem(name, label, number, "", _(
                    "the header is on row %(row)s; it must be on row 1 (remove the rows above it)") % {"row": number}))
            unknown = [n for n in names if n and n not in SHEETS[sheet]]
            for n in unknown:
                problems.append(Problem(name, label, number, n, _("unknown column (allowed: %(allowed)s)") % {
                    "allowed": ", ".join(SHEETS[sheet])}))
            header = names
            continue
        yield number, {h: values[i] if i < len(values) else None for i, h in enumerate(header) if h}
    if header is None and not skipped:
        return


class PlanningImport(imports.Importer):
    """The planning template into an institution's indicators, targets, values and narratives.

    `check` runs every check below (the `check_*` functions report through `self.problem`, naming
    file, sheet, row and column); `apply` writes them in one transaction (`write`, shared with feeds).
    """

    def __init__(self, institution, name="", actor=None):
        super().__init__(name)
        self.institution, self.actor = institution, actor
        self.units = {}
        for unit in OrgUnit.objects.filter(institution=institution):
            self.units[unit.code] = unit
            if unit.abbreviation:
                self.units[unit.abbreviation] = unit
        self.projects = dict(Project.objects.filter(institution=institution).values_list("code", "pk"))
        self.categories = {c.code: c for c in Category.objects.filter(institution=institution).prefetch_related("options")}
        self.indicators = {i.code: i for i in Indicator.objects.filter(institution=institution).prefetch_related(
            "categories__options")}

    def read(self, data):
        """{sheet: rows as dicts}; a CSV file's sheet is told by its header, its problems name no sheet."""
        return read_tables(data, self.filename, self.problems)

    def check(self, tables):
        institution = self.institution
        label = (lambda sheet: "") if self.filename.lower().endswith(".csv") else (lambda sheet: sheet)
        specs = check_indicators(self, tables.get("indicators", ()), label("indicators"))
        shapes = _shapes(self, specs)
        targets = check_targets(self, tables.get("targets", ()), shapes, label("targets"))
        values = check_values(self, tables.get("values", ()), shapes, label("values"))
        values, unchanged = skip_locked(self, institution, values, label("values"))
        narratives = check_reports(self, tables.get("reports", ()), shapes, label("reports"))
        narratives, unchanged_reports = skip_locked(self, institution, narratives, label("reports"), narratives=True)
        return specs, targets, values, narratives, unchanged + unchanged_reports

    def apply(self, plan):
        specs, targets, values, narratives, unchanged = plan
        summary = write(self.institution, specs, targets, values, self.filename, self.actor, narratives)
        summary["unchanged"] = unchanged
        return summary

    def required(self, sheet, n, row, kind):
        ok = True
        for column in REQUIRED[kind]:
            if row.get(column) is None:
                self.problem(_("is empty"), sheet=sheet, row=n, column=column)
                ok = False
        return ok

    def year(self, sheet, n, column, value):
        be = parse_be_year(value)
        if be is None:
            self.problem(_("%(value)s is not a year (BE, e.g. 2568)") % {"value": value},
                sheet=sheet, row=n, column=column)
        return be

    def number(self, sheet, n, column, value, indicator=None):
        try:
            number = imports.parse_number(value)
        except ValueError:
            self.problem(_("%(value)s is not a number") % {"value": value}, sheet=sheet, row=n, column=column)
            return None
        if number is not None and indicator is not None:
            message = check_number(indicator, number)
            if message:
                self.problem(message, sheet=sheet, row=n, column=column)
                return None
        return number


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_arabic_digits(str(value)).strip()


def check_indicators(check, rows, sheet="indicators"):
    specs = {}
    for n, row in rows:
        if not check.required(sheet, n, row, "indicators"):
            continue
        code = _text(row["code"])
        if code in specs:
            check.problem(_("%(code)s appears twice") % {"code": code}, sheet=sheet, row=n, column="code")
            continue
        unit = check.units.get(_text(row["owner_unit"]))
        if unit is None:
            check.problem(_("no unit %(unit)s") % {"unit": row["owner_unit"]}, sheet=sheet, row=n, column="owner_unit")
        spec = {"code": code, "title_th": str(row["title_th"]), "title_en": str(row.get("title_en") or ""),
                "owner_unit": unit, "unit_of_measure": str(row["unit_of_measure"]),
                "baseline": check.number(sheet, n, "baseline", row.get("baseline")),
                "first_fy": check.year(sheet, n, "first_fy", row["first_fy"]),
                "last_fy": check.year(sheet, n, "last_fy", row["last_fy"])}
        spec.update(_choices(check, sheet, n, row))
        spec.update(_breakdown(check, sheet, n, row, check.indicators.get(code)))
        if spec["first_fy"] and spec["last_fy"] and spec["first_fy"] > spec["last_fy"]:
            check.problem(_("the last fiscal year is before the first"), sheet=sheet, row=n, column="last_fy")
        specs[code] = spec
    return specs


def _choices(check, sheet, n, row):
    """The choice columns (kind, direction, …) and the project of an indicator row."""
    spec = {}
    for column, allowed in CHOICES.items():
        value = (_text(row.get(column)) or allowed[0]).lower()
        if value not in allowed:
            check.problem(_("%(value)s is not one of %(allowed)s") % {
                "value": row.get(column), "allowed": ", ".join(allowed)}, sheet=sheet, row=n, column=column)
        spec[column] = value
    project = _text(row.get("project"))
    spec["project"] = check.projects.get(project) if project else None
    if project and spec["project"] is None:
        check.problem(_("no project %(code)s") % {"code": project}, sheet=sheet, row=n, column="project")
    return spec


def _breakdown(check, sheet, n, row, existing):
    """by_sex, categories and the option keys of an indicator row; stored values must keep their option."""
    by_sex = _text(row.get("by_sex") if row.get("by_sex") is not None else "yes").lower()
    if by_sex not in YES | NO:
        check.problem(_("%(value)s is not yes or no") % {"value": row.get("by_sex")},
            sheet=sheet, row=n, column="by_sex")
    codes = [c.strip() for c in _text(row.get("categories")).split(",") if c.strip()]
    unknown = [c for c in codes if c not in check.categories]
    if unknown:
        check.problem(_("no category %(codes)s") % {"codes": ", ".join(unknown)},
            sheet=sheet, row=n, column="categories")
    categories = [check.categories[c] for c in codes if c in check.categories]
    keys = rules.option_keys(by_sex in YES, [[o.code for o in c.options.all()] for c in categories])
    orphans = (_stored_keys(existing) - set(keys)) if existing is not None else set()
    if orphans:
        check.problem(_(
            "stored values would lose their option: %(keys)s") % {"keys": ", ".join(sorted(orphans)[:5])},
                sheet=sheet, row=n, column="by_sex" if by_sex not in YES else "categories")
    return {"by_sex": by_sex in YES, "categories": categories, "keys": keys}


def _stored_keys(indicator):
    return set(Value.objects.filter(report__indicator=indicator).values_list("option_key", flat=True).distinct())


class _Shape:
    """What values are checked against: an indicator in the file or in the database."""

    def __init__(self, code, kind, frequency, first_fy, last_fy, keys):
        self.code, self.kind, self.frequency, self.first_fy, self.last_fy = code, kind, frequency, first_fy, last_fy
        self.keys = set(keys)


def _shapes(check, specs):
    shapes = {code: _Shape(code, i.kind, i.frequency, i.first_fy, i.last_fy, i.option_keys(list(i.categories.all())))
              for code, i in check.indicators.items()}
    for code, s in specs.items():
        shapes[code] = _Shape(code, s["kind"], s["frequency"], s["first_fy"] or 0, s["last_fy"] or 0, s["keys"])
    return shapes


def check_targets(check, rows, shapes, sheet="targets"):
    out = []
    for n, row in rows:
        if not check.required(sheet, n, row, "targets"):
            continue
        shape = shapes.get(_text(row["indicator"]))
        if shape is None:
            check.problem(_("no indicator %(code)s") % {"code": row["indicator"]},
                sheet=sheet, row=n, column="indicator")
        fy = check.year(sheet, n, "fiscal_year", row["fiscal_year"])
        quarter = _text(row.get("quarter")).upper().lstrip("Q") or "0"
        if quarter not in {"0", "1", "2", "3", "4"}:
            check.problem(_("a quarter is 1-4 (blank for the whole year)"), sheet=sheet, row=n, column="quarter")
        value = check.number(sheet, n, "target", row["target"], shape)
        if shape and fy and value is not None:
            out.append((shape.code, fy, int(quarter) if quarter.isdecimal() else 0, value))
    return out


def _shape_and_period(check, sheet, n, row, shapes):
    """The row's indicator and period, or (…, None) with the problem noted."""
    shape = shapes.get(_text(row["indicator"]))
    if shape is None:
        check.problem(_("no indicator %(code)s") % {"code": row["indicator"]}, sheet=sheet, row=n, column="indicator")
        return None, None
    if check.year(sheet, n, "fiscal_year", row["fiscal_year"]) is None:
        return shape, None
    period = parse_period(row["fiscal_year"], row.get("month"), row.get("quarter"), shape.frequency)
    if period is None:
        column = "quarter" if shape.frequency == "quarterly" else "month"
        check.problem(_("%(value)s is not a %(frequency)s period of %(code)s") % {
            "value": row.get(column) or "", "frequency": shape.frequency, "code": shape.code},
                sheet=sheet, row=n, column=column)
    return shape, period


def _period_rows(check, rows, shapes, sheet, name):
    """(number, row, indicator, period) of each row with its required cells, a known indicator and a valid
    period; the other rows' problems are noted."""
    for n, row in rows:
        if not check.required(sheet, n, row, name):
            continue
        shape, period = _shape_and_period(check, sheet, n, row, shapes)
        if period is not None:
            yield n, row, shape, period


def _first(check, seen, ident, problem, sheet, n, column):
    """True the first time `ident` is met; after that, `problem` (naming the first row) is noted."""
    if ident in seen:
        check.problem(problem % {"row": seen[ident]}, sheet=sheet, row=n, column=column)
        return False
    seen[ident] = n
    return True


def check_values(check, rows, shapes, sheet="values"):
    out, seen = [], {}
    for n, row, shape, period in _period_rows(check, rows, shapes, sheet, "values"):
        if not shape.first_fy <= fiscal_year(period).be <= shape.last_fy:
            check.problem(_("%(code)s is reported for fiscal years %(first)s-%(last)s only") % {
                "code": shape.code, "first": shape.first_fy, "last": shape.last_fy},
                    sheet=sheet, row=n, column="fiscal_year")
            continue
        key = _text(row["option"]).lower()
        if key not in shape.keys:
            check.problem(_("%(code)s has no option %(key)s (it has: %(keys)s)") % {
                "code": shape.code, "key": key, "keys": ", ".join(sorted(shape.keys))},
                    sheet=sheet, row=n, column="option")
            continue
        value = check.number(sheet, n, "value", row["value"], shape)
        if value is None:
            continue
        if not _first(check, seen, (shape.code, period, key), _("the same value is also on row %(row)s"),
                      sheet, n, "option"):
            continue
        out.append((shape.code, period, key, value, n))
    return out


def check_reports(check, rows, shapes, sheet="reports"):
    """Narrative and progress per (indicator, period): [(code, period, narrative, progress, row)]."""
    out, seen = [], {}
    for n, row, shape, period in _period_rows(check, rows, shapes, sheet, "reports"):
        progress = None
        if row.get("progress") is not None:
            progress = check.number(sheet, n, "progress", row["progress"])
            if progress is not None and not 0 <= progress <= 100:
                check.problem(_("progress is a percent from 0 to 100"), sheet=sheet, row=n, column="progress")
                continue
        if not _first(check, seen, (shape.code, period), _("the same report is also on row %(row)s"),
                      sheet, n, "indicator"):
            continue
        out.append((shape.code, period, str(row.get("narrative") or "").strip(), progress, n))
    return out


def _locked_rows(institution, codes, narratives):
    """What approved (locked) periods hold: {(code, period, key): number}, or for narratives
    {(code, period): (narrative, progress)}."""
    if narratives:
        rows = PeriodReport.objects.filter(indicator__institution=institution, status=ReportStatus.APPROVED,
                                           indicator__code__in=codes).values_list(
            "indicator__code", "period", "narrative", "progress_percent")
        return {(code, period): ((narrative or "").strip(), progress) for code, period, narrative, progress in rows}
    rows = Value.objects.filter(report__indicator__institution=institution, report__status=ReportStatus.APPROVED,
                                report__indicator__code__in=codes).values_list(
        "report__indicator__code", "report__period", "option_key", "number")
    return {(code, period, key): number for code, period, key, number in rows}


def skip_locked(check, institution, rows, sheet="values", narratives=False):
    """Rows of approved periods that repeat what is stored are skipped (the export-edit-import loop);
    a row that would change a locked period is a problem. Returns (rows to write, rows unchanged)."""
    codes = {row[0] for row in rows}
    if not codes:
        return rows, 0
    locked = _locked_rows(institution, codes, narratives)
    periods = {key[:2] for key in locked}
    kept, unchanged = [], 0
    for row in rows:
        code, period, n = row[0], row[1], row[-1]
        if (code, period) not in periods:
            kept.append(row)
            continue
        stored = locked.get((code, period)) if narratives else locked.get((code, period, row[2]))
        wanted = (row[2], row[3]) if narratives else row[3]
        if stored is not None and stored == wanted:
            unchanged += 1
        else:
            check.problem(_(
                "the report of %(code)s for %(period)s is approved and locked: this row would change it") % {
                "code": code, "period": period.isoformat()}, sheet=sheet, row=n, column="fiscal_year")
    return kept, unchanged


def import_file(membership_or_institution, file, name, actor=None):
    """Import a planning file (bytes or an open file) into an institution: all or nothing.

    Returns the summary ({indicators, targets, values, reports, unchanged}); raises ImportProblems."""
    institution = getattr(membership_or_institution, "institution", membership_or_institution)
    data = file.read() if hasattr(file, "read") else file
    return PlanningImport(institution, name, actor).run(data)


@transaction.atomic
def write(institution, specs, targets, values, name, actor=None, narratives=()):
    for code, s in specs.items():
        fields = {k: s[k] for k in ("title_th", "title_en", "unit_of_measure", "kind", "direction", "aggregation",
                                    "frequency", "baseline", "first_fy", "last_fy", "by_sex")}
        indicator, _created = Indicator.objects.update_or_create(
            institution=institution, code=code, defaults={**fields, "owner_unit": s["owner_unit"],
                                                          "project_id": s["project"]})
        indicator.categories.set(s["categories"])
    ids = dict(Indicator.objects.filter(institution=institution).values_list("code", "pk"))
    IndicatorTarget.objects.bulk_create(
        [IndicatorTarget(indicator_id=ids[c], fiscal_year=fy, quarter=q, value=v) for c, fy, q, v in targets],
        update_conflicts=True, unique_fields=["indicator", "fiscal_year", "quarter"], update_fields=["value"])
    now = timezone.now()
    wanted = {(ids[c], p) for c, p, *_rest in values} | {(ids[c], p) for c, p, *_rest in narratives}
    reports = {}
    touched = {i for i, _p in wanted}
    for pk, indicator_id, period in PeriodReport.objects.filter(indicator_id__in=touched).values_list(
            "pk", "indicator_id", "period").iterator(chunk_size=5000):
        reports[(indicator_id, period)] = pk
    new = [PeriodReport(indicator_id=i, period=p, status=ReportStatus.SUBMITTED, submitted_at=now, submitted_by=actor)
           for i, p in wanted if (i, p) not in reports]
    PeriodReport.objects.bulk_create(new, batch_size=2000)
    if new:
        for pk, indicator_id, period in PeriodReport.objects.filter(indicator_id__in=touched).values_list(
                "pk", "indicator_id", "period").iterator(chunk_size=5000):
            reports[(indicator_id, period)] = pk
    batch = []
    for code, period, key, number, _n in values:
        batch.append(Value(report_id=reports[(ids[code], period)], option_key=key, number=number))
        if len(batch) >= 5000:
            _upsert(batch)
            batch = []
    _upsert(batch)
    for code, period, narrative, progress, _n in narratives:
        PeriodReport.objects.filter(pk=reports[(ids[code], period)]).update(narrative=narrative,
                                                                         progress_percent=progress)
    summary = {"indicators": len(specs), "targets": len(targets), "values": len(values), "reports": len(new)}
    stamps.touch(institution.pk)
    record("planning.import", name, institution=institution, actor=actor, **summary)
    return summary


def _upsert(batch):
    if batch:
        Value.objects.bulk_create(batch, update_conflicts=True, unique_fields=["report", "option_key"],
                                  update_fields=["number"])



