"""งานของฉัน: what the signed-in member must do now, per role; approve or return from the review queue."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genderseal.core import navigation, typed
from genderseal.core.views import member_view

from . import moves, queries, queue


@member_view("mywork.view")
def my_work(request, membership):
    today = timezone.localdate()
    work = queries.my_work(membership, today)
    for line in work.get("queue", ()):
        queue.add_moves(line, membership.institution.slug)
        line.again = typed.take(request, line.return_url)  # the reason typed before a refused return
    if work.get("waiting") is not None:  # the queue holds everything that waits: that is the count
        navigation.remember_count(request, "my-work", work["waiting"])
    context = {"today": today, "work": work, "limit": queries.LIMIT}
    return render(request, f"mywork/{membership.role}.html", context)


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@member_view("review.queue")
@require_POST
def queue_move(request, membership, kind, pk, name):
    """Approve or return one record of the queue, then back to the queue (the refusal said there)."""
    try:
        moves.move(membership, kind, pk, name, _version(request), request.POST.get("comment", ""))
    except moves.REFUSED as error:
        typed.keep(request)  # the reason typed comes back in the form
        messages.error(request, str(error))
        return redirect(reverse("my-work", args=[membership.institution.slug]) + f"#{kind}-{pk}")
    messages.success(request, _("Approved.") if name == "approve" else _("Returned with your reason."))
    return redirect(reverse("my-work", args=[membership.institution.slug]) + "#queue")
