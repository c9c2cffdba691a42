import pytest


@pytest.fixture(autouse=True)
def operations_settings(settings, tmp_path):
    """Evidence files in a temporary directory; background tasks run at once."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = None
    settings.EVIDENCE_S3_BUCKET = ""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


@pytest.fixture
def full_data(world):
    from tests.operations.data import build

    return build(world)
