"""Write the security audit trail (ASVS V7): events, never the contents of notes."""

from schools.models import AuditEvent

Kind = AuditEvent.Kind


def client_ip(request) -> str | None:
    # Behind a proxy REMOTE_ADDR is the proxy; the deployment sets the real one.
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(kind, *, request=None, actor=None, school=None, subject="", detail="") -> AuditEvent:
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        actor_email=getattr(actor, "email", "") or "",
        school=school,
        subject=str(subject)[:254],
        detail=str(detail)[:200],
        ip_address=client_ip(request),
    )
