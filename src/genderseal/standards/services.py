"""Verbs on the standards library: load a framework file into the database, and build
the scoring rules' Standard from what is stored.

Loading is one transaction. A newer version of a loaded framework is matched by code:
kept rows keep their primary key (so every result and link pointing at them survives),
new ones are added, ones absent from the file are retired, never deleted.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from genderseal.core.audit import record

from . import rules
from .models import Benchmark, Dimension, Framework, FrameworkLoad, Goal, Level, ResultOption
from .spec import FrameworkError, FrameworkSpec, Location, Problem, validate


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # retired, never deleted
    changed: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    framework: str
    created: bool
    version_before: str | None
    version_after: str
    benchmarks: Changes
    goals: Changes
    dimensions: Changes
    results: Changes
    levels: Changes
    framework_id: int | None = None

    @property
    def added(self):
        return self.benchmarks.added

    @property
    def removed(self):
        return self.benchmarks.removed

    @property
    def changed(self):
        return self.benchmarks.changed

    def as_dict(self):
        data = asdict(self)
        data.pop("framework_id")
        return data

    def lines(self):
        """Human-readable report, one line per fact."""
        if self.created:
            head = _("Loaded %(code)s version %(version)s (new framework).") % {
                "code": self.framework, "version": self.version_after}
        else:
            head = _("Loaded %(code)s: version %(before)s -> %(after)s.") % {
                "code": self.framework, "before": self.version_before, "after": self.version_after}
        lines = [head]
        always = (
            (_("benchmarks added"), self.benchmarks.added),
            (_("benchmarks removed (retired)"), self.benchmarks.removed),
            (_("benchmarks changed"), self.benchmarks.changed),
        )
        when_any = (
            (_("goals added"), self.goals.added),
            (_("goals removed (retired)"), self.goals.removed),
            (_("goals changed"), self.goals.changed),
            (_("dimensions added"), self.dimensions.added),
            (_("dimensions removed (retired)"), self.dimensions.removed),
            (_("dimensions changed"), self.dimensions.changed),
            (_("results added"), self.results.added),
            (_("results removed"), self.results.removed),
            (_("results changed"), self.results.changed),
            (_("levels added"), self.levels.added),
            (_("levels removed"), self.levels.removed),
            (_("levels changed"), self.levels.changed),
        )
        for label, codes in (*always, *((label, codes) for label, codes in when_any if codes)):
            lines.append(f"{label}: {len(codes)}" + (f" ({', '.join(codes)})" if codes else ""))
        return lines


def _assign(obj, values) -> bool:
    """Set fields; True when any value differs."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _sync(model, existing: dict, wanted: list[tuple[str, dict]], text_fields, changes: Changes, **create):
    """Update rows matched by code, create the new ones, retire the ones not wanted.

    Returns {code: row} of the current rows. `text_fields` are the fields whose change
    the report calls "changed" (wording, titles); order and parents change silently.
    """
    to_update, to_create, current = [], [], {}
    for code, values in wanted:
        row = existing.get(code)
        if row is None:
            row = model(code=code, **create, **values)
            to_create.append(row)
            changes.added.append(code)
        else:
            before = {name: getattr(row, name) for name in text_fields}
            if row.retired:
                changes.added.append(code)  # back in the standard
            elif any(before[name] != values[name] for name in text_fields):
                changes.changed.append(code)
            if _assign(row, {**values, "retired": False}):
                to_update.append(row)
        current[code] = row
    for code, row in existing.items():
        if code not in current and not row.retired:
            row.retired = True
            to_update.append(row)
            changes.removed.append(code)
    if to_update:
        names = sorted({*text_fields, "order", "retired", *(k for _c, v in wanted for k in v)})
        model.objects.bulk_update(to_update, names)
    model.objects.bulk_create(to_create)
    return {row.code: row for row in model.objects.filter(framework=create["framework"])}


def load_framework(spec: FrameworkSpec, source_name: str, sha256: str, actor=None) -> LoadReport:
    """Load a spec: all or nothing. Raises FrameworkError (nothing written)."""
    problems = validate(spec)  # parse_* did it already; a spec built in code gets it here
    if problems:
        raise FrameworkError(problems)
    with transaction.atomic():
        framework = Framework.objects.select_for_update().filter(code=spec.code).first()
        created = framework is None
        before = None if created else framework.version
        if created:
            framework = Framework(code=spec.code)
        _assign(framework, {"version": spec.version, "name_th": spec.name.th, "name_en": spec.name.en,
                            "publisher": spec.publisher, "sha256": sha256})
        framework.save()
        report = LoadReport(spec.code, created, before, spec.version, Changes(), Changes(), Changes(),
                            Changes(), Changes(), framework.pk)
        _load_results(framework, spec, source_name, report.results)
        _load_levels(framework, spec, report.levels)
        _load_tree(framework, spec, report)
        FrameworkLoad.objects.create(framework=framework, version=spec.version, source=source_name[:255],
                                     sha256=sha256, changes=report.as_dict())
        record("framework.load", framework, actor=actor, source=source_name, sha256=sha256,
               version_before=before, version_after=spec.version, added=report.added,
               removed=report.removed, changed=report.changed)
    return report


