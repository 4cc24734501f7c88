from django.contrib.auth import views as auth_views
from django.urls import path

from . import sign_in_views
from . import views
from .decorators import two_factor_exempt

app_name = "accounts"

urlpatterns = [
    path("login/", sign_in_views.SignInView.as_view(), name="login"),
    path(
        "logout/",
        two_factor_exempt(auth_views.LogoutView.as_view()),
        name="logout",
    ),
    path(
        "two-factor/",
        sign_in_views.TwoFactorCodeView.as_view(),
        name="two_factor_code",
    ),
    path(
        "two-factor/recovery-code/",
        sign_in_views.RecoveryCodeSignInView.as_view(),
        name="two_factor_recovery",
    ),
    path(
        "two-factor/set-up/",
        sign_in_views.TwoFactorSetUpView.as_view(),
        name="two_factor_setup",
    ),
    path(
        "two-factor/recovery-codes/",
        sign_in_views.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/download/",
        sign_in_views.recovery_codes_download,
        name="recovery_codes_download",
    ),
    path("session/", sign_in_views.session_status, name="session_status"),
    path("session/extend/", sign_in_views.session_extend, name="session_extend"),
    path("account/", views.AccountView.as_view(), name="account"),
    path(
        "account/password/", views.PasswordChangeView.as_view(), name="password_change"
    ),
    path("password-reset/", views.password_reset_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        views.password_reset_done_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.password_reset_complete_view(),
        name="password_reset_complete",
    ),
    path(
        "invitations/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
