"""Monthly progress from another system's export (BMA Policy Tracking, say) through a saved column mapping.

Any column layout: the secretariat's `ImportMapping` names the column of the project's id in that
system (matched to `Project.tracking_id`), the month, progress, narrative and the value columns with
their option (female, male ...). Rows become the same values and narratives the planning template
carries and go through the same checks and writer (`importer.skip_locked`, `importer.write`): a
value the indicator cannot take is refused as on the indicator page, approved months repeating
what is stored are skipped, changes to them refused. A dry run checks everything and writes nothing.
"""
from django.utils.translation import gettext as _

from genderseal.core import imports
from genderseal.thai.dates import fiscal_year
from genderseal.thai.periods import MONTHLY, parse_calendar_month

from . import importer
from .models import Indicator, Project
from .services import check_number


def _norm(text):
    return " ".join(str(text or "").split()).lower()


def _reader(cells, columns):
    """The cell of a row under a mapped field (None when the row is short)."""
    def cell(field):
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None
    return cell


class FeedImport(imports.Importer):
    def __init__(self, mapping, filename, actor=None):
        super().__init__(filename)
        self.mapping, self.actor, self.institution = mapping, actor, mapping.institution
        self.projects = {p.tracking_id: p for p in Project.objects.filter(institution=self.institution)
                         .exclude(tracking_id="")}
        self.indicators = {}
        for indicator in (Indicator.objects.filter(institution=self.institution)
                          .prefetch_related("categories__options").order_by("code")):
            self.indicators[indicator.code] = indicator
        self.by_project = {}
        for indicator in self.indicators.values():
            self.by_project.setdefault(indicator.project_id, []).append(indicator)

    def _columns(self, sheet, number, cells):
        """{field: cell index} from the header row; a mapped column missing from the file is a problem."""
        found = {_norm(cell): i for i, cell in enumerate(cells) if cell is not None}
        wanted = {"project": self.mapping.project_column, "month": self.mapping.month_column}
        if self.mapping.progress_column:
            wanted["progress"] = self.mapping.progress_column
        if self.mapping.narrative_column:
            wanted["narrative"] = self.mapping.narrative_column
        for n, spec in enumerate(self.mapping.value_columns):
            wanted[f"value:{n}"] = spec["column"]
        columns = {}
        for field, column in wanted.items():
            if _norm(column) in found:
                columns[field] = found[_norm(column)]
            else:
                self.problem(_("the mapping's column %(column)s is not in the file") % {"column": column},
                             sheet=sheet, row=number)
        return columns

    def check(self, tables):
        if not tables:
            self.problem(_("the file has no rows"))
            return [], [], 0
        table = tables[0]
        sheet, rows = table.sheet, iter(table.rows)
        header = next(rows, None)
        if header is None:
            self.problem(_("the file has no rows"), sheet=sheet)
            return [], [], 0
        columns = self._columns(sheet, *header)
        if self.problems:
            return [], [], 0
        values, narratives, seen = [], [], {}
        for number, cells in rows:
            self._row(sheet, number, _reader(cells, columns), values, narratives, seen)
        values, unchanged = importer.skip_locked(self, self.institution, values, sheet)
        narratives, unchanged_reports = importer.skip_locked(self, self.institution, narratives, sheet,
                                                             narratives=True)
        return values, narratives, unchanged + unchanged_reports

    def _row(self, sheet, n, cell, values, narratives, seen):
        mapping = self.mapping
        tracking_id = imports.code(cell("project"))
        project = self.projects.get(tracking_id)
        if project is None:
            self.problem(_("no project with the id %(id)s in %(source)s") % {"id": cell("project"), "source": mapping},
                         sheet=sheet, row=n, column=mapping.project_column)
            return
        period = parse_calendar_month(cell("month"))
        if period is None:
            self.problem(_("%(value)s is not a month (e.g. 2568-10 or ต.ค. 2567)") % {"value": cell("month")},
                         sheet=sheet, row=n, column=mapping.month_column)
            return
        touched = []
        for index, spec in enumerate(mapping.value_columns):
            raw = cell(f"value:{index}")
            if raw is None:
                continue
            indicator = self._indicator(sheet, n, spec, project)
            if indicator is None:
                continue
            if not self._in_years(sheet, n, indicator, period, mapping.month_column):
                continue
            keys = indicator.option_keys(list(indicator.categories.all()))
            if spec["option"] not in keys:
                self.problem(_("%(code)s has no option %(key)s (it has: %(keys)s)") % {
                    "code": indicator.code, "key": spec["option"], "keys": ", ".join(sorted(keys))},
                    sheet=sheet, row=n, column=spec["column"])
                continue
            try:
                number = imports.parse_number(raw)
            except ValueError:
                self.problem(_("%(value)s is not a number") % {"value": raw}, sheet=sheet, row=n, column=spec["column"])
                continue
            message = check_number(indicator, number)
            if message:
                self.problem(message, sheet=sheet, row=n, column=spec["column"])
                continue
            ident = (indicator.code, period, spec["option"])
            if ident in seen:
                self.problem(_("the same value is also on row %(row)s") % {"row": seen[ident]}, sheet=sheet, row=n,
                             column=spec["column"])
                continue
            seen[ident] = n
            values.append((indicator.code, period, spec["option"], number, n))
            touched.append(indicator)
        self._narrative(sheet, n, cell, project, period, touched, narratives)

    def _narrative(self, sheet, n, cell, project, period, touched, narratives):
        narrative = str(cell("narrative") or "").strip()
        progress = None
        if cell("progress") is not None:
            try:
                progress = imports.parse_number(str(cell("progress")).replace("%", ""))
            except ValueError:
                progress = -1
            if progress is None or not 0 <= progress <= 100:
                self.problem(_("progress is a percent from 0 to 100"), sheet=sheet, row=n,
                             column=self.mapping.progress_column)
                return
        if not narrative and progress is None:
            return
        indicators = touched or [i for i in self.by_project.get(project.pk, ()) if self._in_years(
            sheet, n, i, period, self.mapping.month_column, report=False)]
        for indicator in dict.fromkeys(indicators):
            narratives.append((indicator.code, period, narrative, progress, n))

    def _indicator(self, sheet, n, spec, project):
        code = spec.get("indicator") or ""
        if code:
            indicator = self.indicators.get(code)
            if indicator is None or indicator.project_id != project.pk:
                self.problem(_("%(project)s has no indicator %(code)s") % {"project": project.code, "code": code},
                             sheet=sheet, row=n, column=spec["column"])
                return None
            return indicator
        mine = self.by_project.get(project.pk, [])
        if len(mine) != 1:
            self.problem(_("%(project)s has %(count)s indicators: name the indicator of column %(column)s in the "
                           "mapping") % {"project": project.code, "count": len(mine), "column": spec["column"]},
                         sheet=sheet, row=n, column=spec["column"])
            return None
        return mine[0]

    def _in_years(self, sheet, n, indicator, period, column, report=True):
        fy = fiscal_year(period).be
        if indicator.frequency != MONTHLY or not indicator.first_fy <= fy <= indicator.last_fy:
            if report:
                self.problem(_("%(code)s is not reported for %(period)s") % {
                    "code": indicator.code, "period": period.isoformat()}, sheet=sheet, row=n, column=column)
            return False
        return True

    def apply(self, plan):
        values, narratives, unchanged = plan
        summary = importer.write(self.institution, {}, [], values, self.filename, self.actor, narratives)
        summary["unchanged"] = unchanged
        return summary


def preview(mapping, data, filename):
    """A dry run: what the file would write, or ImportProblems; nothing is written."""
    feed = FeedImport(mapping, filename)
    values, narratives, unchanged = feed.check(feed.read(data))
    if feed.problems:
        raise imports.ImportProblems(feed.problems, filename)
    return {"values": len(values), "reports": len({(c, p) for c, p, *_rest in values + narratives}),
            "unchanged": unchanged, "rows": sorted({row[-1] for row in values + narratives})}


def import_feed(mapping, data, filename, actor=None):
    return FeedImport(mapping, filename, actor).run(data)
