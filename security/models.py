"""API tokens (hashed, expiring, named), the audit log, when each password was last set, and the
sessions of signed-in people."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager


class ApiToken(AbstractAuthToken):
    """A person's API token. knox keeps only the SHA-512 digest and the first characters (to find
    the row); the token itself is shown once, when it is issued."""

    # A plain integer id: the digest must never leave the server, yet a person needs a handle to
    # revoke one of their tokens.
    id: models.BigAutoField[int, int] = models.BigAutoField(primary_key=True)
    digest: models.CharField[str, str] = models.CharField(max_length=128, unique=True)
    name: models.CharField[str, str] = models.CharField(_("名称"), max_length=100, blank=True)

    objects = AuthTokenManager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.user} · {self.name or self.token_key}"


class AuditEvent(models.Model):
    """One security-relevant event. Rows are only ever added (and purged after the retention period);
    nobody edits or deletes one through the application."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED_OUT = "locked_out", _("登录锁定")
        LOGOUT = "logout", _("退出登录")
        SESSION_EXPIRED = "session_expired", _("会话超时")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        TOKEN_CREATED = "token_created", _("签发令牌")
        TOKEN_REVOKED = "token_revoked", _("吊销令牌")
        PERMISSION_CHANGED = "permission_changed", _("权限变更")
        GROUP_CHANGED = "group_changed", _("角色变更")
        ADMIN_ACTION = "admin_action", _("后台操作")

    at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name as typed or as it was then: kept when the account is renamed or deleted.
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    target = models.CharField(_("对象"), max_length=300, blank=True)
    detail = models.TextField(_("详情"), blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"


class PasswordStamp(models.Model):
    """When a person's password was last set, for PASSWORD_MAX_AGE_DAYS."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_stamp")
    changed_at = models.DateTimeField(_("密码修改时间"))

    class Meta:
        verbose_name = _("密码修改记录")
        verbose_name_plural = _("密码修改记录")

    def __str__(self) -> str:
        return f"{self.user} {self.changed_at:%Y-%m-%d}"


class UserSession(AbstractBaseSession):
    """Django's database session with the signed-in person's id beside the data.

    The column lets a page's session, person, roles and unread count come in one query
    (security/sessions.py) instead of three; the id inside the signed data stays the authority —
    a row whose column disagrees with it is read the ordinary way. Deleting a person deletes their
    sessions (without a database constraint: a session saved while its person is deleted must not
    fail the request)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
        verbose_name=_("用户"),
    )

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from security.sessions import SessionStore

        return SessionStore
