"""待办: everyone lands on what they owe now, with countdown, next-step button and header counts."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.services import replies
from tests.oversight.views import flow
from tracker import timeline

pytestmark = pytest.mark.django_db


def after_a_change(client: Any, assert_num_queries: Any, url: str, expected: int) -> Any:
    """GET ``url`` right after a state change anywhere — every one writes a timeline entry, which
    moves ``timeline.version()`` and so retires every kept queue (oversight/todo.py) — and pin the
    queries of reading the queue again."""
    timeline.written()  # what writing a timeline entry does to the kept copies
    with assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def page(client: Any, user: Any, url: str = "/todo/") -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_role_sees_its_next_step_with_a_button(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors)
    html = page(client, actors.liaison_a)
    assert "待签收" in html and f'href="/unit/assignments/{assignment.pk}/"' in html and "签收或申请退办" in html
    assert "还剩" in html  # the countdown of the return window
    assert "目前没有需要你办理的事项" in page(client, actors.liaison_b)
    assert "目前没有需要你办理的事项" in page(client, actors.outsider)

    reply = flow.drafted(actors)
    head = page(client, actors.head_a)
    assert "待签发" in head and f'href="/unit/replies/{reply.pk}/"' in head
    assert "待签发" not in page(client, actors.liaison_a)  # the draft is with the head now

    replies.reply_sign(reply=reply, actor=actors.head_a)
    staff = page(client, actors.staff)
    assert "待审核" in staff and f'href="/staff/replies/{reply.pk}/review/"' in staff

    replies.reply_accept(reply=reply, actor=actors.staff)
    deputy = page(client, actors.deputy)
    assert "待评价" in deputy and f"#rate-{reply.pk}" in deputy and "代表评价 截止" in deputy
    assert "待审核" not in page(client, actors.staff)


def test_header_counts_follow_the_work(client: Any, actors: Any) -> None:
    reply = flow.drafted(actors)
    html = page(client, actors.head_a, "/unit/")
    assert '待签发 <span class="badge">1</span>' in html
    replies.reply_sign(reply=reply, actor=actors.head_a)  # writes the timeline: the counts refresh
    html = page(client, actors.head_a, "/unit/")
    assert "待签发 <span" not in html
    assert '待审核 <span class="badge">1</span>' in page(client, actors.staff, "/staff/")


def test_filter_by_kind_and_overdue_first(client: Any, actors: Any) -> None:
    import time_machine

    flow.submitted(actors, title="尚未立案的建议")
    flow.signed(actors)
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        html = page(client, actors.staff)
        assert html.index("待审核") < html.index("尚未立案的建议")  # with a deadline first, overdue
        assert "已逾期" in html
        only = page(client, actors.staff, "/todo/?only=register")
    assert "尚未立案的建议" in only and "审核答复" not in only


@pytest.mark.parametrize("size", [1, 3])
def test_todo_query_count_for_staff_and_units(
    client: Any, actors: Any, pinned: Any, django_assert_num_queries: Any, size: int
) -> None:
    for i in range(size):
        flow.signed(actors, title=f"建议{i}")
        flow.submitted(actors, title=f"待立案{i}")
    client.force_login(actors.staff)
    # Staff's kinds are the same for every member of staff and kept until the next timeline entry:
    # the session with the person and their roles only (unit roles, deputy id and unread badge: one
    # query, security/sessions.py).
    html = pinned("/todo/", 1).content.decode()
    assert html.count("审核答复") == size and html.count("立案审查") == size
    # A change anywhere writes the timeline: read again — the session; signed replies, return
    # requests, extensions, closed feedback windows, submitted (each the first LIMIT rows; no count
    # while a kind has fewer) (the counts are cached).
    flow.submitted(actors, title="又一件待立案")
    with django_assert_num_queries(6):
        html = client.get("/todo/").content.decode()
    assert html.count("立案审查") == size + 1 and "又一件待立案" in html
    client.force_login(actors.head_a)
    pinned("/todo/", 1)  # kept for the person until the next timeline entry: the session only
    # the session with the person and their roles (one query); unit: the capped counts of 待签收,
    # 待提交协办意见 and 待答复 in one query (here all three empty: no read), 待签发, 待修改,
    # commitments; head roles
    after_a_change(client, django_assert_num_queries, "/todo/", 5)


@pytest.mark.parametrize("size", [1, 3])
def test_todo_query_count_for_deputies(
    client: Any, actors: Any, pinned: Any, django_assert_num_queries: Any, size: int
) -> None:
    for i in range(size):
        flow.delivered(actors, title=f"建议{i}")
    client.force_login(actors.deputy)
    assert pinned("/todo/", 1).content.decode().count("评价答复") == size  # kept: the session only
    # the session with the person and their roles (one query), the ratings owed
    html = after_a_change(client, django_assert_num_queries, "/todo/", 2).content.decode()
    assert html.count("评价答复") == size


def test_rating_form_is_at_the_top_with_days_left_and_unit_deadlines_are_hidden(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    suggestion_id = reply.assignment.suggestion_id
    html = page(client, actors.deputy, f"/suggestions/{suggestion_id}/")
    assert f'id="rate-{reply.pk}"' in html
    assert html.index("待您评价") < html.index("建议内容") < html.index("办理期限")
    assert "评价截止" in html and "还剩 20 个工作日" in html and "代为记录您的意见" in html
    assert "退办申请期" not in html  # the unit's own step
    assert "退办申请期" in page(client, actors.liaison_a, f"/suggestions/{suggestion_id}/")
    assert "待您评价" not in page(client, actors.staff, f"/suggestions/{suggestion_id}/")


def test_after_the_feedback_window_the_deputy_is_told_and_staff_owe_the_outcome(client: Any, actors: Any) -> None:
    import time_machine

    reply = flow.delivered(actors)
    url = f"/suggestions/{reply.assignment.suggestion_id}/"
    with time_machine.travel("2026-08-03 10:00 +0800", tick=False):
        html = page(client, actors.deputy, url)
        assert "待您评价" not in html and "评价期已于" in html and "人大工作人员将与您联系" in html
        assert "待评价" not in page(client, actors.deputy)
        staff = page(client, actors.staff)
        assert "评价期已过" in staff and "联系代表并记录结果" in staff


def test_every_next_step_button_opens_a_page(client: Any, actors: Any) -> None:
    from oversight import todo
    from oversight.services import assignments as a_svc

    flow.submitted(actors, title="待立案的建议")
    flow.signed(actors, title="待审核的建议")
    flow.drafted(actors, title="待签发的建议")
    flow.assigned(actors, title="待签收的建议")
    flow.delivered(actors, title="待评价的建议")
    returning = flow.accepted(actors, title="申请退办的建议")
    a_svc.assignment_request_return(assignment=returning, actor=actors.liaison_a, reason="不属于本局职责")
    seen = set()
    for who in (actors.staff, actors.liaison_a, actors.head_a, actors.deputy):
        client.force_login(who)
        for item in todo.todo_for(who):
            seen.add(item.code)
            assert client.get(item.url).status_code == 200, (who, item.code, item.url)
    assert {"register", "review", "sign", "sign_for", "rate", "decide"} <= seen


def test_each_item_names_its_unit_deadline_and_the_note_to_act_on(actors: Any) -> None:
    """What each kind of item carries besides its button: the unit, the deadline it counts down to
    and the note the person acts on (the reason asked, the staff's review, the promise made)."""
    from datetime import date

    from oversight import todo
    from oversight.services import assignments as a_svc

    returning = flow.accepted(actors, title="申请退办的建议")
    a_svc.assignment_request_return(assignment=returning, actor=actors.liaison_a, reason="不属于本局职责")
    extending = flow.accepted(actors, title="申请延期的建议")
    a_svc.assignment_request_extension(assignment=extending, actor=actors.liaison_a, months=2, reason="需专项调研")
    sent_back = replies.reply_send_back(
        reply=flow.signed(actors, title="退回的建议"), actor=actors.staff, reason="请补充数据"
    )
    promised = flow.delivered(actors, category="B", title="有承诺的建议")

    def found(user: Any) -> dict[tuple[str, str], todo.Todo]:
        return {(item.code, item.suggestion.title): item for item in todo.todo_for(user)}

    staff = found(actors.staff)
    asked = staff[("decide", "申请退办的建议")]
    assert (asked.unit, asked.due, asked.due_kind, asked.note) == ("市住房和城乡建设局", None, "", "不属于本局职责")
    assert asked.url == f"/staff/assignments/{returning.pk}/decide-return/"
    extension = staff[("decide", "申请延期的建议")]
    assert extension.note == "申请延期2个月：需专项调研" and extension.due is not None and extension.due_kind
    assert extension.unit == "市住房和城乡建设局"

    liaison = found(actors.liaison_a)
    revise = liaison[("revise", "退回的建议")]
    assert revise.note == "请补充数据" and revise.url == f"/unit/replies/{sent_back.pk}/edit/" and revise.due
    commitment = liaison[("commitment", "有承诺的建议")]
    assert (commitment.unit, commitment.due, commitment.note) == (
        "市住房和城乡建设局",
        date(2099, 12, 31),
        "年内开通新线路",
    )
    assert commitment.due_kind == "commitment" and promised.assignment.unit_id == actors.unit_a.pk


def test_a_deputy_is_asked_to_rate_only_replies_to_suggestions_they_lead_or_cosigned(client: Any, actors: Any) -> None:
    """Only the suggestion's deputies may rate (services/feedback.py): a deputy who also works
    for the answering unit sees that unit's other replies, but is not asked to rate them."""
    from oversight.models import Suggestion, UnitMember

    own = flow.delivered(actors, title="我领衔的建议")
    other = flow.delivered(actors, title="别人领衔的建议")
    suggestion = Suggestion.objects.get(pk=other.assignment.suggestion_id)
    Suggestion.objects.filter(pk=suggestion.pk).update(lead_deputy=actors.cosigner_profile)
    suggestion.co_signers.clear()
    UnitMember.objects.create(unit=actors.unit_a, user=actors.deputy, role=UnitMember.Role.LIAISON)

    deputy = page(client, actors.deputy)
    assert f"#rate-{own.pk}" in deputy and f"#rate-{other.pk}" not in deputy
    cosigner = page(client, actors.cosigner)  # co-signed the first, leads the second
    assert f"#rate-{own.pk}" in cosigner and f"#rate-{other.pk}" in cosigner


def test_staff_owe_outcomes_only_after_the_window_oldest_window_first(client: Any, actors: Any) -> None:
    import datetime as dt

    import time_machine

    from tracker.models import Deadline

    first = flow.delivered(actors, title="先送达的建议")
    with time_machine.travel("2026-06-29 10:00 +0800", tick=False):
        second = flow.delivered(actors, title="后送达的建议")

    def window(reply: Any) -> dt.date:
        return Deadline.objects.for_subject(reply).get(kind="feedback").due

    def on(day: dt.date) -> str:
        with time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False):
            return page(client, actors.staff, "/todo/?only=outcome")

    assert window(first) < window(second)
    assert "评价期已过" not in page(client, actors.staff)
    assert "先送达的建议" not in on(window(first))  # the last day of the window is still the deputy's
    between = on(window(first) + dt.timedelta(days=1))
    assert "先送达的建议" in between and "后送达的建议" not in between
    both = on(window(second) + dt.timedelta(days=1))
    assert both.index("先送达的建议") < both.index("后送达的建议")


