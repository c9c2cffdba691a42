"""core/memory.py: what a server loaded at start is left out of the collector's passes; the rest is still collected."""
import gc
import subprocess
import sys
import weakref

from genderseal.core.memory import keep_loaded


class _Thing:
    pass


def test_loaded_objects_leave_the_collector_and_new_garbage_is_still_collected():
    try:
        keep_loaded()
        assert gc.get_freeze_count() > 1000  # the modules, Django, this test run's objects
        loop = _Thing()
        loop.me = loop  # garbage only the collector can free (a cycle)
        gone = weakref.ref(loop)
        del loop
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()


def test_the_server_freezes_what_it_loaded():
    """wsgi.py (what gunicorn loads, --preload) ends by keeping what it loaded."""
    code = ("import gc, os; os.environ['GENDERSEAL_WARM_SEGMENTER'] = os.environ['GENDERSEAL_WARM_MEANING'] = 'false'; "
            "import genderseal.wsgi; print(gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert int(out.stdout.split()[-1]) > 10_000
