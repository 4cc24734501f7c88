from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
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
