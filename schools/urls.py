from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from schools.views import auth, home, kartrekkers, members

account_patterns = [
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/csrf/", auth.fresh_csrf_token, name="fresh_csrf_token"),
    path("accounts/password_change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password_reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    *account_patterns,
    path("", home.home, name="home"),
    path("uitnodiging/<str:token>/", home.accept_invitation, name="accept_invitation"),
    path("kartrekkers/profiel/", kartrekkers.kartrekker_profile, name="kartrekker_profile"),
    path("scholen/<slug:school_slug>/leden/", members.member_list, name="member_list"),
    path("scholen/<slug:school_slug>/leden/uitnodigen/", members.invite, name="invite_member"),
    path(
        "scholen/<slug:school_slug>/leden/<int:membership_id>/rollen/",
        members.change_roles,
        name="change_roles",
    ),
    path(
        "scholen/<slug:school_slug>/leden/<int:membership_id>/verwijderen/",
        members.remove_member,
        name="remove_member",
    ),
    path(
        "scholen/<slug:school_slug>/uitnodigingen/<int:invitation_id>/intrekken/",
        members.revoke_invitation,
        name="revoke_invitation",
    ),
]
