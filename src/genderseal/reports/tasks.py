"""Background work of the reports app: build an issued report (`gender-seal db_worker` runs it)."""
from django_tasks import task


@task(queue_name="documents")
def build_report(report_id):
    from .issuing import build

    return build(report_id)


@task(queue_name="documents")
def expire_stale_reports():
    """Reports a dead worker left running become failed (also done on every request and history page)."""
    from .issuing import expire_stale

    return expire_stale()
