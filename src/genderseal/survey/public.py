"""The respondent's page, outside any institution: /s/<token>/. No sign-in; nothing about the
respondent is stored but the answers, the optional sex, age group and unit, and the date.
"""
from django.core.signing import BadSignature
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from genderseal.core.views import declare_access

from . import services
from .models import AgeGroup, Invitation, Sex, token_digest

DONE_COOKIE = "survey-done"  # open links only: the ids of surveys answered in this browser, signed


def _answered_here(request, survey):
    try:
        done = request.get_signed_cookie(DONE_COOKIE, default="", salt=DONE_COOKIE)
    except BadSignature:
        return False
    return str(survey.pk) in done.split(",")


def _context(invitation, data=None, problems=None):
    survey = invitation.survey
    return {"survey": survey, "questions": list(survey.questions.all()), "data": data or {},
            "problems": problems or {}, "sexes": Sex.choices, "age_groups": AgeGroup.choices,
            "units": list(services.respondent_units(survey))}


@declare_access("public")
@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token):
    invitation = get_object_or_404(Invitation.for_token(), digest=token_digest(token))
    survey = invitation.survey
    refusal = survey.refusal()
    # A single-use link's page never tells whether it was used (whoever holds it could test it): a used
    # link shows the same form, and a second answer gets the same thanks, with nothing stored.
    if refusal is None and invitation.reusable and _answered_here(request, survey):
        refusal = _already_here()
    if refusal:
        return render(request, "survey/refused.html", {"survey": survey, "message": refusal},
                      status=409 if request.method == "POST" else 200)
    if request.method == "GET":
        return render(request, "survey/respond.html", _context(invitation))
    if invitation.used and not invitation.reusable:
        return redirect("survey-thanks")
    try:
        services.submit(invitation, request.POST)
    except services.Invalid as error:
        return render(request, "survey/respond.html", _context(invitation, request.POST, error.problems), status=400)
    except services.Refused as error:
        return render(request, "survey/refused.html", {"survey": survey, "message": str(error)}, status=409)
    response = redirect("survey-thanks")
    if invitation.reusable:
        try:
            done = request.get_signed_cookie(DONE_COOKIE, default="", salt=DONE_COOKIE)
        except BadSignature:
            done = ""
        ids = [i for i in done.split(",") if i] + [str(survey.pk)]
        response.set_signed_cookie(DONE_COOKIE, ",".join(ids[-20:]), salt=DONE_COOKIE, max_age=180 * 86400,
                                   httponly=True, samesite="Lax", secure=request.is_secure())
    return response


def _already_here():
    return _("You have already answered this survey from this browser. Thank you.")


@declare_access("public")
@require_GET
def thanks(request):
    return render(request, "survey/thanks.html", {})
