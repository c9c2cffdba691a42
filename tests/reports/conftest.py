"""Reports tests: files in a temporary MEDIA_ROOT, tasks run at once (after commit, when captured)."""
import pytest

from tests.documents import save_pages as _save_pages


@pytest.fixture(autouse=True)
def report_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = None
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def save_pages(name, content):
    """The PDF's pages as PNGs in var/screenshots/reports/ (looked at by eye); [] without pdftoppm."""
    return _save_pages("reports", name, content)