def _load_results(framework, spec, source_name, changes):
    existing = {r.code: r for r in framework.result_options.all()}
    wanted = {r.code for r in spec.results}
    dropped = [code for code in existing if code not in wanted]
    if dropped:
        _refuse_dropping_used_results(framework, dropped, source_name)
        ResultOption.objects.filter(framework=framework, code__in=dropped).delete()
    changes.removed.extend(dropped)
    for order, r in enumerate(spec.results):
        values = {"label_th": r.label.th, "label_en": r.label.en, "credit": Decimal(r.credit or 0),
                  "applicable": r.applicable}
        _upsert(ResultOption, framework, existing.get(r.code), r.code, values, order, changes)


def _upsert(model, framework, row, code, values, order, changes):
    """Create or update one small row (result option, level); order changes are not news."""
    if row is None:
        model.objects.create(framework=framework, code=code, order=order, **values)
        changes.added.append(code)
        return
    if _assign(row, values):
        changes.changed.append(code)
    row.order = order
    row.save()


def _refuse_dropping_used_results(framework, dropped, source_name):
    """A result code still held by stored results cannot leave the scale."""
    BenchmarkResult = apps.get_model("assessments", "BenchmarkResult")
    used = (
        BenchmarkResult.objects.filter(round__framework=framework, result_code__in=dropped)
        .values("result_code").annotate(n=Count("id")).order_by("result_code")
    )
    problems = [
        Problem(source_name, Location(), _(
            'result code "%(code)s" is missing from the file but %(count)d stored results use it; '
            "keep it in the file"
        ) % {"code": row["result_code"], "count": row["n"]})
        for row in used
    ]
    if problems:
        raise FrameworkError(problems)


def _load_levels(framework, spec, changes):
    existing = {lv.code: lv for lv in framework.levels.all()}
    wanted = {lv.code for lv in spec.levels}
    dropped = [code for code in existing if code not in wanted]
    if dropped:
        Level.objects.filter(framework=framework, code__in=dropped).delete()
    changes.removed.extend(dropped)
    for order, lv in enumerate(spec.levels):
        values = {"label_th": lv.label.th, "label_en": lv.label.en, "min_percent": lv.min_percent,
                  "min_credit": lv.min_credit, "mandatory": list(lv.mandatory)}
        _upsert(Level, framework, existing.get(lv.code), lv.code, values, order, changes)


def _load_tree(framework, spec, report):
    dimensions = _sync(
        Dimension,
        {d.code: d for d in Dimension.objects.filter(framework=framework)},
        [(d.code, {"title_th": d.title.th, "title_en": d.title.en, "order": i}) for i, d in enumerate(spec.dimensions)],
        ("title_th", "title_en"),
        report.dimensions,
        framework=framework,
    )
    parents = {g.code: d.code for d in spec.dimensions for g in d.goals}
    goals = _sync(
        Goal,
        {g.code: g for g in Goal.objects.filter(framework=framework)},
        [(g.code, {"title_th": g.title.th, "title_en": g.title.en, "order": i,
                   "dimension_id": dimensions[parents[g.code]].pk, "wording": g.wording})
         for i, g in enumerate(spec.goals)],
        ("title_th", "title_en", "wording"),
        report.goals,
        framework=framework,
    )
    wanted = []
    for i, (_d, goal, b) in enumerate(spec.benchmark_refs()):
        evidence = b.evidence
        wanted.append((b.code, {
            "title_th": b.title.th, "title_en": b.title.en,
            "evidence_th": evidence.th if evidence else "", "evidence_en": evidence.en if evidence else "",
            "wording": b.wording, "order": i, "goal_id": goals[goal.code].pk,
        }))
    _sync(
        Benchmark,
        {b.code: b for b in Benchmark.objects.filter(framework=framework)},
        wanted,
        ("title_th", "title_en", "evidence_th", "evidence_en", "wording", "goal_id"),
        report.benchmarks,
        framework=framework,
    )


def standard_for(framework: Framework) -> rules.Standard:
    """The rules' Standard from stored rows, in three queries whatever the size."""
    results = {
        r.code: rules.ResultOption(r.code, r.credit, r.applicable)
        for r in ResultOption.objects.filter(framework=framework).order_by("order")
    }
    levels = tuple(
        rules.LevelRule(lv.code, lv.min_percent, lv.min_credit, tuple(lv.mandatory))
        for lv in Level.objects.filter(framework=framework).order_by("order")
    )
    benchmarks = tuple(
        rules.BenchmarkRef(code, dimension, goal)
        for code, goal, dimension in Benchmark.objects.current()
        .filter(framework=framework)
        .order_by("order")
        .values_list("code", "goal__code", "goal__dimension__code")
    )
    return rules.Standard(framework.code, framework.version, results, levels, benchmarks)
