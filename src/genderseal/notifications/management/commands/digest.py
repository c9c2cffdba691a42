from django.core.management.base import BaseCommand

from genderseal.notifications import services


class Command(BaseCommand):
    help = "Email each daily-digest reader what arrived in their inbox since the last digest (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue the work for `db_worker` instead")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from genderseal.notifications.tasks import send_digests

            self.stdout.write(f"queued {send_digests.enqueue().id}")
            return
        self.stdout.write(f"{services.send_digests()} digests")