def test_each_kind_lists_its_first_items_with_the_total_and_a_link_to_all(
    client: Any, actors: Any, monkeypatch: Any
) -> None:
    """A long queue shows its most urgent items, the kind's total and its board; the header counts
    the whole kind (exact up to the cap, then "N+")."""
    from oversight import todo

    monkeypatch.setattr(todo, "LIMIT", 2)
    for i in range(3):
        flow.submitted(actors, title=f"待立案{i}")
        flow.assigned(actors, title=f"待签收{i}")
    html = page(client, actors.staff)
    assert html.count("立案审查") == 2 and "待立案0" in html and "待立案1" in html and "待立案2" not in html
    assert "待立案 共 3 件，这里列出最紧迫的 2 件。" in html and 'href="/staff/submitted/">查看全部待立案' in html
    assert "待立案 <strong>3</strong>" in html
    liaison = page(client, actors.liaison_a)
    assert liaison.count("签收或申请退办") == 2 and "待签收 共 3 件" in liaison
    assert 'href="/unit/">查看全部待签收' in liaison

    monkeypatch.setattr(todo, "COUNT_CAP", 2)
    html = page(client, actors.staff, "/todo/?only=register")
    assert "待立案 共 2+ 件" in html and "待立案 <strong>2+</strong>" in html


