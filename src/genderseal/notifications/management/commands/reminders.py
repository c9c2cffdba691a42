from django.core.management.base import BaseCommand

from genderseal.notifications import reminders


class Command(BaseCommand):
    help = "Send today's reminders of items due soon (run daily from cron; repeats nothing within a day)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue the work for `db_worker` instead")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from genderseal.notifications.tasks import send_reminders

            result = send_reminders.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        created = reminders.run()
        self.stdout.write(f"{created} reminders")
