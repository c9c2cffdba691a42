"""Members and invitations of an institution (the secretariat), scoped and permitted like the pages."""
from datetime import datetime

from ninja import Router, Schema
from ninja.responses import Status

from genderseal.accounts import services
from genderseal.accounts.models import Invitation
from genderseal.core.models import Membership
from genderseal.core.scoping import membership_for

from .schemas import ErrorOut

router = Router(tags=["members"])


class InviteIn(Schema):
    email: str
    role: str
    units: list[str] = []


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    units: list[str]
    sent_at: datetime
    times_sent: int
    expires_at: datetime
    state: str


class MemberOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str
    units: list[str]
    active: bool



def _invitation_out(invitation):
    return {"id": invitation.pk, "email": invitation.email, "role": invitation.role,
            "units": sorted(u.code for u in invitation.units.all()), "sent_at": invitation.sent_at,
            "times_sent": invitation.times_sent, "expires_at": invitation.expires_at, "state": invitation.state}


@router.get("/institutions/{slug}/members", response=list[MemberOut])
def list_members(request, slug: str):
    membership = membership_for(request.user, slug, "member.manage")
    rows = (Membership.objects.filter(institution=membership.institution).select_related("user")
            .prefetch_related("units").order_by("user__username"))
    return [{"id": m.pk, "username": m.user.username, "name": m.user.get_full_name(), "email": m.user.email,
             "role": m.role, "units": sorted(u.code for u in m.units.all()), "active": m.is_active} for m in rows]


@router.get("/institutions/{slug}/invitations", response=list[InvitationOut])
def list_invitations(request, slug: str):
    membership = membership_for(request.user, slug, "member.manage")
    return [_invitation_out(i) for i in Invitation.objects.for_member(membership).pending().prefetch_related("units")]


@router.post("/institutions/{slug}/members", response={201: InvitationOut, 400: ErrorOut, 404: ErrorOut})
def invite_member(request, slug: str, payload: InviteIn):
    """Invite by e-mail with a role (and units for focal points). The answer is the invitation, whether the
    address has an account or not; inviting a pending address again re-sends it with a new link."""
    membership = membership_for(request.user, slug, "member.manage")
    units = services.units_by_code(membership.institution, payload.units)
    invitation, _token = services.invite(membership.institution, payload.email, payload.role, units,
                                         actor=request.user, base_url=request.build_absolute_uri("/"))
    return Status(201, _invitation_out(invitation))
