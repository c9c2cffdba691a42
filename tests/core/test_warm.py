"""core/warm.py: what a worker's first requests would load is loaded at the server's start."""
from pathlib import Path

from django.template import engines

from genderseal.core import warm


def _loaders(loaders):
    for loader in loaders:  # template_partials' loader wraps Django's cached loader
        yield loader
        yield from _loaders(getattr(loader, "loaders", []))


def _cached_names(backend):
    return {key for loader in _loaders(backend.engine.template_loaders)
            for key in getattr(loader, "get_template_cache", {})}


def test_every_template_of_the_project_is_compiled_at_start():
    backend = engines["django"]
    for loader in _loaders(backend.engine.template_loaders):
        if hasattr(loader, "reset"):
            loader.reset()
    assert "base.html" not in _cached_names(backend)
    warm.pages()
    cached = _cached_names(backend)
    ours = [path.relative_to(directory).as_posix() for directory in map(Path, backend.template_dirs)
            if directory.is_relative_to(warm.PACKAGE) for path in directory.rglob("*.html")]
    assert len(ours) > 100
    assert set(ours) <= cached


def test_the_urlconf_is_imported_and_both_catalogues_read():
    import sys

    from django.utils.translation import trans_real

    warm.pages()
    assert "genderseal.api.urls" in sys.modules and "genderseal.assessments.views" in sys.modules
    assert {"th", "en"} <= {code.split("-")[0] for code in trans_real._translations}
