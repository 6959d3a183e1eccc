"""What the list and detail pages compute once instead of per row (docs/benchmarks.md "List pages:
the render trimmed") shows exactly what the template filters it replaced showed, and what is read
once per request for the person is that person's own."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import engines
from django.test import Client
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from oversight.models import Assignment, Suggestion, UnitMember, User
from oversight.templatetags.oversight_ui import display, readable_timeline, timeline_items, ymd
from oversight.views.common import load_roles, url_prefix
from tracker.models import Notification, TimelineEntry

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_roles_read_in_one_query_are_the_models_own(actors: Any, django_assert_num_queries: Any) -> None:
    # A person who is a deputy, liaison of one unit and head and liaison of another, with unread
    # and read notices; and people with none of it.
    person = actors.liaison_a
    UnitMember.objects.create(unit=actors.unit_b, user=person, role=UnitMember.Role.HEAD)
    UnitMember.objects.create(unit=actors.unit_b, user=person, role=UnitMember.Role.LIAISON)
    actors.cosigner_profile.user = person
    actors.cosigner_profile.save()
    Notification.objects.create(recipient=person, title="未读一")
    Notification.objects.create(recipient=person, title="未读二")
    Notification.objects.create(recipient=person, title="已读", read_at=datetime(2026, 6, 1, tzinfo=ZoneInfo("UTC")))
    Notification.objects.create(recipient=actors.staff, title="别人的")
    for user in (person, actors.staff, actors.deputy, actors.outsider, actors.head_b):
        expected = fresh(user)
        roles, deputy_id, heads = expected.unit_roles, expected.deputy_id, expected.unit_ids("head")
        loaded = fresh(user)
        with django_assert_num_queries(1):
            assert load_roles(loaded) is loaded
            assert (loaded.unit_roles, loaded.deputy_id, loaded.unit_ids("head")) == (roles, deputy_id, heads)
        assert loaded.unread_inbox == Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    assert fresh(person).unit_roles == {actors.unit_a.pk: {"liaison"}, actors.unit_b.pk: {"head", "liaison"}}
    # request.user is a lazy object: the values land on the User behind it.
    lazy: Any = SimpleLazyObject(lambda: fresh(person))
    load_roles(lazy)
    assert lazy.deputy_id == actors.cosigner_profile.pk and lazy.unread_inbox == 2
    # What was loaded already is not read again (nor replaced).
    partly = fresh(actors.staff)
    assert partly.deputy_id is None
    with django_assert_num_queries(0):
        load_roles(partly)


def test_each_person_sees_their_own_header(actors: Any) -> None:
    """The header's badge and workbenches come from the person's own roles, whoever asked before."""
    Notification.objects.create(recipient=actors.staff, title="给工作人员")
    pages = {}
    for user in (actors.staff, actors.deputy, actors.liaison_a, actors.staff):
        client = Client()
        client.force_login(user)
        pages[user.username] = client.get("/public/replies/").content.decode()
    assert 'aria-label="1 条未读"' in pages[actors.staff.username]
    assert "条未读" not in pages[actors.deputy.username] and "条未读" not in pages[actors.liaison_a.username]
    assert "我的建议" in pages[actors.deputy.username] and "我的建议" not in pages[actors.staff.username]
    assert "本单位办理" in pages[actors.liaison_a.username] and "本单位办理" not in pages[actors.deputy.username]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_display_shows_what_get_display_shows(language: str) -> None:
    with translation.override(language):
        for status in [*Suggestion.Status.values, "unknown"]:
            suggestion = Suggestion(status=status)
            assert display(suggestion, "status") == suggestion.get_status_display()
        for role in Assignment.Role.values:
            assignment = Assignment(role=role)
            assert display(assignment, "role") == assignment.get_role_display()


def test_url_prefix() -> None:
    assert url_prefix("suggestion") + "7/" == "/suggestions/7/"
    with pytest.raises(ValueError):
        url_prefix("staff:similar")  # the object id is not the last segment


def test_the_timeline_shows_what_the_date_filters_showed(actors: Any) -> None:
    """Now" is the frozen clock of the tests (conftest): entries around it, in and out of summer."""
    case_type = ContentType.objects.get_for_model(Suggestion)
    at = datetime(2026, 6, 15, 1, 2, 3, 456789, tzinfo=ZoneInfo("UTC"))
    entries = [
        TimelineEntry(case_type=case_type, case_id=1, at=at, action="suggestion.submit", note="", actor=actors.staff),
        TimelineEntry(case_type=case_type, case_id=1, at=at + timedelta(days=200, hours=20), action="x.y", note="说明"),
        TimelineEntry(case_type=case_type, case_id=1, at=at.replace(microsecond=0), action="reply.sign", note="签"),
    ]
    entries[2].label = "自定的标题"  # type: ignore[attr-defined]
    old = engines["django"].from_string(
        "{% load oversight_ui %}{% for entry in entries %}{{ entry.at|date:'c' }}|{{ entry.at|date:'Y-m-d H:i' }}|"
        "{% firstof entry.label entry.action|action_label %}|{% firstof entry.display_note entry.note %};{% endfor %}"
    )
    for language in ("zh-hans", "en"):
        with translation.override(language):
            expected = old.render({"entries": entries})
            prepared = readable_timeline(entries)
            shown = "".join(f"{e.at_iso}|{e.at_text}|{e.heading}|{e.shown_note or ''};" for e in prepared)
            assert shown == expected
    assert getattr(entries[0], "at_text") == "2026-06-15 09:02"  # noqa: B009  (Asia/Shanghai)


