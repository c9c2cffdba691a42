from django.contrib.auth import views as auth_views
from django.urls import include, path

from genderseal.accounts import urls as accounts_urls
from genderseal.accounts import views as accounts_views
from genderseal.api.urls import api
from genderseal.assessments import views as rounds
from genderseal.assessments import workflow_views as review_views
from genderseal.assessors import views as assessor_views
from genderseal.core.views import audit
from genderseal.core import views as core
from genderseal.core.security import ThrottledAuthenticationForm
from genderseal.core.views import declare_access
from genderseal.opendata import urls as opendata_urls
from genderseal.survey import urls as survey_urls
from genderseal.standards import views as standards

institution = [
    path("", rounds.dashboard, name="dashboard"),
    path("my-work/", include("genderseal.mywork.urls")),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:number>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:number>/advance/", rounds.round_advance, name="round-advance"),
    path("rounds/<int:number>/compare/<int:other>/", rounds.round_compare, name="round-compare"),
    path("rounds/<int:number>/results/<str:code>/", rounds.result_edit, name="result-edit"),
    path("rounds/<int:number>/results/<str:code>/<slug:name>/", review_views.result_transition,
         name="result-transition"),
    path("rounds/<int:number>/signoff/", review_views.round_signoff, name="round-signoff"),
    path("rounds/<int:number>/unlock/", review_views.round_unlock, name="round-unlock"),
    path("rounds/<int:number>/", include("genderseal.reports.urls")),
    path("reports/", include("genderseal.reports.history_urls")),
    path("audit/", audit.audit_log, name="audit-log"),
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
    path("frameworks/", standards.framework_list, name="framework-list"),
    path("frameworks/<slug:code>/", standards.framework_detail, name="framework-detail"),
    path("frameworks/<slug:code>/benchmarks/<str:benchmark>/", standards.benchmark_detail, name="benchmark-detail"),
]

urlpatterns = [
    path("", core.home, name="home"),
    path("accounts/login/", declare_access("public")(accounts_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm)),
         name="login"),
    path("accounts/logout/", declare_access("public")(auth_views.LogoutView.as_view()), name="logout"),
    path("", include(accounts_urls.public)),
    path("language/", core.set_language, name="set-language"),
    path("frameworks/upload/", standards.framework_upload, name="framework-upload"),
    path("assess/", assessor_views.my_assignments, name="assess-home"),
    path("i/<slug:slug>/", include(institution)),
    path("api/", api.urls),
    path("open/", include(opendata_urls.public)),
    path("s/", include(survey_urls.public_urls)),
]

