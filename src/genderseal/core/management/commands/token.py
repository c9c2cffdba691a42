from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from genderseal.core.models import ApiToken, Membership


class Command(BaseCommand):
    help = "Issue an API token for a member of one institution and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'KPI sync'")
        parser.add_argument("--institution", help="its short name (default: the user's first institution)")
        parser.add_argument("--days", type=int, default=ApiToken.DEFAULT_DAYS, help="days until it expires")

    def handle(self, username, name, institution=None, days=ApiToken.DEFAULT_DAYS, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_('No user "%(username)s".') % {"username": username}) from None
        memberships = Membership.objects.filter(user=user, is_active=True).order_by("pk")
        if institution:
            memberships = memberships.filter(institution__slug=institution)
        membership = memberships.first()
        if membership is None:
            raise CommandError(_('"%(username)s" is an active member of no such institution.') % {"username": username})
        self.stdout.write(ApiToken.issue(membership, name, days=max(1, days)))