def test_a_short_queue_has_no_more_link(client: Any, actors: Any) -> None:
    flow.submitted(actors, title="待立案的建议")
    html = page(client, actors.staff)
    assert "立案审查" in html and "查看全部" not in html and "待立案 <strong>1</strong>" in html


def test_the_first_items_are_the_most_urgent_of_their_kind(actors: Any, monkeypatch: Any) -> None:
    """Cut to its first items, a kind keeps the ones the whole list would put first: here the
    replies signed first (待审核, oldest first) and the assignments whose return window ends first."""
    import time_machine

    from oversight import todo

    monkeypatch.setattr(todo, "LIMIT", 2)
    for day in ("2026-06-01", "2026-06-03", "2026-06-05"):
        with time_machine.travel(f"{day} 10:00 +0800", tick=False):
            flow.signed(actors, title=f"{day}签发")
            flow.assigned(actors, title=f"{day}交办")
    staff = [t.suggestion.title for t in todo.todo_for(actors.staff) if t.code == "review"]
    assert staff == ["2026-06-01签发", "2026-06-03签发"]
    liaison = [t.suggestion.title for t in todo.todo_for(actors.liaison_a) if t.code == "sign_for"]
    assert liaison == ["2026-06-01交办", "2026-06-03交办"]


def test_todo_query_count_with_long_queues(
    client: Any, actors: Any, pinned: Any, django_assert_num_queries: Any, monkeypatch: Any
) -> None:
    """A full first page costs one capped count more per kind, whatever the queue's length."""
    from oversight import todo

    monkeypatch.setattr(todo, "LIMIT", 2)
    for i in range(3):
        flow.signed(actors, title=f"建议{i}")
        flow.submitted(actors, title=f"待立案{i}")
    client.force_login(actors.staff)
    pinned("/todo/", 1)  # kept until the next timeline entry
    flow.submitted(actors, title="又一件待立案")
    # read again: as with short queues (6), plus the capped counts of 待审核 and 待立案
    with django_assert_num_queries(8):
        html = client.get("/todo/").content.decode()
    assert html.count("审核答复") == 2 and html.count("立案审查") == 2 and "立案审查 (4)" not in html


