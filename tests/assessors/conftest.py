import pytest

from genderseal.core.models import Membership


@pytest.fixture
def external(world):
    from tests.factories import make_external_round

    return make_external_round(world)


@pytest.fixture
def member(world):
    def get(persona):
        return (Membership.objects.select_related("institution", "user").prefetch_related("units")
                .get(user=getattr(world, persona), institution=world.institution))

    return get
