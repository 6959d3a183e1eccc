"""Local rules: periods in calendar days, working days or months; overrides by environment (Django
settings) and by the admin page; invalid values refused with the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tracker import policy, timeline
from tracker.deadlines import compute
from tracker.models import PolicySetting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("15d", {"days": 15}),
        ("15天", {"days": 15}),
        ("15日", {"days": 15}),
        ("20wd", {"working_days": 20}),
        ("20个工作日", {"working_days": 20}),
        ("1m", {"months": 1}),
        ("2个月", {"months": 2}),
    ],
)
def test_period_syntax(text: str, rule: dict[str, int]) -> None:
    assert policy.parse_period(text) == rule


@pytest.mark.parametrize("text", ["", "15", "0d", "1 week", "-3d"])
def test_bad_period_is_refused_with_reason(text: str) -> None:
    with pytest.raises(policy.PolicyError, match="15d"):
        policy.parse_period(text)


def test_calendar_day_period_ending_on_a_weekend_moves_to_next_working_day() -> None:
    # 2026-03-06 is a Friday; 15 days later is Saturday 03-21 → Monday 03-23 (法定期间顺延).
    result = compute(start=date(2026, 3, 6), rule={"days": 15}, start_label="重新办理")
    assert result.due == date(2026, 3, 23)
    assert "15 日后为 2026-03-21（周六）" in result.explanation
    assert "依法顺延至 2026-03-23（周一）" in result.explanation


def test_calendar_day_period_ending_on_a_working_day_is_kept() -> None:
    result = compute(start=date(2026, 3, 2), rule={"days": 15})
    assert result.due == date(2026, 3, 17)
    assert "工作日，截止 2026-03-17" in result.explanation


def test_calendar_day_period_over_national_holiday_moves_past_it() -> None:
    # 2026-09-16 + 15 days = 10-01 (国庆): the period ends on the first working day after the break.
    result = compute(start=date(2026, 9, 16), rule={"days": 15})
    assert result.due == date(2026, 10, 8)  # 2026 国庆 break: 10-01 to 10-07


def test_environment_default_is_read_live(settings: Any) -> None:
    settings.REHANDLING_PERIOD = "15d"
    assert policy.period("REHANDLING_PERIOD") == {"days": 15}
    settings.REHANDLING_PERIOD = "1m"
    assert policy.period("REHANDLING_PERIOD") == {"months": 1}


def test_override_wins_over_default_and_reset_restores_it(make_user: Any) -> None:
    admin_user = make_user(is_superuser=True, is_staff=True)
    assert policy.get("REMIND_BEFORE_WORKING_DAYS") == (10, 5, 1)
    row = policy.policy_set(key="REMIND_BEFORE_WORKING_DAYS", value="7，3", actor=admin_user)
    assert policy.get("REMIND_BEFORE_WORKING_DAYS") == (7, 3)
    assert timeline.for_case(row).get().action == "policy.set"
    policy.policy_set(key="REMIND_BEFORE_WORKING_DAYS", value="", actor=admin_user)
    assert policy.get("REMIND_BEFORE_WORKING_DAYS") == (10, 5, 1)
    assert not PolicySetting.objects.exists()


def test_only_administrators_change_rules(make_user: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        policy.policy_set(key="REMIND_BEFORE_WORKING_DAYS", value="3", actor=make_user())
    assert not PolicySetting.objects.exists()


def test_invalid_override_is_refused(make_user: Any) -> None:
    with pytest.raises(policy.PolicyError):
        policy.policy_set(key="REMIND_OVERDUE_EVERY_WORKING_DAYS", value="每周", actor=make_user(is_superuser=True))


def test_reminder_offsets_follow_the_override(make_user: Any) -> None:
    from tracker.reminders.rules import RuleBook

    policy.policy_set(key="REMIND_BEFORE_WORKING_DAYS", value="3", actor=make_user(is_superuser=True))
    book = RuleBook(date(2026, 6, 15))
    # Due 2026-06-22 is 5 working days away: no "before" reminder with only a 3-day offset.
    assert book.firings(date(2026, 6, 22)) == ()
    assert [f.occurrence for f in book.firings(date(2026, 6, 18))] == ["2026-06-18:-3"]


@pytest.fixture
def admin_client_(make_user: Any, settings: Any) -> Client:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def test_admin_page_sets_a_calendar_day_rehandling_period(admin_client_: Client) -> None:
    page = admin_client_.get("/admin/tracker/policysetting/add/")
    assert "不满意后重新办理期限" in page.content.decode()
    response = admin_client_.post(
        "/admin/tracker/policysetting/add/", {"key": "REHANDLING_PERIOD", "value": "15d", "note": "本市办法第十条"}
    )
    assert response.status_code == 302
    assert policy.period("REHANDLING_PERIOD") == {"days": 15}
    listing = admin_client_.get("/admin/tracker/policysetting/").content.decode()
    assert "15日" in listing and "1个月" in listing  # the override and the default it replaces


def test_admin_page_refuses_a_bad_value_with_the_reason(admin_client_: Client) -> None:
    response = admin_client_.post("/admin/tracker/policysetting/add/", {"key": "REHANDLING_PERIOD", "value": "半个月"})
    assert response.status_code == 200
    assert "期限格式应为" in response.content.decode()
    assert not PolicySetting.objects.exists()


def test_settings_doc_lists_every_rule() -> None:
    from pathlib import Path

    import oversight.policy_rules  # noqa: F401  (registers oversight's rules)

    doc = (Path(__file__).resolve().parents[2] / "docs" / "settings.md").read_text()
    missing = [r.key for r in policy.rules() if f"| `{r.key}` |" not in doc]
    assert not missing
