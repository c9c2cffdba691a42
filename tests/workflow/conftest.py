from tests.review_fixtures import immediate_tasks, owned  # noqa: F401 (fixtures)
