"""The list rows written in Python (oversight/views/list_rows.py) show what the template showed, escaped."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from oversight.models import Suggestion
from oversight.services import assignments as a_svc
from oversight.services import suggestions as s_svc
from tests.conftest import FROZEN_NOW
from tests.oversight.views import flow

pytestmark = pytest.mark.django_db

# The suite's day (the frozen clock of tests/conftest.py): the old loops' countdowns read it too.
TODAY = FROZEN_NOW.date()
HOSTILE = '关于<script>alert("x")</script>&“公交”的建议'
ESCAPED = "关于&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;“公交”的建议"


def row_of(html: str, marker: str) -> str:
    start = html.rindex("<tr", 0, html.index(marker))
    return html[start : html.index("</tr>", start)]


def test_staff_row_escapes_the_title_and_shows_every_column(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors, title=HOSTILE)
    suggestion = assignment.suggestion
    s_svc.suggestion_set_key(suggestion=suggestion, actor=actors.staff, is_key=True, leader="张主任")
    uncategorised = flow.registered(actors, title="无分类的建议")
    Suggestion.objects.filter(pk=uncategorised.pk).update(category=None)
    client.force_login(actors.staff)
    html = client.get("/staff/suggestions/").content.decode()
    assert "<script>" not in html and ESCAPED in html
    row = row_of(html, ESCAPED)
    suggestion.refresh_from_db()
    assert f'<a href="/suggestions/{suggestion.pk}/">{ESCAPED}</a>' in row
    assert f'data-label="编号">{suggestion.display_number}</td>' in row
    assert '<span class="status overdue">重点</span>' in row
    assert 'data-label="领衔代表">陈代表</td>' in row and 'data-label="分类">城建环资</td>' in row
    assert 'class="status status-assigned">办理中</span>' in row
    # The nearest deadline: its kind, its day and the working days left (a class for the colour).
    assert suggestion.next_due is not None
    due = suggestion.next_due.isoformat()
    assert f'<time datetime="{due}">{due}</time>' in row and "还剩" in row and "个工作日" in row
    plain = row_of(html, "无分类的建议")
    assert 'data-label="分类">—</td>' in plain and 'data-label="最近期限">—</td>' in plain
    assert "重点" not in plain and '<tr class="">' in plain


def test_staff_rows_in_english(client: Any, actors: Any) -> None:
    flow.assigned(actors)
    client.force_login(actors.staff)
    html = client.get("/staff/suggestions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = row_of(html, "关于增设城东片区公交线路的建议")
    assert 'data-label="Title"' in row and "working days left" in row


def test_staff_list_says_when_nothing_matches(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    html = client.get("/staff/suggestions/?q=不存在的词").content.decode()
    assert "没有符合条件的建议。" in html and "<tbody>" in html


def test_deputy_rows_show_lead_and_co_signed(client: Any, actors: Any) -> None:
    led = flow.submitted(actors, title=HOSTILE)
    other = s_svc.suggestion_submit(
        actor=actors.staff,
        session=actors.session,
        title="附议的建议",
        content="内容",
        lead_deputy=actors.cosigner_profile,
        co_signers=[actors.deputy_profile],
        category=actors.category,
    )
    client.force_login(actors.deputy)
    html = client.get("/deputy/").content.decode()
    assert "<script>" not in html
    mine = row_of(html, ESCAPED)
    assert f'<a href="/suggestions/{led.pk}/">{ESCAPED}</a>' in mine
    assert 'data-label="身份">领衔</td>' in mine and 'class="status">待审查</span>' in mine
    assert 'data-label="提交时间">2026-06-15</td>' in mine  # the frozen clock's day in Beijing time
    cosigned = row_of(html, "附议的建议")
    assert f'<a href="/suggestions/{other.pk}/">' in cosigned and 'data-label="身份">附议</td>' in cosigned


def test_deputy_without_suggestions_is_told_so(client: Any, actors: Any) -> None:
    client.force_login(actors.deputy)
    assert "您还没有领衔或附议的建议。" in client.get("/deputy/").content.decode()


def test_a_row_follows_its_suggestion(client: Any, actors: Any) -> None:
    """Nothing of a row is kept between page views: after 交办 the next view shows the new status."""
    suggestion = flow.registered(actors, title="待交办的建议")
    client.force_login(actors.staff)
    assert 'class="status status-registered">已立案</span>' in row_of(
        client.get("/staff/suggestions/").content.decode(), "待交办的建议"
    )
    a_svc.suggestion_assign(suggestion=suggestion, actor=actors.staff, units=[(actors.unit_a, "lead")])
    row = row_of(client.get("/staff/suggestions/").content.decode(), "待交办的建议")
    assert 'class="status status-assigned">办理中</span>' in row


def nav_links(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_navigation_follows_roles_and_page(client: Any, actors: Any) -> None:
    """The navigation's links are rendered once per role set and page (oversight_ui.nav_links):
    a role given shows on the next page, and the current page is marked wherever it is."""
    person = actors.liaison_a
    client.force_login(person)
    unit_nav = nav_links(client.get("/unit/").content.decode())
    assert 'href="/unit/" aria-current="page"' in unit_nav and "全部建议" not in unit_nav
    assert 'href="/deliberation/"' in unit_nav  # a unit member follows deliberation opinions
    person.is_congress_staff = True
    person.save(update_fields=["is_congress_staff"])
    staff_nav = nav_links(client.get("/staff/suggestions/").content.decode())
    assert 'href="/staff/suggestions/" aria-current="page">全部建议</a>' in staff_nav
    assert 'href="/unit/" >' in staff_nav and 'href="/unit/" aria-current' not in staff_nav
    english = nav_links(client.get("/staff/suggestions/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "全部建议" not in english and 'aria-current="page"' in english
    client.logout()
    client.force_login(actors.outsider)
    outsider_nav = nav_links(client.get("/public/replies/").content.decode())
    assert "全部建议" not in outsider_nav and 'href="/unit/"' not in outsider_nav


@pytest.mark.parametrize("name", ["suggestion", "staff:review", "unit:reply_edit", "staff:decide_extension"])
def test_url_for_is_reverse_under_any_script_prefix(name: str) -> None:
    """The to-do list and the rows build links from a URL's parts worked out once (views.common)."""
    from django.urls import reverse, set_script_prefix

    from oversight.views.common import url_for, url_prefix

    assert url_for(name, 42) == reverse(name, args=[42])
    set_script_prefix("/rd/")
    try:
        assert url_for(name, 42) == reverse(name, args=[42]) and url_for(name, 42).startswith("/rd/")
    finally:
        set_script_prefix("/")
    if name == "suggestion":
        assert url_prefix(name) == "/suggestions/"
    else:
        with pytest.raises(ValueError):
            url_prefix(name)  # the id is not the last segment: no prefix to append it to


