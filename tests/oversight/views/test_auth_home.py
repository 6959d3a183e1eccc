from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_and_accessible(client: Any) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<label for="id_username">用户名' in html
    assert '<label for="id_password">密码' in html


def test_wrong_password_is_refused_in_chinese(client: Any, actors: Any) -> None:
    response = client.post("/accounts/login/", {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("staff", "/todo/"),
        ("liaison_a", "/todo/"),
        ("head_a", "/todo/"),
        ("deputy", "/todo/"),
        ("reviewer", "/reviewer/"),
    ],
)
def test_home_sends_each_person_to_their_todo_list(client: Any, actors: Any, who: str, target: str) -> None:
    client.force_login(getattr(actors, who))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == target


def test_home_sends_the_public_to_published_replies(client: Any) -> None:
    response = client.get("/")
    assert response["Location"] == "/public/replies/"


def test_person_without_a_role_is_told_to_ask_staff(client: Any, actors: Any) -> None:
    client.force_login(actors.outsider)
    response = client.get("/")
    assert response.status_code == 200
    assert "尚未分配角色" in response.content.decode()


def test_person_with_two_roles_sees_both_workbenches_in_the_nav(client: Any, actors: Any) -> None:
    from oversight.models import UnitMember

    UnitMember.objects.create(unit=actors.unit_a, user=actors.deputy, role=UnitMember.Role.LIAISON)
    client.force_login(actors.deputy)
    html = client.get("/deputy/").content.decode()
    assert 'href="/unit/"' in html
    assert 'href="/deputy/"' in html


def test_password_change_needs_login_and_validates_in_chinese(client: Any, actors: Any) -> None:
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/login/")
    client.force_login(actors.staff)
    response = client.post("/accounts/password/", {"old_password": "nope", "new_password1": "x", "new_password2": "y"})
    html = response.content.decode()
    assert "你的旧密码不正确" in html
    assert "输入的两个密码不一致" in html


def test_logout_is_a_post_and_ends_the_session(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("url", ["/staff/", "/unit/", "/deputy/", "/inbox/"])
def test_workbenches_send_anonymous_visitors_to_login(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_not_found_page_is_chinese_with_the_site_layout(client: Any, actors: Any) -> None:
    client.force_login(actors.liaison_a)
    response = client.get("/suggestions/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'class="skip-link"' in html
