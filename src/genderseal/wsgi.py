import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
application = get_wsgi_application()

# Load the Thai word segmenter's dictionary now (~2.5 s) rather than in a user's first search or
# upload; with `gunicorn --preload` it is loaded once and shared by the forked workers.
if os.environ.get("GENDERSEAL_WARM_SEGMENTER", "true").lower() not in ("0", "false", "no"):
    from genderseal.thai.segment import words

    words("ความเท่าเทียมทางเพศ")
