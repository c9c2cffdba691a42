import pytest


@pytest.fixture(autouse=True)
def empty_cache():
    """The public pages are cached; every test starts (and ends) with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
