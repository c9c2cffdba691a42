from django.contrib.auth import views as auth_views
from django.urls import include, path

from genderseal.accounts import urls as accounts_urls
from genderseal.accounts import views as accounts_views
from genderseal.api.urls import api
from genderseal.assessors import views as assessor_views
from genderseal.core import urls as core_urls
from genderseal.core.security import ThrottledAuthenticationForm
from genderseal.core.views import declare_access
from genderseal.opendata import urls as opendata_urls
from genderseal.standards import urls as standards_urls
from genderseal.survey import urls as survey_urls

institution = [
    path("", include("genderseal.assessments.urls")),
    path("my-work/", include("genderseal.mywork.urls")),
    path("reports/", include("genderseal.reports.history_urls")),
    path("", include(core_urls.institution)),
    path("", include(accounts_urls.institution)),
    path("", include("genderseal.notifications.urls")),
    path("", include("genderseal.organisation.urls")),
    path("evidence/", include("genderseal.evidence.urls")),
    path("plan/", include("genderseal.planning.urls")),
    path("readiness/", include("genderseal.readiness.urls")),
    path("analysis/", include("genderseal.analysis.urls")),
    path("open-data/", include(opendata_urls.institution)),
    path("assess/", include("genderseal.assessors.urls")),
    path("survey/", include("genderseal.survey.urls")),
    path("frameworks/", include(standards_urls.institution)),
]

urlpatterns = [
    path("", include(core_urls.public)),
    path("accounts/login/", declare_access("public")(accounts_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm)),
         name="login"),
    path("accounts/logout/", declare_access("public")(auth_views.LogoutView.as_view()), name="logout"),
    path("", include(accounts_urls.public)),
    path("", include(standards_urls.public)),
    path("assess/", assessor_views.my_assignments, name="assess-home"),
    path("i/<slug:slug>/", include(institution)),
    path("api/", api.urls),
    path("open/", include(opendata_urls.public)),
    path("s/", include(survey_urls.public_urls)),
]

