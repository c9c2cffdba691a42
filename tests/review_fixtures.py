"""Fixtures shared by the workflow and notification tests: tasks run at once, a result ready to submit."""
import pytest


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run at once in these tests; mail goes to django.core.mail.outbox (locmem)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def owned(world):
    """Result 1.1.1 of round 1 led by the focal point's unit (สยป.), with a response: ready to submit."""
    from genderseal.assessments.models import BenchmarkResult
    from genderseal.core.models import OrgUnit

    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1")
    result.lead_unit = unit
    result.response = "แผนฯ อนุมัติแล้ว"
    result.save()
    for persona in ("secretariat", "focal_point", "committee", "assessor"):
        user = getattr(world, persona)
        user.email = f"{user.username}@example.org"
        user.save()
    return result
