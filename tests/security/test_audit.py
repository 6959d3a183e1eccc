"""The audit log: logins, logouts, permission and role changes, admin actions — kept for the
retention period, searchable and exportable by the audit administrator, changed by nobody."""

from __future__ import annotations

# "Today" here is the frozen clock of tests/conftest.py (time_machine travels to FROZEN_NOW for every test).
import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from security.audit import audit_purge, audit_record
from security.models import AuditEvent
from security.roles import AUDIT_ADMIN, SECURITY_ADMIN
from tests.factories import PASSWORD, UserFactory

CHANGELIST = "/admin/security/auditevent/"


def _kinds(**filters: Any) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("kind", flat=True))


def _admin(role: str, username: str) -> Any:
    user = UserFactory.create(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.django_db
def test_logins_failures_and_logouts_are_recorded_with_the_client_address(actors: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.23")
    client.post("/accounts/login/", {"username": "deputy", "password": "wrong"})
    client.post("/accounts/login/", {"username": "deputy", "password": PASSWORD})
    client.post("/accounts/logout/")
    events = AuditEvent.objects.filter(username="deputy").order_by("id")
    assert [e.kind for e in events if e.kind != "password_changed"] == ["login_failed", "login", "logout"]
    assert {e.ip_address for e in events if e.kind != "password_changed"} == {"198.51.100.23"}


@pytest.mark.django_db
def test_role_and_permission_changes_are_recorded_with_who_did_it(actors: Any) -> None:
    security_admin = _admin(SECURITY_ADMIN, "secadmin")
    client = Client(REMOTE_ADDR="198.51.100.24")
    client.force_login(security_admin)
    group = Group.objects.create(name="统计员")
    response = client.post(
        f"/admin/oversight/user/{actors.outsider.pk}/change/",
        {
            "username": "outsider",
            "display_name": actors.outsider.display_name,
            "is_active": "on",
            "groups": [group.pk],
            "unit_memberships-TOTAL_FORMS": "0",
            "unit_memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = AuditEvent.objects.get(kind=AuditEvent.Kind.GROUP_CHANGED, target=str(actors.outsider))
    assert change.username == "secadmin"
    assert change.ip_address == "198.51.100.24"
    assert "统计员" in change.detail
    admin_action = AuditEvent.objects.get(kind=AuditEvent.Kind.ADMIN_ACTION, username="secadmin")
    assert admin_action.target.startswith(f"user:{actors.outsider.pk}")
    group.permissions.add(Permission.objects.get(codename="view_term"))
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERMISSION_CHANGED, target="统计员").exists()


@pytest.mark.django_db
def test_the_audit_administrator_searches_filters_and_exports(actors: Any) -> None:
    auditor = _admin(AUDIT_ADMIN, "auditor")
    audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="zhangsan", detail='=HYPERLINK("x")')
    audit_record(kind=AuditEvent.Kind.LOGIN, username="lisi")
    client = Client()
    client.force_login(auditor)
    page = client.get(CHANGELIST, {"q": "zhangsan", "kind__exact": "login_failed"})
    assert page.status_code == 200
    assert "zhangsan" in page.content.decode() and "lisi" not in page.content.decode()
    ids = list(AuditEvent.objects.filter(username__in=["zhangsan", "lisi"]).values_list("pk", flat=True))
    export = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": ids})
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == ["时间", "类型", "用户名", "来源地址", "对象", "详情"]
    assert {row[2] for row in rows[1:]} == {"zhangsan", "lisi"}
    assert next(row[1:3] for row in rows[1:] if row[2] == "zhangsan") == ["登录失败", "zhangsan"]
    assert next(row[5] for row in rows[1:] if row[2] == "zhangsan").startswith("'=")  # no formula


@pytest.mark.django_db
def test_nobody_edits_or_deletes_an_audit_record_not_even_a_superuser(actors: Any) -> None:
    event = audit_record(kind=AuditEvent.Kind.LOGIN, username="lisi")
    root = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(root)
    assert client.get(f"{CHANGELIST}{event.pk}/delete/").status_code == 403
    assert client.post(f"{CHANGELIST}{event.pk}/change/", {"username": "x"}).status_code == 403
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, username="lisi").exists()


@pytest.mark.django_db
def test_events_older_than_the_retention_period_are_purged(settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 180
    old = audit_record(kind=AuditEvent.Kind.LOGIN, username="old")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=181))
    kept = audit_record(kind=AuditEvent.Kind.LOGIN, username="kept")
    AuditEvent.objects.filter(pk=kept.pk).update(at=timezone.now() - timedelta(days=179))
    assert audit_purge() == 1
    assert set(AuditEvent.objects.filter(username__in=["old", "kept"]).values_list("username", flat=True)) == {"kept"}
