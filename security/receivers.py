"""Hooks into events only Django itself sees: logins and logouts, password changes made by any
path (password page, admin, ``changepassword``), group and permission edits, admin log entries.

Signals are the one place all of these surface, whichever screen or command caused them; each
receiver only records (or, for a password change, revokes what the old password vouched for).
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone

from security.audit import audit_record
from security.middleware import LAST_SEEN_KEY
from security.models import ApiToken, AuditEvent, PasswordStamp

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="security.audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(kind=AuditEvent.Kind.LOGIN, request=request, actor=user)
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:  # a session login: the idle timeout starts now
        session[LAST_SEEN_KEY] = timezone.now().timestamp()


@receiver(user_logged_out, dispatch_uid="security.audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(kind=AuditEvent.Kind.LOGOUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="security.audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if request is None:  # a test client or a script checking a password: no one tried to log in
        return
    username = str(credentials.get("username") or "")
    audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, request=request, actor=None, username=username)


@receiver(user_locked_out, dispatch_uid="security.audit_locked_out")
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    audit_record(kind=AuditEvent.Kind.LOCKED_OUT, request=request, actor=None, username=username or "")


@receiver(post_save, sender=User, dispatch_uid="security.password_changed")
def _password_changed(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # AbstractBaseUser.set_password() leaves the new raw password in _password until save()
    # finishes: the reliable sign, on every path, that this save changed the password.
    if created or getattr(instance, "_password", None) is None:
        return
    revoked, _details = ApiToken.objects.filter(user=instance).delete()
    PasswordStamp.objects.update_or_create(user=instance, defaults={"changed_at": timezone.now()})
    audit_record(
        kind=AuditEvent.Kind.PASSWORD_CHANGED,
        actor=None,
        username=instance.get_username(),
        target=instance.get_username(),
        detail=f"revoked_tokens={revoked}",
    )


def _m2m_detail(action: str, model: Any, pk_set: set[int] | None) -> str:
    names = sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or ()))
    return f"{action.removeprefix('post_')}: {', '.join(names)}" if names else action.removeprefix("post_")


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="security.audit_user_groups")
def _user_groups(sender: Any, instance: Any, action: str, model: Any, pk_set: set[int] | None, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        audit_record(
            kind=AuditEvent.Kind.GROUP_CHANGED, target=str(instance), detail=_m2m_detail(action, model, pk_set)
        )


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="security.audit_user_perms")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="security.audit_group_perms")
def _permissions(sender: Any, instance: Any, action: str, model: Any, pk_set: set[int] | None, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        audit_record(
            kind=AuditEvent.Kind.PERMISSION_CHANGED, target=str(instance), detail=_m2m_detail(action, model, pk_set)
        )


@receiver(post_save, sender=LogEntry, dispatch_uid="security.audit_admin_action")
def _admin_action(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    verb = {1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, str(instance.action_flag))
    model = instance.content_type.model if instance.content_type_id else ""
    audit_record(
        kind=AuditEvent.Kind.ADMIN_ACTION,
        actor=instance.user,
        target=f"{model}:{instance.object_id} {instance.object_repr}"[:300],
        detail=f"{verb}: {instance.get_change_message()}",
    )
