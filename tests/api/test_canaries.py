"""No private text reaches anyone who may not read it — on any API endpoint or page.

tests/api/canary_world.py seeds a distinct canary into every private field of one suggestion.
For each role this test fetches every GET endpoint under /api/v1/ and every page, on every object
of that suggestion, and collects the canaries found in the response bodies. The set found must be
exactly the set the role may read: a leak fails it, and so does a canary the rightful reader
cannot find anywhere (so the test cannot pass by showing nothing).

Every GET route and every page route must be listed here, either with the objects to fetch or in
a "not about a suggestion" set, so a new endpoint cannot escape the check.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.api.canary_world import CANARIES, ROLES, CanaryCase, build
from tests.api.test_permission_matrix import api_routes
from tests.api.world import World
from tracker.models import Deadline, Notification

# API GET routes → which objects of the canary suggestion to fetch (a key of CanaryCase.objects).
API_TARGETS = {
    "suggestion-detail": "suggestion",
    "suggestion-timeline": "suggestion",
    "suggestion-co-opinions": "suggestion",
    "assignment-detail": "assignment",
    "assignment-contacts": "assignment",
    "reply-detail": "reply",
    "attachment-download": "attachment",
    "public-reply-detail": "reply",
    "extension-detail": "extension",
    "feedback-detail": "feedback",
    "commitment-detail": "commitment",
    "commitment-progress": "commitment",
    "deadline-detail": "deadline",
    "deputy-detail": "deputy",
    "inbox-detail": "notification",
}
# Reference data and Workflow 2 / voting objects hold nothing of a suggestion (their lists are
# still fetched below); their own visibility is tested in tests/oversight/deliberation and voting.
API_UNRELATED = {
    "category-detail",
    "session-detail",
    "unit-detail",
    "user-detail",  # staff-only account directory; holds no case text
    "supervision-detail",  # no supervision on the canary suggestion; supervision notes are not private
    "opinion-detail",
    "opinion-item-detail",
    "opinion-timeline",
    "followup-report-detail",
    "report-attachment-download",
    "voting-round-detail",
    "voting-round-results",
    "voting-round-turnout",
    "progress-report-detail",  # no progress reports on the canary suggestion (tested in test_progress)
}
# Lists fetched with a filter on the canary suggestion as well as without one.
FILTERED_LISTS = ("deadline-list", "reply-list", "assignment-list", "extension-list", "feedback-list")

PAGE_TARGETS = {
    "suggestion": "suggestion",
    "staff:register": "suggestion",
    "staff:return": "suggestion",
    "staff:assign": "suggestion",
    "staff:key": "suggestion",
    "staff:supervise": "suggestion",
    "staff:similar": "suggestion",
    "staff:close_off": "suggestion",
    "staff:review": "reply",
    "staff:publish": "reply",
    "unit:reply_detail": "reply",
    "unit:reply_edit": "reply",
    "unit:sign": "reply",
    "unit:send_back": "reply",
    "deputy:rate": "reply",
    "public:reply": "reply",
    "staff:decide_return": "assignment",
    "staff:waive_contact": "assignment",
    "staff:waive_co_opinion": "assignment",
    "staff:conclude": "assignment",
    "unit:assignment": "assignment",
    "unit:accept": "assignment",
    "unit:request_return": "assignment",
    "unit:request_extension": "assignment",
    "unit:contact": "assignment",
    "unit:co_opinion": "assignment",
    "unit:reply": "assignment",
    "staff:decide_extension": "extension",
    "staff:commitment_fulfil": "commitment",
    "staff:commitment_close": "commitment",
    "unit:progress": "commitment",
    "inbox_open": "notification",
    "progress": "suggestion",
}
# Pages with an id that is not a suggestion's (Workflow 2, voting), and routes that are not pages.
PAGES_UNRELATED_PREFIXES = ("deliberation:", "voting:", "public:opinion", "public:vote_result", "progress_file")
# staff:link (并案) is a POST-only step between two suggestions (GET answers 405, shows nothing).
PAGES_SKIPPED = {"set_language", "logout", "api-schema", "api-docs", "inbox_read_all", "staff:link"}


# Pages keyed by a name rather than an id: the .xlsx downloads, every list and every table.
def _slug_pages() -> dict[str, list[dict[str, str]]]:
    from oversight.stats.exports import LISTS
    from oversight.stats.tables import TABLES

    return {
        "export_list": [{"kind": kind} for kind in LISTS],
        "stats:export": [{"name": name} for name in TABLES],
    }


def page_routes() -> list[tuple[str, bool]]:
    """(url name, takes a pk) for every page outside /api/ and /admin/."""
    found: list[tuple[str, bool]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in ("api", "admin"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}{pattern.name}", "<int:pk>" in str(pattern.pattern)))

    walk(get_resolver().url_patterns, "")
    return found


def _objects(case: CanaryCase, kind: str, user: Any) -> list[Any]:
    if kind == "deadline":
        return list(Deadline.objects.filter(case_type__model="suggestion", case_id=case.suggestion.pk))
    if kind == "deputy":
        return [case.world.actors.deputy_profile]
    if kind == "notification":
        return list(Notification.objects.all())
    return case.objects.get(kind, [])


def _api_urls(case: CanaryCase, user: Any) -> list[str]:
    urls: list[str] = []
    for route in sorted(api_routes()):
        name, method = route.split()
        if method != "GET" or name in API_UNRELATED:
            continue
        if name in API_TARGETS:
            urls += [reverse(f"api:{name}", kwargs={"pk": o.pk}) for o in _objects(case, API_TARGETS[name], user)]
            continue
        url = reverse(f"api:{name}")  # a list: NoReverseMatch here means a detail route without a row above
        urls.append(f"{url}?page_size=100")
        if name in FILTERED_LISTS:
            urls.append(f"{url}?page_size=100&suggestion={case.suggestion.pk}")
    return urls


def _page_urls(case: CanaryCase, user: Any) -> list[str]:
    urls: list[str] = []
    for name, takes_pk in page_routes():
        if name in PAGES_SKIPPED or (takes_pk and name.startswith(PAGES_UNRELATED_PREFIXES)):
            continue
        if takes_pk:
            assert name in PAGE_TARGETS, f"page {name} has no row in PAGE_TARGETS or PAGES_UNRELATED"
            urls += [reverse(name, kwargs={"pk": o.pk}) for o in _objects(case, PAGE_TARGETS[name], user)]
        elif name in _slug_pages():
            urls += [reverse(name, kwargs=kwargs) for kwargs in _slug_pages()[name]]
        else:
            urls.append(reverse(name))
    return urls


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if raw[:2] == b"PK":  # an .xlsx/.docx download: read the text inside the zip
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return raw.decode("utf-8", "replace")


@pytest.fixture
def canary_case(world: World) -> CanaryCase:
    case = build(world)
    # A reminder for every deadline, so inboxes hold what the sweep sends.
    for deadline in Deadline.objects.filter(case_id=case.suggestion.pk):
        for user in case.users.values():
            if user is not None:
                Notification.objects.create(
                    recipient=user,
                    title="办理期限提醒",
                    body=deadline.explanation,
                    link=f"/suggestions/{deadline.case_id}/",
                )
    return case


def test_every_route_is_classified() -> None:
    gets = {route.split()[0] for route in api_routes() if route.endswith(" GET")}
    for name in gets - set(API_TARGETS) - API_UNRELATED:
        try:
            reverse(f"api:{name}")
        except NoReverseMatch:  # pragma: no cover - the message is the point
            pytest.fail(f"GET route {name} takes an id: add it to API_TARGETS or API_UNRELATED")
    assert not (set(API_TARGETS) | API_UNRELATED) - gets, "stale rows"
    for name, takes_pk in page_routes():
        if takes_pk and not name.startswith(PAGES_UNRELATED_PREFIXES) and name not in PAGES_SKIPPED:
            assert name in PAGE_TARGETS, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_canary_reaches_a_role_that_may_not_read_it(role: str, canary_case: CanaryCase) -> None:
    user = canary_case.users[role]
    api, pages = APIClient(), Client()
    if user is not None:
        api.force_authenticate(user=type(user).objects.get(pk=user.pk))
        pages.force_login(user)
    found: dict[str, list[str]] = {}
    api_urls, page_urls = _api_urls(canary_case, user), _page_urls(canary_case, user)
    for client, urls in ((api, api_urls), (pages, page_urls)):
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, f"{role} {url}: {response.status_code}"
            body = _body(response)
            for canary in CANARIES:
                if canary in body:
                    found.setdefault(canary, []).append(url)
    allowed = {canary for canary, roles in CANARIES.items() if role in roles}
    leaks = {canary: urls for canary, urls in found.items() if canary not in allowed}
    missing = allowed - set(found)
    assert not leaks, f"{role} received private text it may not read: {leaks}"
    assert not missing, f"{role} should read {sorted(missing)} somewhere, found it nowhere"
    print(f"canary matrix: {role}: {len(api_urls)} API requests, {len(page_urls)} page requests")
