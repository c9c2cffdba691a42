"""The inbox: the member's own messages in this institution, mark read, mail preference."""
from django import forms
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from . import services
from .models import Delivery, Notification

PAGE_SIZE = 50


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Email me"), choices=Delivery.choices)


@member_view("inbox.view")
def inbox(request, membership):
    rows = Notification.objects.for_member(membership)
    if request.GET.get("show") == "unread":
        rows = rows.unread()
    notifications = list(rows[:PAGE_SIZE])
    return render(request, "notifications/inbox.html", {
        "notifications": notifications,
        "unread_only": request.GET.get("show") == "unread",
        "preference": PreferenceForm(initial={"delivery": services.delivery_of(request.user)}),
    })


@require_POST
@member_view("inbox.view")
def open_notification(request, membership):
    """Mark one message read and follow its link; another person's message is 404."""
    try:
        pk = int(request.POST.get("id", ""))
    except ValueError:
        return redirect("inbox", slug=membership.institution.slug)
    notification = get_scoped(Notification.objects.all(), membership, pk=pk)
    services.mark_read(membership, [notification.pk])
    if notification.link and url_has_allowed_host_and_scheme(notification.link, {request.get_host()}):
        return redirect(notification.link)
    return redirect("inbox", slug=membership.institution.slug)


@require_POST
@member_view("inbox.view")
def mark_all_read(request, membership):
    services.mark_read(membership)
    return redirect("inbox", slug=membership.institution.slug)


@require_POST
@member_view("inbox.view")
def preference(request, membership):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.set_delivery(request.user, form.cleaned_data["delivery"])
    return redirect("inbox", slug=membership.institution.slug)
