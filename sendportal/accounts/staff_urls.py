from django.urls import path

from . import staff_views as views

app_name = "accounts_staff"

urlpatterns = [
    path("", views.PeopleListView.as_view(), name="people"),
    path("invite/", views.InviteView.as_view(), name="invitation_create"),
    path("<int:pk>/role/", views.MemberRoleView.as_view(), name="membership_role"),
    path(
        "<int:pk>/remove/", views.MemberRemoveView.as_view(), name="membership_remove"
    ),
    path(
        "<int:pk>/two-factor/reset/",
        views.MemberTwoFactorResetView.as_view(),
        name="membership_two_factor_reset",
    ),
    path(
        "invitations/<int:pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path(
        "invitations/<int:pk>/resend/",
        views.InvitationResendView.as_view(),
        name="invitation_resend",
    ),
]
