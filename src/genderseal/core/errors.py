"""The one family of refusals: every service raises these, each carrying its HTTP status.

A refusal is turned into an answer in exactly two places:
- pages: `member_view` (core/views.py) catches what a view let through and shows the message
  (`page_response`); a view with a form calls `on_form` first, so the form is shown again with
  what was typed and why;
- the API: the exception handler in api/urls.py answers `{"detail", "errors"}` with the status.

Apps import these classes; none defines its own `StaleEdit` or `NotAllowed`
(tests/core/test_errors.py checks that).
"""
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


class DomainError(Exception):
    """A refused action with a message for the person who asked; nothing was saved."""

    status = 400

    def __init__(self, message="", problems=None, status=None):
        if isinstance(message, dict) and problems is None:  # Invalid({field: message})
            message, problems = "", message
        self.problems = dict(problems or {})  # field name -> message
        if not message and self.problems:
            message = "; ".join(str(m) for m in self.problems.values())
        self.message = str(message)
        if status is not None:
            self.status = status
        super().__init__(self.message)


class Invalid(DomainError):
    """What was given does not make a valid record (field problems in `problems`)."""

    status = 400


class NotAllowed(DomainError):
    """The member may see the record but not do this to it."""

    status = 403


class NotFound(DomainError):
    """Not there, or not for this member to know about: answered as 404."""

    status = 404


class StaleEdit(DomainError):
    """Someone saved the record since the form was opened (the version moved on)."""

    status = 409


class Locked(DomainError):
    """The record or its period is approved, signed off or published and takes no more changes."""

    status = 409


class Conflict(DomainError):
    """The record's state does not allow this (already published, already recorded...)."""

    status = 409


class StorageFull(DomainError):
    """The file store is full: nothing was stored or recorded."""

    status = 507


def as_dict(error):
    """The API's body for a refusal."""
    body = {"detail": error.message}
    if error.problems:
        body["errors"] = [{"field": k, "message": str(v)} for k, v in error.problems.items()]
    return body


def on_form(form, error):
    """Show a refused save on the form that was posted (field problems on their fields, the rest
    on top) so the page is drawn again with what was typed; returns the status to answer with."""
    placed = False
    for field, message in error.problems.items():
        if field in form.fields:
            form.add_error(field, str(message))
            placed = True
    if not placed or not error.problems:
        form.add_error(None, error.message)
    return error.status


def page_response(request, error):
    """A refusal a page view did not handle itself: 404 stays 404; otherwise the message is shown
    on the page the member came from (same site only), or on a plain page with the status."""
    if isinstance(error, NotFound):
        raise Http404(error.message)
    back = request.META.get("HTTP_REFERER", "")
    if request.method == "POST" and back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        messages.error(request, error.message)
        return HttpResponseRedirect(back)
    return render(request, "core/refused.html", {"error": error}, status=error.status)