# todo.html's loop before its items were written in Python (oversight.views.list_rows.todo_items).
TODO_LOOP = """{% load i18n oversight_ui %}{% for t in items %}{% countdown t.due as cd %}
  <li class="todo card {{ cd.css }}">
    <div class="todo-head">
      <span class="chip chip-{{ t.code }}">{{ t.label }}</span>
      {% if cd %}<span class="countdown {{ cd.css }}">{{ cd.text }}</span>{% endif %}
    </div>
    <p class="todo-title"><a href="{% url 'suggestion' t.suggestion.pk %}">{{ t.suggestion.display_number }} {{ t.suggestion.title }}</a></p>
    <p class="small muted">{% if t.unit %}{{ t.unit }} · {% endif %}{% if t.due %}{{ t.due_kind|deadline_label }} {% translate "截止" %} <time datetime="{{ t.due|date:'Y-m-d' }}">{{ t.due|date:"Y-m-d" }}</time>{% else %}{% translate "无办理期限" %}{% endif %}</p>
    {% if t.note %}<p class="small pre">{{ t.note|truncatechars:200 }}</p>{% endif %}
    <p class="actions"><a class="button" href="{{ t.url }}">{{ t.button }}</a></p>
  </li>{% endfor %}"""  # noqa: E501


def test_todo_items_are_the_markup_the_template_loop_wrote(actors: Any) -> None:
    """Every kind of item — overdue, due today, due later, no deadline, no unit, a long note and
    text a person typed — written as the loop wrote it, in Chinese and in English."""
    from datetime import timedelta

    from django.template import engines
    from django.utils import translation

    from oversight import deadline_kinds as kinds
    from oversight.todo import SuggestionRef, Todo
    from oversight.views.common import url_prefix
    from oversight.views.list_rows import todo_items

    hostile = SuggestionRef.of(flow.registered(actors, title=HOSTILE))
    plain = SuggestionRef.of(flow.registered(actors, title="关于增设公交线路的建议"))
    today = TODAY
    long_note = "说明<b>" * 60
    items = [
        Todo("reply", hostile, '市<交通>局 & "公交"', today - timedelta(days=9), kinds.REPLY, "/unit/a/1/", "答复"),
        Todo("sign_for", plain, "市交通局", today, kinds.RETURN_WINDOW, "/unit/a/2/?x=1&y=2", "签收"),
        Todo(
            "review",
            plain,
            "市交通局",
            today + timedelta(days=30),
            kinds.FEEDBACK,
            "/staff/r/3/",
            "审核答复",
            long_note,
        ),
        Todo("register", hostile, "", None, "", f"/suggestions/{hostile.pk}/", "立案审查"),
    ]
    loop = engines["django"].from_string(TODO_LOOP)

    def lines(html: str) -> list[str]:  # the same markup and text, whatever the indentation
        return [line.strip() for line in html.splitlines() if line.strip()]

    for language in ("zh-hans", "en"):
        with translation.override(language):
            written = str(todo_items(items, link=url_prefix("suggestion"), today=today))
            assert lines(written) == lines(loop.render({"items": items}))
    assert "<script>" not in written and "<交通>" not in written and "<b>" not in written
    assert written.count("<li") == 4 and 'class="todo card overdue"' in written and "…" in written


