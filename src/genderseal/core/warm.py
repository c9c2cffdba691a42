"""What every process would otherwise load in its first requests, loaded at the server's start (wsgi.py).

A fresh worker's first page imported the URLconf (every app's views and the API's schemas: ~0.9 s),
read the language catalogues and compiled each template it rendered; under load the four workers'
first pages took 2 s each and the queue behind them about 15 s to drain (docs/performance.md). With
`gunicorn --preload` this runs once in the master and the forked workers share the result.
"""
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[1]


def pages():
    """Import every page's code, read each language's catalogue, compile the project's templates."""
    reverse("home")  # imports the URLconf, and so every view and the API, and fills the resolver
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Gender Equality Seal")
    for backend in engines.all():
        for directory in backend.template_dirs:
            directory = Path(directory)
            if not directory.is_relative_to(PACKAGE):
                continue  # Django's own (admin, forms) are few and rare
            for path in sorted(directory.rglob("*.html")):
                backend.get_template(path.relative_to(directory).as_posix())
