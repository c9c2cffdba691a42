"""The verbs of open data: save the choices, publish a snapshot, withdraw it; and the cached public read.

Every change is audited (`core.audit.record`). The public side reads only live
`PublishedDataset` rows, through `live(slug)`: a pointer (slug -> live version) and the
dataset itself are cached, so a repeated public request needs no query. Publish and
Unpublish drop the pointer at once and again after the commit; with a per-process cache
other processes follow within POINTER_SECONDS.
"""
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.core import errors
from genderseal.core.audit import record
from genderseal.core.errors import StaleEdit  # noqa: F401 (re-exported)

from . import snapshot
from .models import ITEMS, Publication, PublicationChoice, PublishedDataset

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")  # Institution.slug (a SlugField)
POINTER_SECONDS = 30
DATA_SECONDS = 24 * 3600  # keyed by version: a published dataset never changes


NothingToPublish = errors.Invalid


@dataclass
class State:
    publication: Publication
    choices: dict  # item -> PublicationChoice (unsaved when never chosen)
    live: PublishedDataset | None

    @property
    def enabled(self):
        return [item for item in ITEMS if self.choices[item].enabled]

    @property
    def fiscal_year(self):
        return self.publication.fiscal_year


def state(membership):
    """The institution's publication settings, its choices and the live dataset: three queries."""
    institution = membership.institution
    publication = Publication.objects.for_member(membership).first() or Publication(institution=institution)
    found = {c.item: c for c in PublicationChoice.objects.for_member(membership).select_related("changed_by")}
    choices = {item: found.get(item) or PublicationChoice(institution=institution, item=item) for item in ITEMS}
    live_row = PublishedDataset.objects.for_member(membership).live().select_related("published_by").first()
    return State(publication, choices, live_row)


def save_choices(membership, items, fiscal_year, expected_version):
    """Set which items go into the next publication; refuses a form opened before someone else's save."""
    items = {item for item in items if item in ITEMS}
    now = timezone.now()
    with transaction.atomic():
        publication, _created = Publication.objects.get_or_create(institution=membership.institution)
        updated = Publication.objects.filter(pk=publication.pk, version=expected_version).update(
            version=expected_version + 1, fiscal_year=fiscal_year, updated_by=membership.user, updated_at=now)
        if not updated:
            raise StaleEdit(_("Someone else changed the publication choices after you opened them. "
                              "Nothing was saved; reload to see theirs."))
        before, after = {}, {}
        if publication.fiscal_year != fiscal_year:
            before["fiscal_year"], after["fiscal_year"] = publication.fiscal_year, fiscal_year
        existing = {c.item: c for c in PublicationChoice.objects.select_for_update().filter(
            institution=membership.institution)}
        for item in ITEMS:
            enabled = item in items
            choice = existing.get(item)
            if choice is not None and choice.enabled == enabled:
                continue
            if choice is None and not enabled:
                continue
            PublicationChoice.objects.update_or_create(
                institution=membership.institution, item=item,
                defaults={"enabled": enabled, "changed_by": membership.user, "changed_at": now})
            before[item], after[item] = bool(choice and choice.enabled), enabled
        if after:
            record("opendata.choices", membership.institution, institution=membership.institution,
                   actor=membership.user, ref=f"opendata.institution:{membership.institution_id}",
                   before=before, after=after)
    return state(membership)


def publish(membership, today=None):
    """Freeze the chosen items into a new live dataset version (the previous one stops being live)."""
    current = state(membership)
    if not current.enabled:
        raise NothingToPublish(_("Choose at least one item to publish."))
    institution = membership.institution
    payload = snapshot.build(institution, current.enabled, current.fiscal_year, today=today)
    with transaction.atomic():
        last = (PublishedDataset.objects.select_for_update().filter(institution=institution)
                .aggregate(n=Max("version"))["n"] or 0)
        PublishedDataset.objects.filter(institution=institution, live=True).update(live=False)
        dataset = PublishedDataset.objects.create(
            institution=institution, version=last + 1, items=payload["items"], payload=payload,
            sha256=snapshot.digest(payload), published_at=timezone.now(), published_by=membership.user)
        record("opendata.publish", institution, institution=institution, actor=membership.user,
               ref=f"opendata.institution:{institution.pk}", before={"version": last or None},
               after={"version": dataset.version, "items": dataset.items, "sha256": dataset.sha256},
               fiscal_year=current.fiscal_year)
        forget(institution.slug)
    return dataset


def unpublish(membership):
    """Withdraw the live dataset: the public pages answer 404 from now on."""
    institution = membership.institution
    with transaction.atomic():
        dataset = PublishedDataset.objects.select_for_update().filter(institution=institution, live=True).first()
        if dataset is None:
            return None
        dataset.live, dataset.withdrawn_at, dataset.withdrawn_by = False, timezone.now(), membership.user
        dataset.save(update_fields=["live", "withdrawn_at", "withdrawn_by"])
        record("opendata.unpublish", institution, institution=institution, actor=membership.user,
               ref=f"opendata.institution:{institution.pk}", before={"version": dataset.version},
               after={"version": None})
        forget(institution.slug)
    return dataset


# --- The public read ---------------------------------------------------------------------

def _pointer_key(slug):
    return f"opendata:live:{slug}"


def data_key(slug, version, suffix="data"):
    return f"opendata:{suffix}:{slug}:v{version}"


def forget(slug):
    """Drop the live pointer now and once more after the commit (a reader may refill it meanwhile)."""
    cache.delete(_pointer_key(slug))
    transaction.on_commit(lambda: cache.delete(_pointer_key(slug)))


@dataclass(frozen=True)
class Live:
    """What the public may read of one institution: plain data, safe to cache."""

    slug: str
    version: int
    sha256: str
    published_at: object  # aware datetime
    items: tuple
    payload: dict

    @property
    def institution(self):
        return self.payload["institution"]


def _as_live(dataset, payload=None):
    return Live(dataset.institution.slug, dataset.version, dataset.sha256, dataset.published_at,
                tuple(dataset.items), dataset.payload if payload is None else payload)


def live(slug):
    """The live dataset of the institution `slug`, or None: no query when cached."""
    if not SLUG.fullmatch(slug or ""):
        return None  # not an institution's short name: never a cache key
    version = cache.get(_pointer_key(slug))
    if version is None:
        row = PublishedDataset.objects.live().filter(institution__slug=slug).select_related("institution").first()
        version = row.version if row else 0
        cache.set(_pointer_key(slug), version, POINTER_SECONDS)
        if row is not None:
            found = _as_live(row)
            cache.set(data_key(slug, version), found, DATA_SECONDS)
            return found
    if not version:
        return None
    found = cache.get(data_key(slug, version))
    if found is None:
        row = (PublishedDataset.objects.filter(institution__slug=slug, version=version, live=True)
               .select_related("institution").first())
        if row is None:  # withdrawn meanwhile
            cache.delete(_pointer_key(slug))
            return None
        found = _as_live(row)
        cache.set(data_key(slug, version), found, DATA_SECONDS)
    return found


def all_live():
    """Every live dataset without its figures (for the index, the catalog and the API): one query."""
    rows = (PublishedDataset.objects.live().select_related("institution").defer("payload")
            .order_by("institution__slug"))
    return [_as_live(row, {"institution": {"slug": row.institution.slug, "name_th": row.institution.name_th,
                                           "name_en": row.institution.name_en or row.institution.name_th}})
            for row in rows]


def preview(membership):
    """The payload that Publish would freeze now (not saved)."""
    current = state(membership)
    return snapshot.build(membership.institution, current.enabled, current.fiscal_year)
