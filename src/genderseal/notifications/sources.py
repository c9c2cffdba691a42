"""Reminder sources for apps that do not register their own (see reminders.register).

Action items (organisation app, when installed): open or in-progress items due within the
reminder window; the owner unit's focal points are reminded, in a fixed number of queries.
The organisation app may take this over by registering "action_items" itself.
"""
from collections import defaultdict

from django.urls import reverse

from genderseal.core.models import Membership, Role

from .messages import register_message
from .reminders import Due


def due_action_items(today, until):
    from genderseal.organisation.models import ActionItem

    rows = ActionItem.objects.pending().filter(due_on__gte=today, due_on__lte=until)
    focal = defaultdict(list)
    for unit_id, user_id in Membership.units.through.objects.filter(
            membership__role=Role.FOCAL_POINT, orgunit_id__in=rows.values("owner_unit_id")).values_list(
            "orgunit_id", "membership__user_id"):
        focal[unit_id].append(user_id)
    pattern = reverse("action-detail", args=["SLUG", 999999999])
    for pk, number, title, unit_id, institution_id, slug, due_on in rows.values_list(
            "pk", "number", "title", "owner_unit_id", "institution_id", "institution__slug",
            "due_on").iterator(chunk_size=5000):
        if focal.get(unit_id):
            yield Due(key=f"action:{pk}", institution_id=institution_id, recipient_ids=focal[unit_id],
                      kind="action_due", params={"number": number, "title": title[:200], "due": due_on.isoformat()},
                      link=pattern.replace("SLUG", slug).replace("999999999", str(number)))


def register_installed(reminders):
    from django.apps import apps
    from django.utils.translation import gettext_lazy as _

    if apps.is_installed("genderseal.organisation") and "action_items" not in reminders.SOURCES:
        register_message("action_due", _("Action item #%(number)s “%(title)s” is due on %(due)s."))
        reminders.register("action_items", due_action_items)
