"""The project register: projects imported in bulk (Excel/CSV), all or nothing, with a per-row report,
and the Strategy Map of a fiscal year (projects by strategic area), every count derived from the register.

Columns (any order, header on row 1; * required): code*, title_th*, title_en, strategic_area (code or
Thai name), measure (code), owner_unit* (code or abbreviation), budget, first_fy*, last_fy*, tracking_id
(the project's id in BMA Policy Tracking), sdg_targets ("5.6, 5.1"), gender_marker (GEN0-GEN3).
A project is matched by its code: a known code is updated, a new one created.
"""
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from genderseal.core import imports
from genderseal.core.audit import record
from genderseal.core.models import OrgUnit
from genderseal.thai.periods import parse_be_year

from . import stamps
from .models import GenderMarker, Measure, Project, SdgTarget, StrategicArea

COLUMNS = ("code", "title_th", "title_en", "strategic_area", "measure", "owner_unit", "budget", "first_fy",
           "last_fy", "tracking_id", "sdg_targets", "gender_marker")
REQUIRED = ("code", "title_th", "owner_unit", "first_fy", "last_fy")
SHEET = "projects"


class ProjectImport(imports.Importer):
    sheets = {SHEET}

    def __init__(self, institution, filename, actor=None):
        super().__init__(filename)
        self.institution, self.actor = institution, actor
        self.units = {}
        for unit in OrgUnit.objects.filter(institution=institution, retired_at=None):
            self.units[unit.code] = unit
            if unit.abbreviation:
                self.units[unit.abbreviation] = unit
        self.areas = {}
        for area in StrategicArea.objects.filter(institution=institution):
            self.areas.setdefault(area.code, area)
            self.areas.setdefault(area.name_th, area)
        self.measures = {m.code: m for m in Measure.objects.filter(strategy__plan__institution=institution)}
        self.sdg = {t.code: t for t in SdgTarget.objects.all()}
        self.tracking = dict(Project.objects.filter(institution=institution).exclude(tracking_id="")
                             .values_list("tracking_id", "code"))

    def check(self, tables):
        table = next((t for t in tables if t.sheet in ("", SHEET)), None)
        if table is None:
            self.problem(_("no sheet named %(names)s") % {"names": SHEET})
            return []
        sheet = table.sheet
        rows = iter(table.rows)
        header = None
        for number, cells in rows:
            header = imports.header_map(cells, {c: () for c in COLUMNS})
            missing = [c for c in REQUIRED if c not in header.values()]
            for index, cell in enumerate(cells):
                if cell is not None and index not in header:
                    self.problem(_("unknown column (allowed: %(allowed)s)") % {"allowed": ", ".join(COLUMNS)},
                                 sheet=sheet, row=number, column=str(cell))
            if missing:
                self.problem(_("no header row with %(columns)s") % {"columns": ", ".join(REQUIRED)}, sheet=sheet,
                             row=number)
                return []
            break
        plan, seen_codes, seen_tracking = [], {}, {}
        for number, cells in rows:
            row = {key: cells[i] if i < len(cells) else None for i, key in header.items()}
            spec = self._row(sheet, number, row)
            if spec is None:
                continue
            if spec["code"] in seen_codes:
                self.problem(_("%(code)s appears twice (also on row %(row)s)") % {
                    "code": spec["code"], "row": seen_codes[spec["code"]]}, sheet=sheet, row=number, column="code")
                continue
            seen_codes[spec["code"]] = number
            tid = spec["tracking_id"]
            if tid:
                other = seen_tracking.get(tid) or (self.tracking.get(tid) if self.tracking.get(tid) != spec["code"]
                                                   else None)
                if other:
                    self.problem(_("Policy Tracking id %(id)s is already used by %(other)s") % {
                        "id": tid, "other": other}, sheet=sheet, row=number, column="tracking_id")
                    continue
                seen_tracking[tid] = spec["code"]
            plan.append(spec)
        if not plan and not self.problems:
            self.problem(_("the file has no project rows"), sheet=sheet)
        return plan

    def _row(self, sheet, n, row):
        def problem(column, message):
            self.problem(message, sheet=sheet, row=n, column=column)

        missing = [column for column in REQUIRED if row.get(column) is None]
        for column in missing:
            problem(column, _("is empty"))
        if missing:
            return None
        spec = {"code": imports.code(row["code"]), "title_th": str(row["title_th"]),
                "title_en": str(row.get("title_en") or ""), "tracking_id": imports.code(row.get("tracking_id"))}
        self._references(spec, row, problem)
        self._numbers(spec, row, problem)
        self._codes(spec, row, problem)
        return spec if not any(p.row == n and p.sheet == sheet for p in self.problems) else None

    def _references(self, spec, row, problem):
        """The owner unit, strategic area and measure, by code (or Thai name, abbreviation)."""
        spec["owner_unit"] = self.units.get(imports.code(row["owner_unit"]))
        if spec["owner_unit"] is None:
            problem("owner_unit", _("no unit %(unit)s") % {"unit": row["owner_unit"]})
        area = row.get("strategic_area")
        spec["strategic_area"] = self.areas.get(imports.code(area)) or self.areas.get(str(area)) if area else None
        if area and spec["strategic_area"] is None:
            problem("strategic_area", _("no strategic area %(area)s") % {"area": area})
        measure = imports.code(row.get("measure"))
        spec["measure"] = self.measures.get(measure) if measure else None
        if measure and spec["measure"] is None:
            problem("measure", _("no measure %(code)s in the plans") % {"code": measure})

    def _numbers(self, spec, row, problem):
        try:
            spec["budget"] = imports.parse_number(row.get("budget"))
            if spec["budget"] is not None and spec["budget"] < 0:
                problem("budget", _("a budget cannot be negative"))
        except ValueError:
            problem("budget", _("%(value)s is not a number") % {"value": row.get("budget")})
        for column in ("first_fy", "last_fy"):
            spec[column] = parse_be_year(row[column])
            if spec[column] is None:
                problem(column, _("%(value)s is not a year (BE, e.g. 2568)") % {"value": row[column]})
        if spec["first_fy"] and spec["last_fy"] and spec["first_fy"] > spec["last_fy"]:
            problem("last_fy", _("the last fiscal year is before the first"))

    def _codes(self, spec, row, problem):
        codes = [c.strip() for c in imports.code(row.get("sdg_targets")).replace(";", ",").split(",") if c.strip()]
        unknown = [c for c in codes if c not in self.sdg]
        if unknown:
            problem("sdg_targets", _("no SDG 5 target %(codes)s") % {"codes": ", ".join(unknown)})
        spec["sdg_targets"] = [self.sdg[c] for c in codes if c in self.sdg]
        marker = imports.code(row.get("gender_marker")).upper().replace(" ", "") or GenderMarker.GEN2
        if marker not in GenderMarker.values:
            problem("gender_marker", _("%(value)s is not one of %(allowed)s") % {
                "value": row.get("gender_marker"), "allowed": ", ".join(GenderMarker.values)})
        spec["gender_marker"] = marker

    def apply(self, plan):
        existing = {p.code: p for p in Project.objects.filter(institution=self.institution)}
        created = updated = 0
        fields = ("title_th", "title_en", "owner_unit", "strategic_area", "measure", "budget", "first_fy", "last_fy",
                  "tracking_id", "gender_marker")
        for spec in plan:
            project = existing.get(spec["code"])
            if project is None:
                project = Project(institution=self.institution, code=spec["code"])
                created += 1
            elif any(getattr(project, f) != spec[f] for f in fields):
                updated += 1
            for f in fields:
                setattr(project, f, spec[f])
            project.placeholder = False
            if project.pk:
                project.version += 1
            project.save()
            project.sdg_targets.set(spec["sdg_targets"])
        summary = {"projects": len(plan), "created": created, "updated": updated}
        stamps.touch(self.institution.pk)
        record("planning.projects.import", self.filename, institution=self.institution, actor=self.actor, **summary)
        return summary


def import_projects(institution, data, filename, actor=None):
    """{"projects", "created", "updated"}; ImportProblems naming every bad row (nothing written then)."""
    return ProjectImport(institution, filename, actor).run(data)


def strategy_map(membership, fy):
    """The Strategy Map of fiscal year `fy` (BE): per strategic area its projects, budget and markers,
    and the totals, counted from the register in two queries."""
    projects = list(Project.objects.for_member(membership).filter(first_fy__lte=fy, last_fy__gte=fy)
                    .select_related("strategic_area", "owner_unit").order_by("strategic_area__order", "code"))
    areas = {}
    for project in projects:
        key = project.strategic_area_id
        area = areas.setdefault(key, {"area": project.strategic_area, "projects": [], "budget": 0})
        area["projects"].append(project)
        area["budget"] += project.budget or 0
    totals = Project.objects.for_member(membership).filter(first_fy__lte=fy, last_fy__gte=fy).aggregate(
        count=Count("pk"), budget=Sum("budget"), placeholders=Count("pk", filter=Q(placeholder=True)),
        areas=Count("strategic_area", distinct=True))
    return {"fy": fy, "areas": list(areas.values()), "totals": totals}
