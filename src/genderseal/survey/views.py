"""The secretariat's and committee's survey pages: surveys, questions, links and QR codes, results."""
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from . import services
from .evidence import evidence_benchmarks, record_as_evidence
from .export import results_xlsx
from .forms import LinksForm, QuestionFormset, SurveyForm
from .models import Invitation, Survey
from .qr import qr_svg
from .queries import survey_results


def _survey(membership, pk):
    return get_scoped(Survey.objects.select_related("institution", "owner_unit", "evidence"), membership, pk=pk)


def _link(request, token):
    return request.build_absolute_uri(reverse("survey-respond", args=[token]))


@require_GET
@member_view("survey.view")
def survey_list(request, membership):
    surveys = (Survey.objects.for_member(membership).select_related("owner_unit")
               .annotate(responses_count=Count("responses", distinct=True),
                         questions_count=Count("questions", distinct=True)))
    return render(request, "survey/survey_list.html", {
        "surveys": list(surveys), "can_manage": membership.can("survey.manage"),
    })


@require_http_methods(["GET", "POST"])
@member_view("survey.manage")
def survey_create(request, membership):
    form = SurveyForm(request.POST or None, membership=membership, creating=True,
                      initial={"owner_unit": membership.units.first()})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(membership, form.cleaned_data, standard=form.cleaned_data.get("standard"))
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Survey created."))
            return redirect("survey-detail", slug=membership.institution.slug, pk=survey.pk)
    return render(request, "survey/survey_form.html", {
        "form": form, "heading": _("New staff survey"),
    }, status=400 if request.method == "POST" else 200)


@require_GET
@member_view("survey.view")
def survey_detail(request, membership, pk):
    survey = _survey(membership, pk)
    links = survey.invitations.aggregate(single=Count("pk", filter=Q(reusable=False)),
                                         used=Count("pk", filter=Q(reusable=False, used=True)))
    open_link = survey.invitations.filter(reusable=True).first()
    can_manage = membership.can("survey.manage")
    return render(request, "survey/survey_detail.html", {
        "survey": survey, "questions": list(survey.questions.all()),
        "links": links, "responses": survey.responses.count(), "can_manage": can_manage,
        "open_link": _link(request, open_link.token) if open_link and can_manage else None,
        "open_qr": qr_svg(_link(request, open_link.token)) if open_link and can_manage else None,
        "links_form": LinksForm(), "locked": services.questions_locked(survey),
    })


@require_http_methods(["GET", "POST"])
@member_view("survey.manage")
def survey_edit(request, membership, pk):
    survey = _survey(membership, pk)
    locked = services.questions_locked(survey)
    data = request.POST or None
    form = SurveyForm(data, instance=survey, membership=membership)
    formset = None if locked else QuestionFormset(data, instance=survey, prefix="questions")
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            services.update_survey(membership, survey, form.cleaned_data, form.cleaned_data.get("version") or 0)
            if formset is not None:
                services.save_questions(membership, survey, formset)
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Survey saved."))
            return redirect("survey-detail", slug=membership.institution.slug, pk=survey.pk)
    return render(request, "survey/survey_form.html", {
        "form": form, "formset": formset, "survey": survey, "locked": locked,
        "heading": _("Edit survey"),
    }, status=400 if request.method == "POST" else 200)


@member_view("survey.manage")
@require_POST
def survey_move(request, membership, pk, name):
    survey = _survey(membership, pk)
    if name not in services.MOVES:
        raise Http404
    try:
        services.move(membership, survey, name)
        messages.success(request, _("Survey opened.") if name == "open" else _("Survey closed."))
    except services.SurveyError as error:
        messages.error(request, str(error))
    return redirect("survey-detail", slug=membership.institution.slug, pk=survey.pk)


@member_view("survey.manage")
@require_POST
def survey_links(request, membership, pk):
    survey = _survey(membership, pk)
    reusable = request.POST.get("open") == "1"
    form = LinksForm(request.POST)
    try:
        if reusable:
            services.make_invitations(membership, survey, 1, reusable=True)
            messages.success(request, _("Open link created."))
        elif form.is_valid():
            made = services.make_invitations(membership, survey, form.cleaned_data["count"])
            messages.success(request, _("%(n)s links created.") % {"n": len(made)})
        else:
            messages.error(request, _("Ask for 1 to %(n)s links at a time.") % {"n": services.MAX_LINKS})
    except services.SurveyError as error:
        messages.error(request, str(error))
    return redirect("survey-detail", slug=membership.institution.slug, pk=survey.pk)


@require_GET
@member_view("survey.manage")
def survey_sheet(request, membership, pk):
    """A printable sheet of the unused single-use links, each with its QR code, to cut and hand out."""
    survey = _survey(membership, pk)
    tokens = survey.invitations.filter(reusable=False, used=False).values_list("token", flat=True)
    cards = [{"url": _link(request, t), "qr": qr_svg(_link(request, t), scale=3)} for t in tokens[:500]]
    return render(request, "survey/sheet.html", {"survey": survey, "cards": cards})


@require_GET
@member_view("survey.manage")
def survey_qr(request, membership, pk, token):
    invitation = get_scoped(Invitation.objects.all(), membership, survey=pk, token=token)
    response = HttpResponse(qr_svg(_link(request, invitation.token), scale=8, inline=False),
                            content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="survey-{pk}-qr.svg"'
    return response


@require_GET
@member_view("survey.view")
def survey_result_page(request, membership, pk):
    survey = _survey(membership, pk)
    results = survey_results(survey)
    benchmarks = evidence_benchmarks(membership)
    return render(request, "survey/results.html", {
        "survey": survey, "results": results, "benchmarks": benchmarks,
        "can_manage": membership.can("survey.manage"),
        "evidence": survey.evidence if survey.evidence_id and survey.evidence.deleted_at is None else None,
    })


@require_GET
@member_view("survey.view")
def survey_result_xlsx(request, membership, pk):
    survey = _survey(membership, pk)
    response = HttpResponse(results_xlsx(survey, survey_results(survey, with_texts=False)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="staff-survey-{survey.pk}-results.xlsx"'
    return response


@member_view("survey.manage")
@require_POST
def survey_evidence(request, membership, pk):
    survey = _survey(membership, pk)
    try:
        evidence = record_as_evidence(membership, survey)
    except (services.SurveyError, ValueError) as error:
        messages.error(request, str(error))
        return redirect("survey-results", slug=membership.institution.slug, pk=survey.pk)
    messages.success(request, _("The results are recorded as evidence (draft). Submit it for review from its page."))
    return redirect("evidence-detail", slug=membership.institution.slug, pk=evidence.pk)
