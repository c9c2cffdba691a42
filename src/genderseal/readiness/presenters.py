"""Milestones for the dashboard, without the request."""
from .models import Milestone


def next_open_milestone(membership, today):
    """The nearest open milestone from today on (one query), shaped like the rounds' next milestone."""
    milestone = (Milestone.objects.for_member(membership).open().filter(due_on__gte=today)
                 .order_by("due_on", "pk").first())
    if milestone is None:
        return None
    return {"milestone": milestone, "title": milestone.title, "date": milestone.due_on,
            "days": (milestone.due_on - today).days}
