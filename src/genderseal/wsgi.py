import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
application = get_wsgi_application()


def _warm(name):
    return os.environ.get(name, "true").lower() not in ("0", "false", "no")


# Every page's code, the catalogues and the templates (core/warm.py), not in each worker's first requests.
if _warm("GENDERSEAL_WARM_PAGES"):
    from genderseal.core.warm import pages

    pages()

# Load the Thai word segmenter's dictionary now (~2.5 s) rather than in a user's first search or
# upload; with `gunicorn --preload` it is loaded once and shared by the forked workers.
if _warm("GENDERSEAL_WARM_SEGMENTER"):
    from genderseal.thai.segment import words

    words("ความเท่าเทียมทางเพศ")

# Likewise the meaning encoder (~100 MB, 3-5 s to load): otherwise the first evidence search of each
# worker waits for it (measured 9.6 s for that first page under load, see docs/performance.md).
if _warm("GENDERSEAL_WARM_MEANING"):
    from django.conf import settings

    if settings.EVIDENCE_MEANING:
        from genderseal.evidence.meaning import model

        model()

# A database pool opened before `gunicorn --preload` forks would be shared by the workers' sockets:
# close any here, so each worker opens its own on its first request.
from django.db import connections  # noqa: E402

for _connection in connections.all(initialized_only=True):
    _connection.close()
    if _connection.vendor == "postgresql":
        _connection.close_pool()

# Last: what is loaded now stays for the process's life; out of the collector's full passes (core/memory.py).
from genderseal.core.memory import keep_loaded  # noqa: E402

keep_loaded()
