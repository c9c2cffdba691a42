import pytest


@pytest.fixture(autouse=True)
def evidence_settings(settings, tmp_path):
    """Files in a temporary directory; background tasks run at once."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = None
    settings.EVIDENCE_S3_BUCKET = ""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


@pytest.fixture
def store(evidence_settings):
    from genderseal.evidence.storage import get_store

    return get_store()


@pytest.fixture
def secretariat(world):
    from genderseal.core.models import Membership

    return Membership.objects.get(user=world.secretariat)


@pytest.fixture
def focal(world):
    from genderseal.core.models import Membership

    return Membership.objects.get(user=world.focal_point)