def test_the_timeline_steps_are_the_markup_the_template_loop_wrote(actors: Any) -> None:
    """timeline_items writes each step's <li> as includes/timeline.html's loop did, escaping what
    a person typed (a note, a name) as {{ }} did; steps without an actor or a note leave them out."""
    case_type = ContentType.objects.get_for_model(Suggestion)
    at = datetime(2026, 6, 15, 1, 2, 3, tzinfo=ZoneInfo("UTC"))
    actors.staff.display_name = '王<b>五</b> & "赵"'
    entries = [
        TimelineEntry(case_type=case_type, case_id=1, at=at, action="suggestion.submit", note="", actor=actors.staff),
        TimelineEntry(
            case_type=case_type, case_id=1, at=at, action="x.<y>", note="<script>alert('1')</script>\n第二行"
        ),
        TimelineEntry(case_type=case_type, case_id=1, at=at, action="reply.sign", note="签发", actor=actors.staff),
    ]
    entries[2].label = "自定 & 的标题"  # type: ignore[attr-defined]
    loop = engines["django"].from_string(
        """{% for entry in entries %}
    <li><time datetime="{{ entry.at_iso }}">{{ entry.at_text }}</time>
      <strong>{{ entry.heading }}</strong>
      {% if entry.actor %}<span class="muted">· {{ entry.actor }}</span>{% endif %}
      {% if entry.shown_note %}<div class="small pre">{{ entry.shown_note }}</div>{% endif %}
    </li>{% endfor %}"""
    )

    def words(html: str) -> list[str]:  # the same markup and text, whatever the indentation
        return [line.strip() for line in html.splitlines() if line.strip()]

    for language in ("zh-hans", "en"):
        with translation.override(language):
            steps = readable_timeline(entries)
            written = str(timeline_items(steps))
            assert words(written) == words(loop.render({"entries": steps}))
    assert "&lt;script&gt;alert(&#x27;1&#x27;)&lt;/script&gt;" in written and "<script>" not in written
    assert "王&lt;b&gt;五&lt;/b&gt; &amp; &quot;赵&quot;" in written and "自定 &amp; 的标题" in written
    assert written.count("<li>") == 3 and written.count('class="muted"') == 2


def test_ymd_shows_what_the_date_filter_shows() -> None:
    """ "Now" is the frozen clock of the tests: times either side of midnight in Asia/Shanghai."""
    template = engines["django"].from_string('{{ value|date:"Y-m-d" }}')
    for value in (
        datetime(2026, 6, 14, 15, 59, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 6, 14, 16, 0, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 1, 2, 3, 4),
        datetime(2026, 12, 31, 23, 59, tzinfo=ZoneInfo("Asia/Shanghai")),
        datetime(2026, 6, 15).date(),
        None,
        "",
    ):
        assert ymd(value) == template.render({"value": value}), value