def test_a_long_unit_queue_is_read_by_walking_the_deadlines(
    client: Any, actors: Any, pinned: Any, django_assert_num_queries: Any, monkeypatch: Any
) -> None:
    """Past the cap, a unit's kind is read by walking its open deadlines in due order: the same
    first items, nearest deadline first, at a fixed number of queries."""
    import time_machine

    from oversight import todo

    monkeypatch.setattr(todo, "LIMIT", 2)
    monkeypatch.setattr(todo, "COUNT_CAP", 2)
    for day in ("2026-06-05", "2026-06-01", "2026-06-03", "2026-06-08"):
        with time_machine.travel(f"{day} 10:00 +0800", tick=False):
            flow.assigned(actors, title=f"{day}交办")
    liaison = [t.suggestion.title for t in todo.todo_for(actors.liaison_a) if t.code == "sign_for"]
    assert liaison == ["2026-06-01交办", "2026-06-03交办"]
    client.force_login(actors.liaison_a)
    # the session with the person and their roles (with the badge: one query); the three counts;
    # 待签收's walk and its rows; 待修改; commitments
    pinned("/todo/", 1)  # kept
    html = after_a_change(client, django_assert_num_queries, "/todo/", 6).content.decode()
    assert html.count("签收或申请退办") == 2 and "待签收 共 2+ 件" in html


