from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from ninja import NinjaAPI
from ninja.security import django_auth

from genderseal.core import errors

from .auth import TokenAuth
from .evidence import router as evidence
from .frameworks import router as frameworks
from .rounds import router as rounds
from .workflow import router as workflow


def docs_access(view):
    """/api/docs and /api/openapi.json: open while developing, behind sign-in in production."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if settings.PRODUCTION and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="gender-seal API",
    version="1",
    description="Frameworks, assessment rounds, results and summaries. Every call is scoped to the caller's institutions.",
    auth=[TokenAuth(), django_auth],  # bearer token, or the browser session with CSRF
    urls_namespace="api",
    docs_decorator=docs_access,
)


@api.exception_handler(errors.DomainError)
def refused(request, error):
    """The one place a refusal becomes an API answer: its own status, `detail` and field `errors`."""
    return api.create_response(request, errors.as_dict(error), status=error.status)


api.add_router("", frameworks)
api.add_router("", rounds)
api.add_router("", "genderseal.api.organisation.router")
api.add_router("", workflow)
api.add_router("", evidence)
api.add_router("", "genderseal.api.planning.router")
api.add_router("", "genderseal.api.reports.router")
api.add_router("", "genderseal.api.memo.router")
api.add_router("", "genderseal.api.assessors.router")
api.add_router("", "genderseal.api.analysis.router")
api.add_router("", "genderseal.api.opendata.router")
api.add_router("", "genderseal.api.readiness.router")
api.add_router("", "genderseal.api.members.router")
