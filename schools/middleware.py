from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _

from schools import audit
from schools.sessions import LAST_SEEN, LOGIN_AT

# Writing the session on every request costs a query; a minute of slack is enough.
LAST_SEEN_RESOLUTION = 60


class SessionLimitsMiddleware:
    """End sessions 12 hours after login or 30 minutes after the last request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._expired(request):
            user = request.user
            logout(request)
            audit.record(
                audit.Kind.SESSION_EXPIRED, request=request, actor=user, subject=user.email
            )
            return self._to_login(request)
        response = self.get_response(request)
        if _is_htmx(request) and response.status_code == 302 and _goes_to_login(response):
            # A logged-out htmx request: the XHR would follow the redirect and swap
            # the login page into a table row.
            return _htmx_login_required()
        return response

    def _expired(self, request) -> bool:
        now = timezone.now()
        login_at = request.session.get(LOGIN_AT)
        last_seen = request.session.get(LAST_SEEN)
        if login_at is None or last_seen is None:
            return True
        if now - _from_ts(login_at) > settings.SESSION_ABSOLUTE_LIMIT:
            return True
        if now - _from_ts(last_seen) > settings.SESSION_IDLE_LIMIT:
            return True
        if now.timestamp() - last_seen > LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN] = now.timestamp()
        return False

    def _to_login(self, request):
        if _is_htmx(request):
            return _htmx_login_required()
        messages.info(request, _("Je sessie is verlopen. Log opnieuw in."))
        return redirect_to_login(request.get_full_path())


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _goes_to_login(response) -> bool:
    return response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))


def _htmx_login_required():
    response = HttpResponse(_("Je sessie is verlopen. Log opnieuw in."), status=401)
    response["HX-Login-URL"] = resolve_url(settings.LOGIN_URL)
    return response


def _from_ts(value: float) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)
