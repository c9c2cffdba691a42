"""Pages for the run-up to the external assessment: milestones, question bank and practice, interviews."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.forms import inlineformset_factory
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from genderseal.core.models import OrgUnit
from genderseal.core.scoping import get_scoped
from genderseal.core.views import edit_form, member_view
from genderseal.evidence.models import Evidence

from .. import services
from ..forms import MilestoneForm, QuestionForm, SessionForm, dimensions_for
from ..models import Interviewee, InterviewSession, Milestone, Question


def _edit(request, membership, form, save, *, saved, heading, back, valid=True, **context):
    """A readiness edit page (readiness/form.html): `save(form)`, then back to the list `back` names."""
    def save_and_go(form):
        save(form)
        return reverse(back[0], kwargs={"slug": membership.institution.slug})

    return edit_form(request, form, save_and_go, template="readiness/form.html", saved=saved, valid=valid,
                     context={"heading": heading, "back": back, **context})


# --- Milestones -------------------------------------------------------------------------------

@require_GET
@member_view("milestone.view")
def milestone_list(request, membership):
    today = timezone.localdate()
    milestones = list(Milestone.objects.for_member(membership).select_related("owner_unit"))
    for m in milestones:
        m.overdue = m.is_overdue(today)
        m.days = (m.due_on - today).days if m.due_on and m.is_open and m.due_on >= today else None
    return render(request, "readiness/milestone_list.html", {
        "milestones": milestones, "can_manage": membership.can("milestone.manage"),
    })


@require_http_methods(["GET", "POST"])
@member_view("milestone.manage")
def milestone_edit(request, membership, pk=None):
    milestone = get_scoped(Milestone.objects.all(), membership, pk=pk) if pk else None
    form = MilestoneForm(request.POST or None, instance=milestone, membership=membership)
    return _edit(request, membership, form, lambda form: services.save_milestone(membership, milestone, form.cleaned_data),
                 saved=_("Milestone saved."), heading=_("Edit milestone") if milestone else _("New milestone"),
                 back=("milestone-list", _("Milestones")))


# --- Question bank ------------------------------------------------------------------------------

def _questions(membership, dimension_code=None):
    rows = (Question.objects.for_member(membership).select_related("dimension", "author_unit")
            .prefetch_related("benchmarks"))
    if dimension_code == "general":
        rows = rows.filter(dimension=None)
    elif dimension_code:
        rows = rows.filter(dimension__code=dimension_code)
    return rows


@require_GET
@member_view("question.view")
def question_list(request, membership):
    dimension = request.GET.get("dimension", "")
    return render(request, "readiness/question_list.html", {
        "questions": list(_questions(membership, dimension)),
        "dimensions": list(dimensions_for(membership)), "dimension": dimension,
        "can_manage": membership.can("question.manage"),
    })


@require_GET
@member_view("question.view")
def question_practice(request, membership):
    """One question at a time; the answer and its evidence come in on request (HTMX)."""
    dimension = request.GET.get("dimension", "")
    ids = list(_questions(membership, dimension).values_list("pk", flat=True))
    try:
        index = max(0, int(request.GET.get("n", 0)))
    except ValueError:
        index = 0
    question = None
    if ids:
        index = index % len(ids)
        question = get_scoped(Question.objects.select_related("dimension"), membership, pk=ids[index])
    return render(request, "readiness/practice.html", {
        "question": question, "index": index, "total": len(ids),
        "next": (index + 1) % len(ids) if ids else 0, "dimension": dimension,
        "dimensions": list(dimensions_for(membership)),
    })


@require_GET
@member_view("question.view")
def question_answer(request, membership, pk):
    question = get_scoped(Question.objects.prefetch_related("benchmarks"), membership, pk=pk)
    evidence = Evidence.objects.for_member(membership).filter(questions=question).select_related("owner_unit")
    template = "readiness/practice.html#answer" if request.htmx else "readiness/answer.html"
    return render(request, template, {"question": question, "evidence": list(evidence)})


@require_http_methods(["GET", "POST"])
@member_view("question.manage")
def question_edit(request, membership, pk=None):
    question = get_scoped(Question.objects.all(), membership, pk=pk) if pk else None
    form = QuestionForm(request.POST or None, instance=question, membership=membership)
    return _edit(request, membership, form, lambda form: services.save_question(membership, question, form.cleaned_data),
                 saved=_("Question saved."), heading=_("Edit question") if question else _("New question"),
                 back=("question-list", _("Question bank")))


# --- Interviews ---------------------------------------------------------------------------------

def _sessions(membership):
    return (InterviewSession.objects.for_member(membership)
            .prefetch_related("dimensions", "benchmarks",
                              Prefetch("interviewees", Interviewee.objects.select_related("unit", "user"))))


@require_GET
@member_view("interview.view")
def session_list(request, membership):
    return render(request, "readiness/session_list.html", {
        "sessions": list(_sessions(membership)), "mine": False,
        "can_manage": membership.can("interview.manage"), "can_brief": membership.can("briefing.manage"),
    })


@require_GET
@member_view("interview.view")
def my_schedule(request, membership):
    sessions = _sessions(membership).filter(interviewees__user=request.user).distinct()
    return render(request, "readiness/session_list.html", {
        "sessions": list(sessions), "mine": True,
        "can_manage": membership.can("interview.manage"), "can_own_brief": membership.can("briefing.view"),
    })


def _interviewee_formset(membership, session, data=None):
    Formset = inlineformset_factory(InterviewSession, Interviewee, fields=["name", "role", "unit", "user"], extra=3,
                                    can_delete=True)
    formset = Formset(data, instance=session or InterviewSession(), prefix="people")
    units = OrgUnit.objects.for_member(membership).filter(retired_at=None)
    users = get_user_model().objects.filter(memberships__institution=membership.institution).order_by("username")
    for form in formset.forms:
        form.fields["unit"].queryset = units
        form.fields["user"].queryset = users
    return formset


@require_http_methods(["GET", "POST"])
@member_view("interview.manage")
def session_edit(request, membership, number=None):
    session = get_scoped(InterviewSession.objects.all(), membership, number=number) if number else None
    form = SessionForm(request.POST or None, instance=session, membership=membership)
    people = _interviewee_formset(membership, session, request.POST or None)

    def save(form):
        services.save_interviewees(membership, services.save_session(membership, session, form.cleaned_data), people)

    return _edit(request, membership, form, save, valid=people.is_valid(), formset=people,
                 saved=_("Interview session saved."),
                 heading=_("Edit interview session") if session else _("New interview session"),
                 back=("session-list", _("Interviews")))


# --- Briefing packs -----------------------------------------------------------------------------

def _request_pack(request, membership, fmt, **person):
    """Queue the pack as an issued report (built in the background, kept with the reports' history)
    and show its progress; the same pack already being written is reused."""
    from django.http import Http404
    from django.utils.translation import get_language

    from genderseal.reports import issuing
    from genderseal.reports.models import ReportKind

    if fmt not in ("pdf", "docx"):
        raise Http404
    raw = {"format": fmt, "language": (get_language() or "th")[:2], "digits": request.POST.get("digits", "arabic"),
           **person}
    try:
        report, created = issuing.request(membership, ReportKind.BRIEFING, raw)
    except issuing.NoBriefing:
        messages.info(request, _("You are not scheduled for an interview, so there is no briefing pack for you."))
        return redirect("my-schedule", slug=membership.institution.slug)
    except issuing.NotAllowed:
        raise Http404 from None
    except issuing.RequestError as error:
        messages.error(request, str(error))
        return redirect("session-list", slug=membership.institution.slug)
    if not created:
        messages.info(request, _("The same report is already being written: this is it."))
    return redirect("report-detail", slug=membership.institution.slug, pk=report.pk)


@member_view("briefing.view")
@require_POST
def my_briefing(request, membership, fmt):
    """The signed-in user's own pack: every session naming them."""
    return _request_pack(request, membership, fmt)


@member_view("briefing.view")
@require_POST
def executive_briefing(request, membership, fmt):
    """The executive pack: every dimension and unit (the seed: "ครบทุกมิติและทุกหน่วยงาน")."""
    return _request_pack(request, membership, fmt, executive=1)


@member_view("briefing.manage")
@require_POST
def interviewee_briefing(request, membership, pk, fmt):
    """Any interviewee's pack, for the secretariat (by one of their interviewee rows)."""
    return _request_pack(request, membership, fmt, interviewee=pk)