# unit/work.html's loop before its rows were written in Python (oversight.views.list_rows.unit_work_rows).
WORK_LOOP = """{% load i18n oversight_ui %}{% for a in page_obj %}{% countdown a.next_due as cd %}
    <tr class="{{ cd.css }}">
      <td data-label="{% translate '建议' %}"><a href="{% url 'unit:assignment' a.pk %}">{{ a.suggestion.display_number }} {{ a.suggestion.title }}</a></td>
      <td class="nowrap" data-label="{% translate '办理方式' %}">{{ a.get_role_display }}</td>
      <td class="nowrap" data-label="{% translate '状态' %}"><span class="status">{{ a.get_status_display }}</span></td>
      <td data-label="{% translate '最近期限' %}">{% if a.next_due %}{{ a.next_due_kind|deadline_label }} <time datetime="{{ a.next_due|date:'Y-m-d' }}">{{ a.next_due|date:"Y-m-d" }}</time>
        <div class="small muted">{{ a.next_due_explanation }}</div>{% else %}—{% endif %}</td>
      <td data-label="{% translate '倒计时' %}">{% if cd %}<span class="countdown {{ cd.css }}">{{ cd.text }}</span>{% else %}—{% endif %}</td>
    </tr>{% endfor %}"""  # noqa: E501


def test_unit_work_rows_are_the_markup_the_template_loop_wrote(client: Any, actors: Any) -> None:
    """A unit's work list — a row with its nearest deadline, overdue or not, and one owing none —
    written as the loop wrote it, in Chinese and in English; the page shows the same rows."""
    from datetime import timedelta

    from django.template import engines
    from django.utils import translation

    from oversight.views import selectors
    from oversight.views.common import url_prefix
    from oversight.views.list_rows import unit_work_rows
    from tracker.models import Deadline

    hostile = flow.accepted(actors, title=HOSTILE)
    late = flow.assigned(actors, title="关于逾期的建议")
    idle = flow.assigned(actors, title="无期限的建议")
    today = TODAY
    Deadline.objects.filter(subject_id=late.pk, subject_type__model="assignment").update(due=today - timedelta(days=20))
    Deadline.objects.filter(subject_id=idle.pk, subject_type__model="assignment").update(status=Deadline.Status.MET)
    Deadline.objects.filter(subject_id=hostile.pk, subject_type__model="assignment").update(
        explanation="自交办之日起<算>15个工作日 & 节假日顺延"
    )
    rows = list(selectors.unit_work(actors.liaison_a))
    assert {a.pk for a in rows} == {hostile.pk, late.pk, idle.pk} and getattr(rows[-1], "next_due") is None  # noqa: B009  (an annotation)
    loop = engines["django"].from_string(WORK_LOOP)

    def lines(html: str) -> list[str]:
        return [line.strip() for line in html.splitlines() if line.strip()]

    for language in ("zh-hans", "en"):
        with translation.override(language):
            written = str(unit_work_rows(rows, link=url_prefix("unit:assignment"), today=today))
            assert lines(written) == lines(loop.render({"page_obj": rows}))
    assert "<script>" not in written and "<算>" not in written and ESCAPED in written
    assert written.count("<tr") == 3 and 'class="overdue"' in written
    client.force_login(actors.liaison_a)
    page = client.get("/unit/").content.decode()
    assert ESCAPED in page and "&lt;算&gt;" in page and page.count('<td class="nowrap" data-label="状态">') == 3


# staff/submitted.html's loop before its rows were written in Python (list_rows.submitted_rows).
SUBMITTED_LOOP = """{% load i18n %}{% for s in page_obj %}
    <tr>
      <td data-label="{% translate '标题' %}"><a href="{% url 'suggestion' s.pk %}">{{ s.title }}</a></td>
      <td data-label="{% translate '领衔代表' %}">{{ s.lead_deputy }}</td>
      <td data-label="{% translate '会议' %}">{{ s.session.name }}</td>
      <td data-label="{% translate '提交时间' %}">{{ s.submitted_at|date:"Y-m-d H:i" }}</td>
      <td><div class="actions">
        <form method="post" action="{% url 'staff:register' s.pk %}">{% csrf_token %}<button type="submit" aria-label="{% blocktranslate with t=s.title %}立案：{{ t }}{% endblocktranslate %}">{% translate "立案" %}</button></form>
        <a class="button secondary" href="{% url 'staff:return' s.pk %}">{% translate "退回" %}</a>
      </div></td>
    </tr>{% endfor %}"""  # noqa: E501

