"""Fixtures shared by every test. Personas and data builders live in tests/factories.py."""
import os
from pathlib import Path

import pytest

# pytest-django's live_server and Playwright's sync API share the main thread with an
# event loop, which Django's async-safety check would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Debian's chromium (apt); Playwright's own browser download is not used.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _project_queues(setting, value, **kwargs):
    """A test that swaps the task backend (settings.TASKS = {...}) keeps the project's queues."""
    if setting == "TASKS" and isinstance(value, dict):
        for params in value.values():
            params.setdefault("QUEUES", ["default", "extraction", "documents"])


def pytest_configure(config):
    from django.core.signals import setting_changed

    setting_changed.connect(_project_queues, dispatch_uid="tests.project_queues")


@pytest.fixture
def settings_tmp_media(settings, tmp_path):
    """MEDIA_ROOT in a fresh temporary directory; returns its path."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    return media


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: no cookies or storage carried over."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def screenshot_dir():
    """var/screenshots/ (gitignored): where browser tests save what they saw."""
    path = PROJECT_DIR / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


PERSONAS = {"secretariat", "focal_point", "committee", "assessor", "outsider"}


@pytest.fixture
def world(db):
    """BMA with round 1 (10 of 40 met), every persona, and another institution."""
    from tests.factories import make_world

    return make_world()


@pytest.fixture
def login(world, client):
    """login("secretariat") -> a test client signed in as that persona (a fresh client each call)."""
    from django.test import Client

    def sign_in(persona):
        assert persona in PERSONAS, persona
        browser = Client()
        browser.force_login(getattr(world, persona))
        return browser

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing (PBKDF2) is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Meaning vectors (a few seconds to load the encoder) only where a test asks for them
    # (tests/evidence/test_meaning.py).
    settings.EVIDENCE_MEANING = False
    # The meaning index kept in process would outlive the rolled-back rows of the test before.
    from genderseal.evidence import meaning_index

    meaning_index._indexes.clear()
    meaning_index._vectors.clear()  # SQLite gives a rolled-back test's row ids again


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request that switched to English (the test client runs
    requests in this thread) would otherwise leave English active for code a later test calls directly."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                      "live_server", "django_db_setup"}


def _uses_database(item):
    return item.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    # On PostgreSQL only tests that touch the database run: a test that never opens a connection
    # behaves the same on both databases, and the SQLite run already ran it.
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        return
    kept, skipped = [], []
    for item in items:
        (kept if _uses_database(item) else skipped).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept
