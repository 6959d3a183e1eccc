"""A session brings its person along (security/sessions.py): one query reads the session, the
person, their roles and unread count — and who is signed in is still decided by the signed session
data, the password hash and ``is_active``, exactly as Django decides it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from oversight.models import UnitMember, User
from security.models import UserSession
from security.sessions import AuthenticationMiddleware, SessionStore
from tests.factories import PASSWORD
from tracker.models import Notification

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> str:
    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


def request_with(key: str | None) -> HttpRequest:
    request = RequestFactory().get("/")
    if key is not None:
        request.COOKIES["sessionid"] = key
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def person(request: HttpRequest) -> Any:
    user: Any = request.user
    return user._wrapped if user.is_authenticated else None


def test_the_session_person_roles_and_unread_count_come_in_one_query(
    actors: Any, django_assert_num_queries: Any
) -> None:
    # A liaison of one unit and head of another who is also a deputy, with two unread notices.
    user = actors.liaison_a
    UnitMember.objects.create(unit=actors.unit_b, user=user, role=UnitMember.Role.HEAD)
    actors.cosigner_profile.user = user
    actors.cosigner_profile.save()
    Notification.objects.create(recipient=user, title="未读一")
    Notification.objects.create(recipient=user, title="未读二")
    Notification.objects.create(recipient=user, title="已读", read_at=timezone.now())
    for who in (user, actors.staff, actors.deputy, actors.outsider):
        key = signed_in(who)  # sets last_login: the person is read after it
        expected = User.objects.get(pk=who.pk)
        wanted = (
            expected.unit_roles,
            expected.deputy_id,
            Notification.objects.filter(recipient=who, read_at__isnull=True).count(),
        )
        request = request_with(key)
        with django_assert_num_queries(1):
            loaded = person(request)
            # What every page asks of the person, read with it.
            assert (loaded.unit_roles, loaded.deputy_id, loaded.unread_inbox) == wanted
        # The model's own values, every column, converted as the ORM converts them.
        assert {f.attname: getattr(loaded, f.attname) for f in User._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in User._meta.concrete_fields
        }
        assert loaded._state.adding is False and loaded._state.db == "default"
    assert person(request_with(signed_in(user))).unit_roles == {
        actors.unit_a.pk: {"liaison"},
        actors.unit_b.pk: {"head"},
    }


def test_signing_in_and_out_writes_and_removes_the_person_on_the_session(actors: Any) -> None:
    client = Client()
    assert client.post("/accounts/login/", {"username": "deputy", "password": PASSWORD}).status_code == 302
    key = client.cookies["sessionid"].value
    row = UserSession.objects.get(session_key=key)
    assert row.user_id == actors.deputy.pk
    assert row.get_decoded()[SESSION_KEY] == str(actors.deputy.pk)
    client.post("/accounts/logout/")
    assert not UserSession.objects.filter(session_key=key).exists()
    assert person(request_with(key)) is None


def test_the_signed_data_names_the_person_not_the_column(actors: Any, django_assert_num_queries: Any) -> None:
    key = signed_in(actors.deputy)
    # Whatever the column says, the person is the one the signed data names (read the ordinary way).
    UserSession.objects.filter(session_key=key).update(user=actors.staff)
    request = request_with(key)
    with django_assert_num_queries(2):
        assert person(request).pk == actors.deputy.pk
    UserSession.objects.filter(session_key=key).update(user=None)
    assert person(request_with(key)).pk == actors.deputy.pk


def test_an_inactive_person_is_not_signed_in(actors: Any) -> None:
    key = signed_in(actors.deputy)
    User.objects.filter(pk=actors.deputy.pk).update(is_active=False)
    assert person(request_with(key)) is None
    assert Client(cookies={"sessionid": key}).get("/deputy/").status_code == 302


def test_a_changed_password_ends_the_other_sessions(actors: Any) -> None:
    key = signed_in(actors.deputy)
    user = User.objects.get(pk=actors.deputy.pk)
    user.set_password("Another-Pass-2026")
    user.save()
    request = request_with(key)
    assert person(request) is None
    # Django's rule: a session whose password hash no longer matches is flushed.
    assert not UserSession.objects.filter(session_key=key).exists()


def test_an_expired_or_unknown_session_is_nobody(actors: Any) -> None:
    key = signed_in(actors.deputy)
    later = timezone.now() + timedelta(days=30)
    with time_machine.travel(later, tick=False):
        request = request_with(key)
        assert person(request) is None
        assert request.session.session_key is None
    assert person(request_with("x" * 32)) is None
    assert person(request_with(None)) is None


def test_a_session_without_a_person_keeps_its_data(actors: Any, django_assert_num_queries: Any) -> None:
    store = SessionStore()
    store["note"] = "匿名会话"
    store.save()
    assert UserSession.objects.get(session_key=store.session_key).user_id is None
    again = SessionStore(store.session_key)
    with django_assert_num_queries(1):
        assert again["note"] == "匿名会话"
    assert again.loaded_user is None


def test_deleting_a_person_deletes_their_sessions(actors: Any) -> None:
    kept = signed_in(actors.staff)
    gone = [signed_in(actors.outsider), signed_in(actors.outsider)]
    User.objects.get(pk=actors.outsider.pk).delete()
    assert not UserSession.objects.filter(session_key__in=gone).exists()
    assert UserSession.objects.filter(session_key=kept).exists()


def test_a_page_reads_session_person_and_roles_once(actors: Any, django_assert_num_queries: Any) -> None:
    # The whole request: the session load is the only query about the person (the deputy's own
    # page adds its list's query); before, session, person and roles were three.
    client = Client()
    client.force_login(actors.deputy)
    client.get("/deputy/")
    with django_assert_num_queries(2) as captured:
        assert client.get("/deputy/").status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert "security_usersession" in sql[0] and "oversight_unitmember" in sql[0]
    assert not any('FROM "oversight_user"' in q for q in sql[1:])


def test_expired_sessions_are_cleared(actors: Any, settings: Any) -> None:
    from security.tasks import clear_expired_sessions

    old = signed_in(actors.deputy)
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False):
        live = signed_in(actors.staff)
        clear_expired_sessions()
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live]
    assert old != live
    assert "security.sessions.sessions_clear_expired" in settings.EMBEDDED_SWEEP_JOBS
