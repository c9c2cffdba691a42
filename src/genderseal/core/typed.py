"""What was typed in a small inline form (the reason of a return) survives a refused move.

The views that answer a refused move with a redirect (or draw the page again) call `keep(request)`;
the form posting to the same address shows the text again once (`{% typed_again action as text %}`).
Kept in the session, for one address at a time.
"""
KEY = "typed-again"
MAX = 2000


def keep(request, field="comment"):
    text = (request.POST.get(field) or "").strip()
    if text and hasattr(request, "session"):
        request.session[KEY] = {"path": request.path, "text": text[:MAX]}


def take(request, path):
    """The text typed in the form posting to `path`, once; "" when none."""
    session = getattr(request, "session", None)
    kept = session.get(KEY) if session is not None else None
    if not kept or kept.get("path") != path:
        return ""
    del session[KEY]
    return kept.get("text", "")
