from django.contrib.auth import views as auth_views
from django.urls import include, path

from genderseal.api.urls import api
from genderseal.assessments import views as rounds
from genderseal.core import views as core
from genderseal.core.views import declare_access
from genderseal.standards import views as standards

institution = [
    path("", rounds.dashboard, name="dashboard"),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:number>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:number>/advance/", rounds.round_advance, name="round-advance"),
    path("rounds/<int:number>/compare/<int:other>/", rounds.round_compare, name="round-compare"),
    path("rounds/<int:number>/results/<str:code>/", rounds.result_edit, name="result-edit"),
    path("frameworks/", standards.framework_list, name="framework-list"),
    path("frameworks/<slug:code>/", standards.framework_detail, name="framework-detail"),
    path("frameworks/<slug:code>/benchmarks/<str:benchmark>/", standards.benchmark_detail, name="benchmark-detail"),
]

urlpatterns = [
    path("", core.home, name="home"),
    path("accounts/login/", declare_access("public")(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
         name="login"),
    path("accounts/logout/", declare_access("public")(auth_views.LogoutView.as_view()), name="logout"),
    path("language/", core.set_language, name="set-language"),
    path("frameworks/upload/", standards.framework_upload, name="framework-upload"),
    path("i/<slug:slug>/", include(institution)),
    path("api/", api.urls),
]

