"""Inviting people into a school and accepting an invitation."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from schools import audit
from schools.models import Invitation, Membership, Role, User


@transaction.atomic
def invite(*, request, school, email: str, role: str, trainer_kind: str = "") -> bool:
    """Invite `email` into `school` with `role`.

    An existing account gets the role at once (re-inviting adds the membership);
    anyone else gets a one-time link to set a password. Returns True when an
    existing account was added directly.
    """
    user = User.objects.filter(email=email).first()
    context = {
        "school": school,
        "role": Role(role).label,
        "inviter": request.user,
        "site_url": settings.SITE_URL,
    }
    if user is not None:
        add_role(request=request, school=school, user=user, role=role, trainer_kind=trainer_kind)
        context["url"] = settings.SITE_URL + school.get_absolute_url()
        _mail("schools/email/added", context, email)
        return True
    # A newer invitation replaces older open ones for the same school and address.
    Invitation.objects.usable().filter(school=school, email=email).update(expires_at=timezone.now())
    _, token = Invitation.issue(
        school=school,
        email=email,
        role=role,
        trainer_kind=trainer_kind,
        invited_by=request.user,
    )
    context["url"] = settings.SITE_URL + reverse("accept_invitation", args=[token])
    context["valid_days"] = settings.INVITATION_VALID_DAYS
    _mail("schools/email/invitation", context, email)
    audit.record(
        audit.Kind.INVITATION_SENT, request=request, school=school, subject=email, detail=role
    )
    return False


def add_role(*, request, school, user, role: str, trainer_kind: str = "") -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, school=school)
    setattr(membership, role, True)
    if role == Role.TRAINER and trainer_kind:
        membership.trainer_kind = trainer_kind
    membership.save()
    kind = audit.Kind.MEMBERSHIP_ADDED if created else audit.Kind.ROLES_CHANGED
    audit.record(
        kind,
        request=request,
        school=school,
        subject=user.email,
        detail=",".join(sorted(membership.roles)),
    )
    return membership


@transaction.atomic
def accept(*, request, invitation: Invitation, full_name="", password=None) -> User:
    """Use the invitation once. A new person gets an account with `password`;
    someone who has an account by now just gets the role (and logs in as usual).
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        raise Invitation.DoesNotExist
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        if not password:
            raise ValueError("A new account needs a password.")
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    add_role(
        request=request,
        school=invitation.school,
        user=user,
        role=invitation.role,
        trainer_kind=invitation.trainer_kind,
    )
    audit.record(
        audit.Kind.INVITATION_ACCEPTED,
        request=request,
        actor=user,
        school=invitation.school,
        subject=user.email,
    )
    return user


def _mail(template_prefix: str, context: dict, to: str) -> None:
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    body = render_to_string(f"{template_prefix}.txt", context)
    send_mail(subject, body, None, [to])
