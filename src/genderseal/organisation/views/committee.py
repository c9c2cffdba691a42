"""Pages for committees and working groups: list, detail, edit, seats and meetings."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from genderseal.core import errors
from genderseal.core.audit import history_for
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.standards.models import Benchmark

from .. import services
from ..forms import BodyForm, MeetingForm, SeatFormSet
from ..models import Body, Meeting, Seat

# Committees and working groups are evidence for dimension 2, "gender architecture and capacities".
ARCHITECTURE_DIMENSION = "2"


def _bodies(membership):
    return Body.objects.for_member(membership)


def _dimension_benchmarks(membership):
    from genderseal.assessments.models import AssessmentRound

    frameworks = AssessmentRound.objects.for_member(membership).values("framework")
    return (Benchmark.objects.current().filter(framework__in=frameworks, goal__dimension__code=ARCHITECTURE_DIMENSION)
            .order_by("order"))


@member_view("committee.view")
def committee_list(request, membership):
    bodies = (_bodies(membership).select_related("parent", "order_document")
              .prefetch_related("benchmarks").order_by("kind", "order_date", "code"))
    return render(request, "organisation/committee_list.html", {
        "bodies": bodies, "can_manage": membership.can("committee.manage"),
    })


@member_view("committee.view")
def committee_detail(request, membership, code):
    body = get_scoped(_bodies(membership).select_related("parent", "order_document"), membership, code=code)
    seats = Seat.objects.filter(body=body).select_related("unit")
    meetings = Meeting.objects.filter(body=body).select_related("minutes_document")
    return render(request, "organisation/committee_detail.html", {
        "body": body, "seats": seats, "meetings": meetings,
        "benchmarks": body.benchmarks.select_related("framework").order_by("order"),
        "children": _bodies(membership).filter(parent=body),
        "can_manage": membership.can("committee.manage"),
        "history": history_for(membership, ref=services.body_ref(body), ref_prefix=services.body_ref(body) + "/"),
    })


@require_http_methods(["GET", "POST"])
@member_view("committee.manage")
def committee_edit(request, membership, code=None):
    body = get_scoped(_bodies(membership), membership, code=code) if code else Body()
    form = BodyForm(request.POST or None, instance=body, membership=membership,
                    dimension_benchmarks=_dimension_benchmarks(membership))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                body = services.save_body(membership, body, data, expected_version=data.get("version") or 0)
            except services.OrganisationError as error:
                status = errors.on_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("committee-detail", slug=membership.institution.slug, code=body.code)
    return render(request, "organisation/committee_form.html", {
        "form": form, "body": body if code else None}, status=status)


@require_http_methods(["GET", "POST"])
@member_view("committee.manage")
def committee_seats(request, membership, code):
    body = get_scoped(_bodies(membership), membership, code=code)
    queryset = Seat.objects.filter(body=body).select_related("unit")
    formset = SeatFormSet(request.POST or None, queryset=queryset, form_kwargs={"membership": membership})
    if request.method == "POST" and formset.is_valid():
        keep, deleted = [], []
        for form in formset.forms:
            if not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                if form.instance.pk:
                    deleted.append(form.instance)
                continue
            if form.instance.pk or form.has_changed():
                keep.append(form.save(commit=False))
        services.save_seats(membership, body, keep, deleted)
        messages.success(request, _("Members saved."))
        return redirect("committee-detail", slug=membership.institution.slug, code=body.code)
    return render(request, "organisation/committee_seats.html", {
        "body": body, "formset": formset},
        status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@member_view("committee.manage")
def meeting_edit(request, membership, code, number=None):
    body = get_scoped(_bodies(membership), membership, code=code)
    meeting = get_scoped(Meeting.objects.filter(body=body), membership, number=number) if number else Meeting()
    form = MeetingForm(request.POST or None, instance=meeting, membership=membership)
    if request.method == "POST" and form.is_valid():
        services.save_meeting(membership, body, meeting, form.cleaned_data)
        messages.success(request, _("Meeting saved."))
        return redirect("committee-detail", slug=membership.institution.slug, code=body.code)
    return render(request, "organisation/meeting_form.html", {
        "body": body, "form": form, "meeting": meeting if number else None},
        status=400 if request.method == "POST" else 200)
