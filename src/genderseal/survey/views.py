"""The secretariat's and committee's survey pages: surveys, questions, batches of links, results.

No page shows a link's token or address: links go from the system to staff (services.make_batch)."""
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
from .forms import BatchForm, QuestionFormset, SurveyForm
from .models import Delivery, LinkBatch, Survey, SurveyStatus
from .queries import survey_results
from .slips import slips_pdf


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


def _batches(survey):
    return list(LinkBatch.objects.filter(survey=survey).select_related("unit", "made_by"))


def _detail(request, membership, survey, batch_form=None, status=200):
    links = survey.invitations.aggregate(single=Count("pk", filter=Q(reusable=False)))
    can_manage = membership.can("survey.manage")
    if batch_form is None and can_manage and survey.status != SurveyStatus.CLOSED:
        batch_form = BatchForm(survey=survey)
    return render(request, "survey/survey_detail.html", {
        "survey": survey, "questions": list(survey.questions.all()),
        "links": links, "responses": survey.responses.count(), "can_manage": can_manage,
        "batch_form": batch_form if can_manage else None, "batches": _batches(survey),
        "locked": services.questions_locked(survey),
    }, status=status)


@require_GET
@member_view("survey.view")
def survey_detail(request, membership, pk):
    return _detail(request, membership, _survey(membership, pk))


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
    """Make a batch of links for one unit: mailed from here, or answered with the sealed slips' PDF.

    Neither way shows a token or a link on a page: the PDF is the only copy of the slips' links.
    """
    survey = _survey(membership, pk)
    form = BatchForm(request.POST, survey=survey)
    if not form.is_valid():
        return _detail(request, membership, survey, form, status=400)
    data = form.cleaned_data
    try:
        batch, tokens = services.make_batch(
            membership, survey, data["unit"], data["staff_count"], data["delivery"], count=data.get("count") or 0,
            emails=data.get("addresses") or (), link_for=lambda token: _link(request, token))
    except services.Invalid as error:
        for field, message in error.problems.items():
            form.add_error(field if field in form.fields else None, message)
        return _detail(request, membership, survey, form, status=400)
    except services.SurveyError as error:
        form.add_error(None, str(error))
        return _detail(request, membership, survey, form, status=400)
    if batch.delivery == Delivery.EMAIL:
        messages.success(request, _("%(n)s links sent by e-mail.") % {"n": batch.count})
        return redirect("survey-detail", slug=membership.institution.slug, pk=survey.pk)
    response = HttpResponse(slips_pdf(survey, batch.unit, tokens, lambda token: _link(request, token)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-slips-{batch.unit.code}-{batch.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@member_view("survey.view")
def survey_result_page(request, membership, pk):
    survey = _survey(membership, pk)
    results = survey_results(survey)
    benchmarks = evidence_benchmarks(membership)
    return render(request, "survey/results.html", {
        "survey": survey, "results": results, "benchmarks": benchmarks, "batches": _batches(survey),
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
