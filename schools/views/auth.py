"""Django's account views with our form, audit events and lock-out page."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from schools import audit
from schools.forms import EmailAuthenticationForm
from schools.models import UserManager


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            audit.Kind.PASSWORD_CHANGED, request=self.request, subject=self.request.user.email
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        audit.record(
            audit.Kind.PASSWORD_RESET_REQUESTED,
            request=self.request,
            subject=form.cleaned_data["email"],
        )
        return super().form_valid(form)


def login_name(request, credentials) -> str | None:
    """The account a login attempt is for, as axes counts failures: "A@x" is "a@x"."""
    name = (credentials or {}).get("username") or request.POST.get("username")
    return UserManager.normalize_email(name) or None


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown after too many failures for one address, whether or not it has an account."""
    form = EmailAuthenticationForm(request, data=request.POST or None)
    form.is_valid()
    # Called from axes' middleware, outside the view: render now.
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "locked_out": _(
                "Te veel mislukte pogingen voor dit e-mailadres. Wacht een kwartier en probeer "
                "het dan opnieuw, of stel een nieuw wachtwoord in."
            ),
        },
        status=429,
    )


def csrf_failure(request, reason=""):
    """Django's CSRF 403, marked so the autosave script can fetch a new token and retry."""
    response = render(request, "403_csrf.html", status=403)
    response["X-CSRF-Failure"] = "1"
    return response


@never_cache
def fresh_csrf_token(request):
    """The current CSRF token. Logging in (in another tab) rotates it; pages fetch it anew."""
    return HttpResponse(get_token(request), content_type="text/plain")
