"""Everything under tests/browser/ drives headless Chromium: marked `browser`.

`make test-browser` runs `-m browser`; the SQLite and PostgreSQL runs skip them.
"""
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
