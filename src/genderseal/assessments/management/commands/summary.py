import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from genderseal.assessments.models import AssessmentRound
from genderseal.assessments.services import current_round, summarize_round
from genderseal.core.models import Institution


class Command(BaseCommand):
    help = "Print the scoring summary (JSON) of an institution's round: the latest reviewed one by default."

    def add_arguments(self, parser):
        parser.add_argument("institution", help="the institution's short name, e.g. bma")
        parser.add_argument("--round", type=int, dest="number", help="round number")

    def handle(self, institution, number=None, **options):
        try:
            found = Institution.objects.get(slug=institution)
        except Institution.DoesNotExist:
            raise CommandError(_('No institution "%(slug)s".') % {"slug": institution}) from None
        rounds = AssessmentRound.objects.filter(institution=found).select_related("framework")
        if number is None:
            chosen = current_round(rounds)
            if chosen is None:
                raise CommandError(_("%(slug)s has no assessment round yet.") % {"slug": institution})
        else:
            chosen = rounds.filter(number=number).first()
            if chosen is None:
                raise CommandError(_("%(slug)s has no round %(number)s.") % {"slug": institution, "number": number})
        self.stdout.write(json.dumps(summarize_round(chosen).json, ensure_ascii=False, indent=2))
