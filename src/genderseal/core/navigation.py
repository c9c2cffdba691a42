"""The institution navigation as data, and the context processor that hands it to every template.

Each item names its route, the action a role needs to see it (core/permissions.py: no role is
shown a link it cannot open) and the first path segments under /i/<slug>/ that belong to it:
the one way an item is marked as the current section.

Another app adds a count to an item with `register_count(keys, function)`; the function takes the
membership and the keys still wanted, and returns {key: number} (0 hides the badge): counts shown on
the same pages (my work's and the inbox's) are worked out together, in one query. Counts are only
worked out when a template shows them, at most once per request (kept on the request:
`count(request, key)` reads the same number, and a page that has just counted the same things itself
hands it over with `remember_count`). The folded phone menu shows the count of the item named by
`MENU_COUNT`.
"""
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: object
    route: str
    action: str | None
    segments: tuple[str, ...]
    testid: str = ""


SECTIONS = [
    Section("dashboard", _("Dashboard"), "dashboard", "round.view", ("",)),
    Section("rounds", _("Assessment rounds"), "round-list", "round.view", ("rounds",)),
    Section("standard", _("Standard"), "framework-list", "framework.view", ("frameworks",)),
    Section("evidence", _("Evidence"), "evidence-list", "evidence.view", ("evidence",), "evidence-link"),
    Section("planning", _("Action plan"), "planning-dashboard", "planning.view", ("plan", "analysis"),
            "planning-link"),
    Section("actions", _("Action items"), "action-list", "action_item.view", ("actions",)),
    Section("readiness", _("Readiness"), "milestone-list", "milestone.view", ("readiness",), "readiness-link"),
    Section("assess", _("External assessment"), "assess-overview",
            "clarification.view", ("assess",), "assess-link"),
    Section("survey", _("Staff survey"), "survey-list", "survey.view", ("survey",), "survey-link"),
    Section("units", _("Units"), "unit-list", "unit.view", ("units",)),
    Section("committees", _("Committees"), "committee-list", "committee.view", ("committees",)),
    Section("opendata", _("Open data"), "opendata-settings", "opendata.view", ("open-data",), "opendata-link"),
    Section("reports", _("Reports"), "report-list", "reports.view", ("reports",), "reports-link"),
    Section("members", _("Members"), "members", "member.manage", ("members", "invitations", "settings"),
            "members-link"),
    Section("audit", _("Audit trail"), "audit-log", "audit.view", ("audit",)),
]

MENU_COUNT = "my-work"
_COUNTS = {}


def register_count(keys, function):
    """Show `function(membership, wanted)[key]` as a badge beside each section of `keys` (and on the phone
    menu); `wanted` names the keys not yet counted for the request."""
    for key in keys:
        _COUNTS[key] = (tuple(keys), function)


def _counts(request):
    """The counts worked out for this request, by section key."""
    if not hasattr(request, "_navigation_counts"):
        request._navigation_counts = {}
    return request._navigation_counts


def count(request, key, membership=None):
    """The count beside the section `key` for this request's member: worked out once per request."""
    counts = _counts(request)
    if key not in counts:
        keys, function = _COUNTS.get(key, ((key,), None))
        membership = membership or request.membership
        wanted = tuple(k for k in keys if k not in counts)
        counts.update(function(membership, wanted) if function else {key: 0})
    return counts.get(key, 0)


def remember_count(request, key, value):
    """A page that has counted exactly what the section `key` counts hands the number over."""
    _counts(request)[key] = value


def add_section(section, before=None):
    """Add a section (e.g. my work), at the start or before the section keyed `before`."""
    keys = [s.key for s in SECTIONS]
    if section.key in keys:
        return
    SECTIONS.insert(keys.index(before) if before in keys else 0, section)


def current_segment(path, slug):
    prefix = f"/i/{slug}/"
    if not path.startswith(prefix):
        return None
    return path[len(prefix):].split("/", 1)[0]


@dataclass
class NavItem:
    section: Section
    url: str
    current: bool
    membership: object
    request: object = None

    @property
    def key(self):
        return self.section.key

    @property
    def label(self):
        if self.section.key == "assess" and self.membership.role == "assessor":
            return _("Assessment")
        return self.section.label

    @property
    def testid(self):
        return self.section.testid

    @property
    def count(self):
        return count(self.request, self.section.key, self.membership)


class Navigation:
    def __init__(self, membership, path, request=None):
        self.membership = membership
        request = request if request is not None else SimpleNamespace()  # drawn outside a request: its own
        slug = membership.institution.slug
        segment = current_segment(path, slug)
        self.items = [
            NavItem(s, reverse(s.route, args=[slug]), segment in s.segments, membership, request)
            for s in SECTIONS if s.action is None or membership.can(s.action)
        ]

    def __iter__(self):
        return iter(self.items)

    @property
    def current(self):
        return next((item for item in self.items if item.current), None)

    @property
    def menu_count(self):
        item = next((item for item in self.items if item.key == MENU_COUNT), None)
        return item.count if item else 0


def membership_and_navigation(request):
    """Context processor: `membership` (set by member_view) and `navigation` on every page."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {"membership": membership, "navigation": Navigation(membership, request.path, request)}
