"""`gender-seal institution create SLUG --name-th … --name-en … --secretariat EMAIL`.

Creates the institution and mails its first secretariat a single-use invitation; the invitation
link is printed as the last line (for when mail is not configured yet).
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from genderseal.accounts import services


class Command(BaseCommand):
    help = "Create an institution and invite its first programme secretariat."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        create = sub.add_parser("create", help="create an institution")
        create.add_argument("slug")
        create.add_argument("--name-th", required=True)
        create.add_argument("--name-en", default="")
        create.add_argument("--secretariat", required=True, metavar="EMAIL")
        create.add_argument("--site-url", default=None, help=f"address of the site (default {settings.SITE_URL})")

    def handle(self, *args, op, **options):
        try:
            institution, invitation, url = services.create_institution(
                options["slug"], name_th=options["name_th"], name_en=options["name_en"],
                secretariat_email=options["secretariat"], base_url=options["site_url"])
        except services.PeopleError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{institution.slug}: {institution.name_th}")
        self.stdout.write(f"invitation for {invitation.email}, valid until {invitation.expires_at:%Y-%m-%d %H:%M}")
        self.stdout.write(url)
