"""Assessor workspace pages: my assignments, a round's workspace (rate, ask, publish), threads, published results."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genderseal.assessments.models import BenchmarkResult, RoundStatus
from genderseal.core import errors
from genderseal.core.models import Role
from genderseal.core.scoping import get_scoped
from genderseal.core.views import declare_access, member_view

from .. import queries, services
from ..forms import QuestionForm, RatingForm, ReplyForm
from ..models import AssessorAssignment, Clarification, ClarificationStatus

PARTIALS = "assessors/workspace.html"


@declare_access("signed_in")
@require_GET
@login_required
def my_assignments(request):
    """Every round the signed-in assessor is assigned to, across institutions."""
    rows = (AssessorAssignment.objects.filter(user=request.user, round__institution__memberships__user=request.user,
                                              round__institution__memberships__role=Role.ASSESSOR,
                                              round__institution__memberships__is_active=True,
                                              round__institution__archived_at=None)
            .select_related("round__institution", "round__framework", "round__rating_publication")
            .annotate(open_threads=Count("round__clarifications",
                                         filter=Q(round__clarifications__status=ClarificationStatus.OPEN)))
            .order_by("round__institution__slug", "-round__number"))
    return render(request, "assessors/my_assignments.html", {"assignments": list(rows), "open": RoundStatus.OPEN})


@member_view("clarification.view")
@require_GET
def overview(request, membership):
    """The institution's external rounds (an assessor's: those assigned), with assessors, threads and publication."""
    rounds = services.external_rounds(membership).annotate(
        open_threads=Count("clarifications", filter=Q(clarifications__status=ClarificationStatus.OPEN), distinct=True),
        threads=Count("clarifications", distinct=True))
    if membership.role == Role.ASSESSOR:
        rounds = rounds.filter(assessor_assignments__user=membership.user)
    rounds = rounds.prefetch_related(Prefetch("assessor_assignments",
                                              AssessorAssignment.objects.select_related("user")))
    return render(request, "assessors/overview.html", {
        "rounds": list(rounds), "is_assessor": membership.role == Role.ASSESSOR,
        "can_assign": membership.can("assessment.assign"),
    })


@member_view("assessment.work")
@require_GET
def workspace(request, membership, number):
    round = services.assigned_round(membership, number)
    rows, options = queries.workspace(membership, round)
    publication = services.publication(round)
    return render(request, "assessors/workspace.html", {
        "round": round, "rows": rows, "options": options.values(),
        "publication": publication, "rated": sum(1 for r in rows if r.rating),
        # The whole panel of the (already scoped) round, not only the member's own assignment.
        "panel": list(AssessorAssignment.objects.filter(round=round).select_related("user")),
        "question_form": QuestionForm(),
    })


def _row(request, membership, round, code, status=200):
    rows, _options = queries.workspace(membership, round, code=code)
    if not rows:
        raise Http404
    return render(request, PARTIALS + "#rating", {"round": round, "row": rows[0],
                                                  "publication": services.publication(round)}, status=status)


@member_view("assessment.work")
@require_http_methods(["GET", "POST"])
def rate(request, membership, number, code):
    round = services.assigned_round(membership, number)
    result = services.reviewable_result(membership, round, code)
    if request.method == "GET" and "cancel" in request.GET:
        return _row(request, membership, round, code)
    if services.publication(round) is not None:
        raise Http404  # published ratings are final
    options = queries.options_for(round).values()
    rows, _options = queries.workspace(membership, round, code=code)
    row = rows[0]
    if request.method == "GET":
        initial = {"version": row.version, "result_code": row.rating.result_code if row.rating else "",
                   "comment": row.rating.comment if row.rating else ""}
        form = RatingForm(initial=initial, options=options)
        template = PARTIALS + "#rating-form" if request.headers.get("HX-Request") else "assessors/rate.html"
        return render(request, template,
                      {"round": round, "row": row, "form": form})
    form = RatingForm(request.POST, options=options)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_rating(membership, round, result, result_code=data["result_code"], comment=data["comment"],
                                 expected_version=data["version"])
            if not request.headers.get("HX-Request"):
                return redirect("assess-workspace", slug=membership.institution.slug, number=number)
            return _row(request, membership, round, code)
        except services.AssessorError as error:
            status = errors.on_form(form, error)
    template = PARTIALS + "#rating-form" if request.headers.get("HX-Request") else "assessors/rate.html"
    return render(request, template, {"round": round, "row": row, "form": form},
                  status=status)


@member_view("assessment.work")
@require_POST
def publish(request, membership, number):
    round = services.assigned_round(membership, number)
    try:
        count = services.publish(membership, round)
        messages.success(request, _("%(count)s ratings published to the institution.") % {"count": count})
    except services.AssessorError as error:
        messages.error(request, str(error))
    return redirect("assess-workspace", slug=membership.institution.slug, number=number)


@member_view("assessment.work")
@require_POST
def ask(request, membership, number, code):
    round = services.assigned_round(membership, number)
    result = services.reviewable_result(membership, round, code)
    form = QuestionForm(request.POST)
    if form.is_valid():
        thread = services.ask(membership, round, result, form.cleaned_data["body"])
        messages.success(request, _("Your question was sent to the institution."))
        return redirect("assess-thread", slug=membership.institution.slug, number=number, thread=thread.number)
    messages.error(request, _("Write the question first."))
    return redirect("assess-workspace", slug=membership.institution.slug, number=number)


@member_view("clarification.view")
@require_GET
def clarifications(request, membership, number):
    round = services.assigned_round(membership, number)
    rows = queries.threads(membership, round)
    status = request.GET.get("status", "")
    if status in ClarificationStatus.values:
        rows = [t for t in rows if t.status == status]
    return render(request, "assessors/clarifications.html", {
        "round": round, "threads": rows, "status": status,
        "statuses": ClarificationStatus.choices,
    })


def _result_for(membership, thread):
    return (BenchmarkResult.objects.for_member(membership).filter(round=thread.round, benchmark=thread.benchmark)
            .select_related("lead_unit").prefetch_related("responsible_units").first())


@member_view("clarification.view")
@require_http_methods(["GET", "POST"])
def thread(request, membership, number, thread):
    round = services.assigned_round(membership, number)
    found = get_scoped(Clarification.objects.select_related("round__institution", "benchmark", "asked_by")
                       .prefetch_related("messages__author"), membership, round=round, number=thread)
    result = _result_for(membership, found)
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.reply(membership, found, result, form.cleaned_data["body"])
                messages.success(request, _("Message sent."))
                return redirect("assess-thread", slug=membership.institution.slug, number=number, thread=thread)
            except errors.DomainError as error:
                status = errors.on_form(form, error)
        else:
            status = 400
    return render(request, "assessors/thread.html", {
        "round": round, "thread": found, "result": result, "form": form,
        "can_reply": services.may_reply(membership, result),
    }, status=status)


@member_view("assessment.results")
@require_GET
def results(request, membership, number):
    """The published ratings and the level they give; before publication the institution sees none."""
    round = services.assigned_round(membership, number)
    publication = services.publication(round)
    published = queries.published_results(membership, round) if publication or \
        membership.role == Role.ASSESSOR else None
    return render(request, "assessors/results.html", {
        "round": round, "publication": publication, "published": published,
    })
