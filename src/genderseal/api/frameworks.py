from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router

from genderseal.standards.models import Benchmark, Dimension, Framework, Goal

from .schemas import ErrorOut, FrameworkDetailOut, FrameworkOut

router = Router(tags=["frameworks"])


def _text(obj, field):
    return {"th": getattr(obj, f"{field}_th"), "en": getattr(obj, f"{field}_en")}


def _framework(f):
    return {"code": f.code, "version": f.version, "name": _text(f, "name"), "publisher": f.publisher}


@router.get("/frameworks", response=list[FrameworkOut])
def list_frameworks(request):
    return [_framework(f) for f in Framework.objects.all()]


@router.get("/frameworks/{code}", response={200: FrameworkDetailOut, 404: ErrorOut})
def get_framework(request, code: str):
    framework = get_object_or_404(
        Framework.objects.prefetch_related(
            "result_options",
            "levels",
            Prefetch("dimensions", queryset=Dimension.objects.filter(retired=False).prefetch_related(
                Prefetch("goals", queryset=Goal.objects.filter(retired=False).prefetch_related(
                    Prefetch("benchmarks", queryset=Benchmark.objects.current()))))),
        ),
        code=code,
    )
    return {
        **_framework(framework),
        "results": [{"code": o.code, "label": _text(o, "label"), "credit": float(o.credit),
                     "applicable": o.applicable} for o in framework.result_options.all()],
        "levels": [{"code": lv.code, "label": _text(lv, "label"),
                    "min_percent": None if lv.min_percent is None else float(lv.min_percent),
                    "min_credit": None if lv.min_credit is None else float(lv.min_credit),
                    "mandatory": lv.mandatory} for lv in framework.levels.all()],
        "dimensions": [
            {"code": d.code, "title": _text(d, "title"), "goals": [
                {"code": g.code, "title": _text(g, "title"), "benchmarks": [
                    {"code": b.code, "title": _text(b, "title"), "evidence": _text(b, "evidence"),
                     "wording": b.wording} for b in g.benchmarks.all()]}
                for g in d.goals.all()]}
            for d in framework.dimensions.all()
        ],
    }
