"""三员分立: the system, security and audit administrators each reach only their own screens."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from security.roles import AUDIT_ADMIN, ROLE_PERMISSIONS, SECURITY_ADMIN, SYSTEM_ADMIN
from tests.factories import UserFactory

AUDIT_LOG = "/admin/security/auditevent/"
USERS = "/admin/oversight/user/"
SUGGESTIONS = "/admin/oversight/suggestion/"
REPLIES = "/admin/oversight/reply/"
TERMS = "/admin/oversight/term/"
CALENDAR = "/admin/tracker/calendaroverride/"


def _client_for(role: str) -> Client:
    user = UserFactory.create(username=f"admin-{len(role)}-{role}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def _codes(client: Client, *paths: str) -> list[int]:
    return [client.get(path).status_code for path in paths]


@pytest.mark.django_db
def test_the_three_roles_exist_after_migrate_with_their_permissions() -> None:
    for role, table in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        expected = {f"{action}_{label.split('.')[1]}" for label, actions in table.items() for action in actions}
        assert set(group.permissions.values_list("codename", flat=True)) == expected, role


@pytest.mark.django_db
def test_audit_administrator_reads_the_audit_log_and_changes_nothing(actors: Any) -> None:
    client = _client_for(AUDIT_ADMIN)
    assert _codes(client, AUDIT_LOG) == [200]
    assert _codes(client, USERS, f"{USERS}{actors.deputy.pk}/change/", SUGGESTIONS, TERMS) == [403, 403, 403, 403]


@pytest.mark.django_db
def test_security_administrator_manages_accounts_but_reads_no_business_data_or_audit(actors: Any) -> None:
    client = _client_for(SECURITY_ADMIN)
    assert _codes(client, USERS, f"{USERS}{actors.deputy.pk}/change/") == [200, 200]
    assert _codes(client, AUDIT_LOG, SUGGESTIONS, REPLIES, TERMS) == [403, 403, 403, 403]


@pytest.mark.django_db
def test_security_administrator_cannot_widen_their_own_account(actors: Any) -> None:
    client = _client_for(SECURITY_ADMIN)
    me = Group.objects.get(name=SECURITY_ADMIN).user_set.get()
    page = client.get(f"{USERS}{me.pk}/change/").content.decode()
    assert 'name="groups"' not in page and 'name="is_congress_staff"' not in page
    other = client.get(f"{USERS}{actors.deputy.pk}/change/").content.decode()
    assert 'name="groups"' in other and 'name="is_superuser"' not in other


@pytest.mark.django_db
def test_system_administrator_configures_but_sees_no_accounts_or_audit(actors: Any) -> None:
    client = _client_for(SYSTEM_ADMIN)
    assert _codes(client, TERMS, CALENDAR) == [200, 200]
    assert _codes(client, AUDIT_LOG, USERS, SUGGESTIONS) == [403, 403, 403]