# staff/board.html's loop before its rows were written in Python (list_rows.board_rows).
BOARD_LOOP = """{% load i18n oversight_ui %}{% for row in rows %}{% countdown row.deadline.due as cd %}
    <tr class="{{ cd.css }}">
      <td data-label="{% translate '建议' %}">{% if row.suggestion %}<a href="{% url 'suggestion' row.suggestion.pk %}">{{ row.suggestion.display_number }} {{ row.suggestion.title }}</a>{% endif %}</td>
      <td class="nowrap" data-label="{% translate '事项' %}">{{ row.deadline.kind|deadline_label }}</td>
      <td class="nowrap" data-label="{% translate '承办单位' %}">{{ row.unit_name|default:"—" }}</td>
      <td data-label="{% translate '截止日' %}"><time datetime="{{ row.deadline.due|date:'Y-m-d' }}">{{ row.deadline.due|date:"Y-m-d" }}</time>
        <div class="small muted">{{ row.deadline.explanation }}</div></td>
      <td data-label="{% translate '倒计时' %}"><span class="countdown {{ cd.css }}">{{ cd.text }}</span></td>
    </tr>{% endfor %}"""  # noqa: E501


def _lines(html: str) -> list[str]:
    """The same markup and text, whatever the indentation."""
    return [line.strip() for line in html.splitlines() if line.strip()]


def test_submitted_rows_are_the_markup_the_template_loop_wrote(actors: Any) -> None:
    """Suggestions awaiting registration, a title a person typed among them: the rows as the loop
    wrote them, with the page's CSRF token in each row's form, and the page's forms still work."""
    from django.template import engines
    from django.utils import translation

    from oversight.views.common import url_prefix
    from oversight.views.list_rows import submitted_rows

    hostile = flow.submitted(actors, title=HOSTILE)
    flow.submitted(actors, title="关于增设公交线路的建议")
    page = list(Suggestion.objects.filter(status="submitted").select_related("session", "lead_deputy"))
    assert len(page) == 2
    loop = engines["django"].from_string(SUBMITTED_LOOP)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            written = str(submitted_rows(page, link=url_prefix("suggestion"), csrf_token="tok&en"))
            assert _lines(written) == _lines(loop.render({"page_obj": page, "csrf_token": "tok&en"}))
    assert "<script>" not in written and ESCAPED in written and written.count('value="tok&amp;en"') == 2
    # A browser with CSRF checks on: the token in a row's form registers that suggestion.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(actors.staff)
    html = browser.get("/staff/submitted/").content.decode()
    action = f'action="/staff/suggestions/{hostile.pk}/register/">'
    assert ESCAPED in html and action in html
    token = html.split(action)[1].split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert browser.post(f"/staff/suggestions/{hostile.pk}/register/").status_code == 403  # no token
    response = browser.post(f"/staff/suggestions/{hostile.pk}/register/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    hostile.refresh_from_db()
    assert hostile.status == Suggestion.Status.REGISTERED


def test_board_rows_are_the_markup_the_template_loop_wrote(client: Any, actors: Any) -> None:
    """The overdue board: deadlines of an assignment (a unit named) and of the suggestion itself,
    written as the loop wrote them, in both languages; the page shows them."""
    from datetime import timedelta

    from django.template import engines
    from django.utils import translation

    from oversight.views.common import url_prefix
    from oversight.views.list_rows import board_rows
    from oversight.views.staff_boards import _rows
    from tracker.models import Deadline

    flow.assigned(actors, title=HOSTILE)
    flow.assigned(actors, title="关于增设公交线路的建议")
    today = TODAY
    Deadline.objects.update(due=today - timedelta(days=3), explanation="自交办之日起<15>个工作日 & 顺延")
    rows = _rows(list(Deadline.objects.select_related("subject_type").order_by("due", "id")))
    assert rows and any(r.unit_name for r in rows)
    loop = engines["django"].from_string(BOARD_LOOP)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            written = str(board_rows(rows, link=url_prefix("suggestion"), today=today))
            assert _lines(written) == _lines(loop.render({"rows": rows}))
    assert "<script>" not in written and "<15>" not in written and ESCAPED in written
    client.force_login(actors.staff)
    html = client.get("/staff/overdue/").content.decode()
    assert ESCAPED in html and html.count('<tr class="overdue">') == len(rows)
