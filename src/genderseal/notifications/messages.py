"""Notification texts by kind, rendered in the reader's language. Other apps may add kinds."""
from django.utils.translation import gettext_lazy as _

from genderseal.thai.dates import format_date

MESSAGES = {
    "submitted": _("%(actor)s submitted benchmark %(code)s of round %(round)s for review."),
    "approved": _("Benchmark %(code)s of round %(round)s was approved."),
    "returned": _("Benchmark %(code)s of round %(round)s was returned: %(comment)s"),
    "assigned": _("Your unit %(unit)s is now responsible for benchmark %(code)s of round %(round)s."),
    "commented": _("%(actor)s commented on benchmark %(code)s of round %(round)s."),
    "ready": _("Every benchmark of round %(round)s is approved: the round is ready for sign-off."),
    "signed_off": _("Round %(round)s was signed off and is now locked."),
    "unlocked": _("Round %(round)s was unlocked: %(reason)s"),
    "result_due": _("Benchmark %(code)s of round %(round)s is due on %(due)s and is not yet submitted."),
    # Evidence review (evidence/services.py): the reviewer hears of a submit, the owners of the rest.
    "evidence_submit": _("%(actor)s submitted the evidence “%(title)s” for review."),
    "evidence_approve": _("The evidence “%(title)s” was approved."),
    "evidence_return": _("The evidence “%(title)s” was returned: %(comment)s"),
    "evidence_reopen": _("The evidence “%(title)s” was reopened for changes."),
    # Monthly reports (planning/services.py).
    "report_submit": _("%(actor)s submitted the report of %(code)s for %(period)s for review."),
    "report_approve": _("The report of %(code)s for %(period)s was approved."),
    "report_return": _("The report of %(code)s for %(period)s was returned: %(comment)s"),
    # Gender-analysis worksheets and screening forms (analysis/services.py).
    "worksheet_submit": _("%(actor)s submitted the gender analysis of project %(code)s for review."),
    "worksheet_approve": _("The gender analysis of project %(code)s was approved."),
    "worksheet_return": _("The gender analysis of project %(code)s was returned: %(comment)s"),
    "screening_submit": _("%(actor)s submitted the screening form of project %(code)s for a decision."),
    "screening_approve": _("The screening form of project %(code)s was approved."),
    "screening_return": _("The screening form of project %(code)s was returned for rework: %(comment)s"),
}


def register_message(kind, text):
    """Let another app (e.g. action items) add its own kind of notification."""
    MESSAGES[kind] = text


class _Params(dict):
    """Missing params render as "" rather than failing; dates (due) render in the reader's language."""

    def __missing__(self, key):
        return ""


def render(kind, params):
    from datetime import date

    from django.utils.translation import get_language

    text = MESSAGES.get(kind)
    if text is None:
        return kind
    values = _Params(params or {})
    if values.get("due"):
        try:
            values["due"] = format_date(date.fromisoformat(values["due"]), (get_language() or "th")[:2])
        except (TypeError, ValueError):
            pass
    return str(text) % values
