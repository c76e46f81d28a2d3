from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from schools import audit, sessions
from schools.models import User


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    sessions.start(request, user)
    audit.record(audit.Kind.LOGIN, request=request, actor=user, subject=user.email)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.Kind.LOGOUT, request=request, actor=user, subject=user.email)
    sessions.forget(request.session.session_key)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the name typed, never the password (Django already masks it).
    audit.record(audit.Kind.LOGIN_FAILED, request=request, subject=credentials.get("username", ""))


@receiver(pre_save, sender=User)
def end_sessions_of_deactivated_user(sender, instance, **kwargs):
    if instance.pk is None or instance.is_active:
        return
    was_active = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        sessions.end_all(instance)
        audit.record(audit.Kind.USER_DEACTIVATED, subject=instance.email)


@receiver(pre_delete, sender=User)
def end_sessions_of_deleted_user(sender, instance, **kwargs):
    sessions.end_all(instance)