def test_staff_share_one_reading_of_their_queue_until_the_next_change(
    client: Any, actors: Any, django_assert_num_queries: Any
) -> None:
    """Staff's kinds are read once for every member of staff (they see every suggestion) and kept
    until a timeline entry is written: another member of staff reads the same items without a
    query of the queue, and what changes reaches the next page at once."""
    from oversight.models import User

    reply = flow.signed(actors, title="待审核的答复")
    first = page(client, actors.staff)
    assert "待审核的答复" in first and f'href="/staff/replies/{reply.pk}/review/"' in first
    colleague = User.objects.create(username="staff_2", display_name="第二位工作人员", is_congress_staff=True)
    client.force_login(colleague)
    with django_assert_num_queries(1):  # the session with the person and roles; the queue is kept
        again = client.get("/todo/").content.decode()
    assert f'href="/staff/replies/{reply.pk}/review/"' in again
    # Kept per language: the buttons are translated.
    client.cookies["django_language"] = "en"
    english = page(client, colleague)
    assert "Review reply" in english and "审核答复" not in english
    del client.cookies["django_language"]
    replies.reply_accept(reply=reply, actor=actors.staff)  # writes the timeline
    assert f'href="/staff/replies/{reply.pk}/review/"' not in page(client, colleague)


def test_a_kept_queue_is_the_persons_with_the_roles_they_hold_now(client: Any, actors: Any) -> None:
    """Kept per person and per the roles they hold: joining a unit (no timeline entry) shows the
    unit's work on the next page, and one person's queue never reaches another."""
    from oversight.models import UnitMember

    assignment = flow.assigned(actors)
    assert f'href="/unit/assignments/{assignment.pk}/"' in page(client, actors.liaison_a)
    assert "目前没有需要你办理的事项" in page(client, actors.liaison_b)
    UnitMember.objects.create(unit=actors.unit_a, user=actors.liaison_b, role=UnitMember.Role.LIAISON)
    assert f'href="/unit/assignments/{assignment.pk}/"' in page(client, actors.liaison_b)
    assert "目前没有需要你办理的事项" in page(client, actors.outsider)


def test_suggestions_imported_in_bulk_reach_the_kept_queue_at_once(client: Any, actors: Any) -> None:
    """An import writes its timeline entries in bulk, not through ``timeline.record``: it still
    retires the kept queues, so staff see the imported suggestions waiting for registration."""
    from oversight.services.suggestions import create_submitted_many

    assert "目前没有需要你办理的事项" in page(client, actors.staff)
    row = {"content": "导入的建议内容。", "lead_deputy": actors.deputy_profile, "category": actors.category}
    create_submitted_many(actor=actors.staff, session=actors.session, rows=[{**row, "title": "批量导入的建议"}])
    html = page(client, actors.staff)
    assert "批量导入的建议" in html and "立案审查" in html


def test_a_kept_queue_holds_what_its_items_show_not_the_suggestions_content(actors: Any) -> None:
    """Queues are kept per person in the cache: each item keeps its suggestion's id, number and
    title, not its content (kilobytes a suggestion, eighty items a page)."""
    import pickle

    from oversight import todo

    flow.submitted(actors, title="待立案的建议")
    kept = todo.queue(actors.staff)
    assert [t.suggestion.title for k in kept for t in k.items] == ["待立案的建议"]
    assert "城东片区人口增长较快".encode() not in pickle.dumps(kept)
