from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from genderseal.core.views import declare_access

from . import oidc, views
from .forms import PasswordChangeForm, SetPasswordForm
from .views import member, platform, token

institution = [
    path("members/", member.member_list, name="members"),
    path("members/invite/", member.member_invite, name="member-invite"),
    path("members/<int:member_id>/", member.member_edit, name="member-edit"),
    path("members/<int:member_id>/<slug:op>/", member.member_active, name="member-active"),
    path("invitations/<int:invitation_id>/<slug:op>/", member.invitation_action, name="invitation-action"),
    path("settings/", member.institution_settings, name="institution-settings"),
    path("api-tokens/", token.token_list, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", token.token_revoke, name="api-token-revoke"),
]


def public_view(view):
    return declare_access("public")(view)


public = [
    path("oidc/authenticate/", oidc.start, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback, name="oidc_authentication_callback"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("invite/<str:token>/ask/", views.ask_again, name="invitation-ask"),
    path("platform/institutions/", platform.institution_list, name="platform-institutions"),
    path("platform/institutions/<slug:slug>/", platform.institution_detail, name="platform-institution"),
    path("accounts/password/", declare_access("signed_in")(auth_views.PasswordChangeView.as_view(
        form_class=PasswordChangeForm, success_url=reverse_lazy("password-change-done"))), name="password-change"),
    path("accounts/password/done/", declare_access("signed_in")(auth_views.PasswordChangeDoneView.as_view()),
         name="password-change-done"),
    path("accounts/reset/", public_view(auth_views.PasswordResetView.as_view(
        success_url=reverse_lazy("password-reset-sent"))), name="password-reset"),
    path("accounts/reset/sent/", public_view(auth_views.PasswordResetDoneView.as_view()),
         name="password-reset-sent"),
    path("accounts/reset/<uidb64>/<token>/", public_view(auth_views.PasswordResetConfirmView.as_view(
        form_class=SetPasswordForm, success_url=reverse_lazy("password-reset-complete"))), name="password_reset_confirm"),
    path("accounts/reset/done/", public_view(auth_views.PasswordResetCompleteView.as_view()),
         name="password-reset-complete"),
]
