"""Server-side session limits and ending a person's sessions."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from schools.models import LoginSession

LOGIN_AT = "tso_login_at"
LAST_SEEN = "tso_last_seen"


def start(request, user) -> None:
    now = timezone.now().timestamp()
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now
    if not request.session.session_key:
        request.session.save()
    LoginSession.objects.get_or_create(user=user, session_key=request.session.session_key)


def end_all(user) -> int:
    """Delete every server-side session of this user; they are logged out at once."""
    keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    LoginSession.objects.filter(user=user).delete()
    return len(keys)


def forget(session_key: str | None) -> None:
    if session_key:
        LoginSession.objects.filter(session_key=session_key).delete()
