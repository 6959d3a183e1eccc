from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


# The API token model (security.ApiToken) comes from untyped django-rest-knox: its reverse manager
# cannot be resolved by the type checker.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """An account. Roles are not exclusive: staff flag, reviewer flag, unit memberships, deputy."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    is_congress_staff = models.BooleanField(_("人大工作人员"), default=False)
    is_reviewer = models.BooleanField(_("常委会组成人员"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        # /api/v1/users/?ordering=display_name (either direction), made total by the id: every
        # deputy has an account, tens of thousands at province scale (docs/benchmarks.md "Every ordering").
        indexes = [models.Index(fields=["display_name", "id"], name="user_display_name_id")]

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def unit_roles(self) -> dict[int, set[str]]:
        """{unit_id: {"liaison", "head"}} for the units this person works for."""
        roles: dict[int, set[str]] = {}
        for unit_id, role in UnitMember.objects.filter(user_id=self.pk).values_list("unit_id", "role"):
            roles.setdefault(unit_id, set()).add(role)
        return roles

    def unit_ids(self, role: str | None = None) -> set[int]:
        return {uid for uid, roles in self.unit_roles.items() if role is None or role in roles}

    @cached_property
    def deputy_id(self) -> int | None:
        return Deputy.objects.filter(user_id=self.pk).values_list("pk", flat=True).first()

    @property
    def is_staff_member(self) -> bool:
        return bool(self.is_active and (self.is_congress_staff or self.is_superuser))


class Delegation(models.Model):
    name = models.CharField(_("代表团"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Deputy(models.Model):
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="deputy", verbose_name=_("账号")
    )
    name = models.CharField(_("姓名"), max_length=50)
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, null=True, blank=True, related_name="deputies", verbose_name=_("代表团")
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    occupation = models.CharField(_("工作单位及职务"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["name", "id"]
        # The staff list's search matches a lead deputy by name (oversight/forms/filters.py).
        indexes = [models.Index(fields=["name", "id"], name="deputy_name")]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府及部门")
        COURT = "court", _("法院")
        PROCURATORATE = "procuratorate", _("检察院")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitMember(models.Model):
    class Role(models.TextChoices):
        LIAISON = "liaison", _("联络员")
        HEAD = "head", _("负责人")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="members", verbose_name=_("单位"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="unit_memberships", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("单位人员")
        verbose_name_plural = _("单位人员")
        constraints = [models.UniqueConstraint(fields=["unit", "user", "role"], name="unique_unit_member_role")]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_role_display()} {self.user}"
