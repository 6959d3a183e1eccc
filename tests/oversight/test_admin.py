"""The staff admin: every page opens for staff and not for others, the suggestion list costs a
fixed number of queries, status is never edited by hand, and actions go through the services."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from oversight.admin._base import StaffAdmin
from oversight.models import Assignment, ExtensionRequest, Reply, Suggestion
from oversight.services import assignments as assignment_services
from oversight.services import replies as reply_services
from oversight.services import suggestions as suggestion_services
from tests.factories import SuggestionFactory
from tracker.timeline import for_case

CHANGELIST = reverse("admin:oversight_suggestion_changelist")


@pytest.fixture
def staff_client(actors: Any) -> Client:
    actors.staff.is_staff = True  # Django's flag for entering /admin/; the role is is_congress_staff
    actors.staff.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(actors.staff)
    return client


def our_admins() -> list[tuple[Any, Any]]:
    return [(model, ma) for model, ma in admin.site._registry.items() if isinstance(ma, StaffAdmin)]


def submitted(actors: Any, **kwargs: Any) -> Suggestion:
    made = SuggestionFactory(
        session=actors.session, category=actors.category, lead_deputy=actors.deputy_profile, **kwargs
    )
    return cast(Suggestion, made)


def assigned(actors: Any, n: int) -> list[Suggestion]:
    """n suggestions registered and assigned (lead unit A, co-handler unit B) by the services."""
    made = []
    for _ in range(n):
        s = suggestion_services.suggestion_register(suggestion=submitted(actors), actor=actors.staff)
        assignment_services.suggestion_assign(
            suggestion=s, actor=actors.staff, units=[(actors.unit_a, "lead"), (actors.unit_b, "co")]
        )
        s.co_signers.add(actors.cosigner_profile)
        made.append(s)
    return made


def run_action(client: Client, url: str, action: str, objects: list[Any], note: str = "") -> Any:
    data = {"action": action, "_selected_action": [o.pk for o in objects], "note": note, "index": 0}
    return client.post(url, data, follow=True)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_admin_header_is_the_product_name(staff_client: Client) -> None:
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "人大监督事项跟踪系统" in response.content.decode()


def test_staff_can_open_every_changelist_and_change_page(staff_client: Client, actors: Any) -> None:
    assigned(actors, 1)
    expected = {
        "assignment", "attachment", "coopinion", "commitment", "commitmentprogress", "contactrecord",
        "delegation", "deputy", "extensionrequest", "feedback", "reply", "session", "suggestion",
        "suggestioncategory", "supervisionaction", "term", "unit", "unitmember", "user",
    }  # fmt: skip
    assert {model._meta.model_name for model, _ma in our_admins()} >= expected
    for model, _ma in our_admins():
        opts = model._meta
        response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.model_name
        obj = model._default_manager.first()
        if obj is not None:
            response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            assert response.status_code == 200, opts.model_name


def test_changelists_filter_and_search_without_error(staff_client: Client, actors: Any) -> None:
    s = assigned(actors, 2)[0]
    for query in (
        {"status__exact": "assigned"},
        {"unit": actors.unit_b.pk},
        {"reply_category": "A"},
        {"is_key__exact": "1"},
        {"q": actors.deputy_profile.name},
        {"q": s.title[:6]},
    ):
        response = staff_client.get(CHANGELIST, query)
        assert response.status_code == 200, query
    assert staff_client.get(CHANGELIST, {"unit": actors.unit_b.pk}).context["cl"].result_count == 2
    assert staff_client.get(CHANGELIST, {"reply_category": "A"}).context["cl"].result_count == 0


def test_people_who_are_not_staff_cannot_enter(actors: Any) -> None:
    for user in (actors.liaison_a, actors.deputy, actors.reviewer):
        user.is_staff = True  # even with Django's flag, the admin needs the congress-staff role
        user.save(update_fields=["is_staff"])
        client = Client()
        client.force_login(user)
        assert client.get(CHANGELIST).status_code == 403
        assert client.get(reverse("admin:index")).context["available_apps"] == []


@pytest.mark.parametrize("size", [3, 9])
def test_suggestion_changelist_query_count_does_not_grow(
    staff_client: Client, actors: Any, django_assert_num_queries: Any, size: int
) -> None:
    assigned(actors, size)
    # 1 login session with its user (security/sessions.py), 2-4 filter choices (sessions with their
    # term, categories, units), 5 count, 6 unfiltered count, 7-8 the user's and group permissions
    # (sidebar: other apps), 9 the page of suggestions joined with session/term/category/lead deputy,
    # 10 their assignments with units (prefetch), 11-12 date hierarchy (range, then days)
    with django_assert_num_queries(12):
        response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == size


def test_status_is_read_only_in_the_admin(staff_client: Client, actors: Any) -> None:
    s = submitted(actors)
    url = reverse("admin:oversight_suggestion_change", args=[s.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="status"' not in page
    assert 'name="title"' not in page
    response = staff_client.post(url, {"status": Suggestion.Status.CLOSED_OFF, "title": "改"})
    assert response.status_code == 403
    s.refresh_from_db()
    assert s.status == Suggestion.Status.SUBMITTED
    assert staff_client.get(reverse("admin:oversight_suggestion_add")).status_code == 403


def test_register_action_goes_through_the_service(staff_client: Client, actors: Any) -> None:
    first, second = submitted(actors), submitted(actors)
    response = run_action(staff_client, CHANGELIST, "register", [first, second])
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.status, second.status} == {Suggestion.Status.REGISTERED}
    assert {first.number, second.number} == {1, 2}
    assert for_case(first).filter(action="suggestion.register", actor=actors.staff).exists()
    assert "立案：2 项成功。" in messages_of(response)


def test_refused_transition_shows_the_chinese_error_and_changes_nothing(staff_client: Client, actors: Any) -> None:
    s = suggestion_services.suggestion_register(suggestion=submitted(actors), actor=actors.staff)
    entries = for_case(s).count()
    response = run_action(staff_client, CHANGELIST, "register", [s])
    s.refresh_from_db()
    assert s.status == Suggestion.Status.REGISTERED and s.number == 1
    assert for_case(s).count() == entries
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert "当前状态为“已立案”，不能立案。" in str(message)


def test_return_needs_a_reason_and_records_it(staff_client: Client, actors: Any) -> None:
    s = submitted(actors)
    response = run_action(staff_client, CHANGELIST, "return_with_reason", [s])
    s.refresh_from_db()
    assert s.status == Suggestion.Status.SUBMITTED
    assert "请在“理由/说明”栏填写退回理由后再执行。" in messages_of(response)
    run_action(staff_client, CHANGELIST, "return_with_reason", [s], note="属于信访事项")
    s.refresh_from_db()
    assert s.status == Suggestion.Status.RETURNED
    assert s.return_reason == "属于信访事项"


def test_mark_key_and_close_off_actions(staff_client: Client, actors: Any) -> None:
    s = assigned(actors, 1)[0]
    run_action(staff_client, CHANGELIST, "mark_key", [s], note="常委会副主任 张建华")
    s.refresh_from_db()
    assert s.is_key and s.key_leader == "常委会副主任 张建华"
    response = run_action(staff_client, CHANGELIST, "close_off", [s])
    s.refresh_from_db()
    assert s.status == Suggestion.Status.ASSIGNED
    assert any("不能销号" in m for m in messages_of(response))


def test_extension_actions_call_the_service(staff_client: Client, actors: Any) -> None:
    s = assigned(actors, 1)[0]
    lead = s.assignments.get(role=Assignment.Role.LEAD)
    assignment_services.assignment_accept(assignment=lead, actor=actors.liaison_a)
    extension = assignment_services.assignment_request_extension(
        assignment=lead, actor=actors.liaison_a, months=2, reason="需要协调预算"
    )
    url = reverse("admin:oversight_extensionrequest_changelist")
    run_action(staff_client, url, "approve", [extension], note="同意")
    extension.refresh_from_db()
    lead.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.APPROVED and extension.decision_note == "同意"
    assert lead.extension_months == 2
    response = run_action(staff_client, url, "refuse", [extension])
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.APPROVED
    assert any("不能审批延期申请" in m for m in messages_of(response))


def test_reply_accept_action_delivers_the_reply(staff_client: Client, actors: Any) -> None:
    s = assigned(actors, 1)[0]
    lead = s.assignments.get(role=Assignment.Role.LEAD)
    co = s.assignments.get(role=Assignment.Role.CO)
    assignment_services.assignment_accept(assignment=lead, actor=actors.liaison_a)
    assignment_services.assignment_accept(assignment=co, actor=actors.liaison_b)
    assignment_services.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="同意主办意见")
    assignment_services.contact_log(
        assignment=lead, actor=actors.liaison_a, method="phone", contacted_on=lead.assigned_on, summary="电话沟通"
    )
    reply = reply_services.reply_draft(assignment=lead, actor=actors.liaison_a, category="A", content="已解决")
    reply = reply_services.reply_sign(reply=reply, actor=actors.head_a)
    run_action(staff_client, reverse("admin:oversight_reply_changelist"), "accept", [reply])
    reply.refresh_from_db()
    s.refresh_from_db()
    assert reply.status == Reply.Status.ACCEPTED
    assert s.status == Suggestion.Status.REPLIED


def test_case_page_shows_timeline_in_words(staff_client: Client, actors: Any) -> None:
    s = assigned(actors, 1)[0]
    page = staff_client.get(reverse("admin:oversight_suggestion_change", args=[s.pk])).content.decode()
    assert "办理轨迹" in page
    for words in ("立案", "交办至承办单位", "待签收", actors.unit_b.name):
        assert words in page


def test_staff_cannot_grant_superuser_rights(staff_client: Client, actors: Any) -> None:
    url = reverse("admin:oversight_user_change", args=[actors.liaison_a.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="is_congress_staff"' in page
