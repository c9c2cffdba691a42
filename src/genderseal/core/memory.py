"""What a server process loads at start lives as long as the process: keep it out of the collector's way."""
import gc


def keep_loaded():
    """Move every object alive now out of the garbage collector's passes (`gc.freeze`).

    A full pass reads every object the process holds: Django, the apps, the Thai dictionary, tens of
    thousands of them, so each pass cost a request 30-150 ms on the project's 2-core machine (the
    tail of every page's timings, docs/performance.md). Frozen, a pass reads only what was made since.
    With `gunicorn --preload` (wsgi.py) the forked workers also keep sharing those memory pages
    instead of copying them when the collector would have touched them.
    """
    gc.collect()
    gc.freeze()
