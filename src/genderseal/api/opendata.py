"""Open data: the published datasets (public, no sign-in) and the secretariat's publication choices.

Public operations carry `auth=None` and the OpenAPI extension `x-public: true`; the access walk
(tests/core/test_access_walk.py) checks every other operation still refuses anonymous callers.
"""
from datetime import datetime

from ninja import Router, Schema
from ninja.responses import Status

from genderseal.core.scoping import membership_for
from genderseal.opendata import formats, services
from genderseal.opendata.models import ITEMS

from .schemas import ErrorOut

router = Router(tags=["open data"])
PUBLIC = {"x-public": True}


class DatasetOut(Schema):
    slug: str
    name_th: str
    name_en: str
    version: int
    published_at: datetime
    sha256: str
    items: list[str]
    page: str
    csv: str
    json_url: str
    dcat: str
    ckan: str


class ChoicesIn(Schema):
    items: list[str]
    fiscal_year: int | None = None
    version: int


class LiveOut(Schema):
    version: int
    published_at: datetime
    sha256: str
    items: list[str]


class ChoicesOut(Schema):
    items: list[str]
    fiscal_year: int | None
    version: int
    live: LiveOut | None


def _dataset_out(request, live):
    url = formats.links(live, request.build_absolute_uri)
    return {"slug": live.slug, "name_th": live.institution["name_th"], "name_en": live.institution["name_en"],
            "version": live.version, "published_at": live.published_at, "sha256": live.sha256,
            "items": list(live.items), "page": url["page"], "csv": url["csv"], "json_url": url["json"],
            "dcat": url["dcat"], "ckan": url["ckan"]}


@router.get("/open-data/datasets", response=list[DatasetOut], auth=None, openapi_extra=PUBLIC)
def list_datasets(request):
    """Every institution's live published dataset (public)."""
    return [_dataset_out(request, live) for live in services.all_live()]


@router.get("/open-data/datasets/{slug}", response={200: dict, 404: ErrorOut}, auth=None, openapi_extra=PUBLIC)
def get_dataset(request, slug: str):
    """The published figures of one institution, as in its JSON download (public)."""
    live = services.live(slug)
    if live is None:
        return Status(404, {"detail": "no published dataset"})
    return Status(200, formats.to_json(live))



def _choices_out(current):
    live = current.live
    return {"items": current.enabled, "fiscal_year": current.fiscal_year, "version": current.publication.version,
            "live": None if live is None else {"version": live.version, "published_at": live.published_at,
                                               "sha256": live.sha256, "items": live.items}}


@router.get("/institutions/{slug}/open-data", response=ChoicesOut)
def get_choices(request, slug: str):
    """What the institution chose to publish and what is live."""
    return _choices_out(services.state(membership_for(request.user, slug, "opendata.view")))


@router.put("/institutions/{slug}/open-data", response={200: ChoicesOut, 400: ErrorOut, 409: ErrorOut})
def set_choices(request, slug: str, payload: ChoicesIn):
    """Set the items of the next publication (the public sees them after publish)."""
    membership = membership_for(request.user, slug, "opendata.manage")
    unknown = set(payload.items) - set(ITEMS)
    if unknown:
        return Status(400, {"detail": f"unknown items: {', '.join(sorted(unknown))}; known: {', '.join(ITEMS)}"})
    current = services.save_choices(membership, payload.items, payload.fiscal_year, payload.version)
    return Status(200, _choices_out(current))


@router.post("/institutions/{slug}/open-data/publish", response={200: DatasetOut, 400: ErrorOut})
def publish(request, slug: str):
    """Freeze the chosen items into a new live version."""
    membership = membership_for(request.user, slug, "opendata.manage")
    services.publish(membership)
    return Status(200, _dataset_out(request, services.live(slug)))


@router.post("/institutions/{slug}/open-data/unpublish", response={204: None})
def unpublish(request, slug: str):
    """Withdraw the live dataset."""
    services.unpublish(membership_for(request.user, slug, "opendata.manage"))
    return Status(204, None)
