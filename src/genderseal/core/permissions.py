"""The one place that says what each role may do.

Views and API calls ask `membership.can(action)`; scoping (which rows) is in scoping.py.
"""
from .models import Role

ACTIONS = {
    "round.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "round.manage": {Role.SECRETARIAT},  # create, copy, change status
    "result.edit": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.ASSESSOR},  # opens the edit form at all
    "result.rate": {Role.SECRETARIAT, Role.ASSESSOR},  # result code and assessor comment
    "result.respond": {Role.SECRETARIAT, Role.FOCAL_POINT},  # the institution's response
    "result.assign": {Role.SECRETARIAT},  # responsible units
    "framework.view": {Role.SECRETARIAT, Role.FOCAL_POINT, Role.COMMITTEE, Role.ASSESSOR},
    "audit.view": {Role.SECRETARIAT, Role.COMMITTEE},
}


def allowed(role, action):
    try:
        return role in ACTIONS[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}; declare it in core/permissions.py") from None
