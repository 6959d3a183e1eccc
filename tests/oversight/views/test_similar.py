"""并案 help: similar suggestions of the same session at intake and on a suggestion's page."""

from __future__ import annotations

from typing import Any

import pytest

from oversight import similarity
from oversight.models import Suggestion
from oversight.services import suggestions as s_svc
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

FLOOD = (
    "近年来极端天气频发，短时强降雨增多。但目前城东区部分低洼路段和下穿通道逢雨必涝。"
    "为此建议：一是实施易涝点专项整治；二是新建扩建排涝泵站。"
)
FLOOD_AGAIN = (
    "近年来短时强降雨增多，城东区部分低洼路段和下穿通道逢雨必涝，排水管网标准低。"
    "为此建议实施易涝点专项整治，新建扩建排涝泵站。"
)
SCHOOL = "学校周边上下学时段交通拥堵，存在安全隐患。建议设置护学岗，施划即停即走车位。"


def submit(actors: Any, title: str, content: str, session: Any = None, lead: Any = None) -> Suggestion:
    return s_svc.suggestion_submit(
        actor=actors.staff,
        session=session or actors.session,
        title=title,
        content=content,
        lead_deputy=lead or actors.deputy_profile,
        co_signers=[],
        category=actors.category,
    )


def test_scores_rank_the_same_matter_above_the_same_matter_elsewhere() -> None:
    me = similarity.fingerprint("关于提升城东区城市防汛排涝能力的建议", FLOOD)
    again = similarity.fingerprint("建议提升城东城市防汛排涝能力", FLOOD_AGAIN)
    elsewhere = similarity.fingerprint("关于提升临江县城市防汛排涝能力的建议", FLOOD.replace("城东区", "临江县"))
    other = similarity.fingerprint("关于改善城东区学校周边交通秩序的建议", SCHOOL)
    assert similarity.score(me, again) >= similarity.HIGH, similarity.score(me, again)
    assert similarity.score(me, again) > similarity.score(me, elsewhere) > similarity.score(me, other)
    assert similarity.score(me, other) < similarity.SHOW


def test_staff_see_similar_suggestions_of_the_same_session_and_can_link(client: Any, actors: Any) -> None:
    base = submit(actors, "关于提升城东区城市防汛排涝能力的建议", FLOOD)
    twin = submit(actors, "建议提升城东城市防汛排涝能力", FLOOD_AGAIN, lead=actors.cosigner_profile)
    submit(actors, "关于改善城东区学校周边交通秩序的建议", SCHOOL)
    submit(actors, "关于提升城东区城市防汛排涝能力的建议", FLOOD, session=SessionFactory.create(number=9))
    client.force_login(actors.staff)
    # The suggestion's page loads the panel after showing; its link opens the same as a page.
    page = client.get(f"/suggestions/{base.pk}/").content.decode()
    panel_url = f"/staff/suggestions/{base.pk}/similar/"
    assert f'data-fragment="{panel_url}?fragment=1"' in page and f'<a href="{panel_url}">查找相似建议</a>' in page
    fragment = client.get(panel_url, {"fragment": "1"}).content.decode()
    assert fragment.lstrip().startswith("<section") and "<html" not in fragment
    assert twin.title in client.get(panel_url).content.decode()  # the page without JavaScript
    section = fragment
    assert twin.title in section and 'class="tag overdue">很可能是同一事项' in section
    assert "学校周边" not in section  # not similar
    assert section.count("城市防汛排涝能力") == 1  # the other session's copy is not listed
    for s in (base, twin):
        s_svc.suggestion_register(suggestion=s, actor=actors.staff)
    response = client.post(f"/staff/suggestions/{base.pk}/link/{twin.pk}/")
    assert response.status_code == 302
    assert list(base.handled_with.all()) == [twin]
    assert "已并案" in client.get(panel_url, {"fragment": "1"}).content.decode()
    # Deputies and units never see the list (it would show other people's suggestions).
    client.force_login(actors.deputy)
    assert "本次会议的相似建议" not in client.get(f"/suggestions/{base.pk}/").content.decode()
    assert client.get(panel_url).status_code == 404
    assert client.get(panel_url, {"fragment": "1"}).status_code == 404


def test_intake_finds_similar_and_warns_before_an_exact_duplicate(client: Any, actors: Any) -> None:
    first = submit(actors, "关于提升城东区城市防汛排涝能力的建议", FLOOD)
    client.force_login(actors.staff)
    data = {
        "session": actors.session.pk,
        "title": "关于提升城东区城市防汛排涝能力的建议",
        "content": FLOOD_AGAIN,
        "period": "session",
        "lead_deputy": actors.deputy_profile.pk,
    }
    checked = client.post("/staff/intake/", {**data, "check": "1"}).content.decode()
    assert first.display_number in checked and "很可能是同一事项" in checked
    assert Suggestion.objects.count() == 1  # checking saves nothing
    warned = client.post("/staff/intake/", data).content.decode()
    assert "可能重复录入" in warned and "仍然录入" in warned
    assert Suggestion.objects.count() == 1
    assert client.post("/staff/intake/", {**data, "confirm_duplicate": "1"}).status_code == 302
    assert Suggestion.objects.count() == 2
    # Another lead deputy with the same title is not an exact duplicate: saved at once.
    other = {**data, "lead_deputy": actors.cosigner_profile.pk}
    assert client.post("/staff/intake/", other).status_code == 302
