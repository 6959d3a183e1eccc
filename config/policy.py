"""Installation policy: periods, reminder offsets, voting rules and category sets.

Every default here comes from practice or law; the source is named next to the value. An
installation overrides a value through the environment variable of the same name; an administrator
overrides it at run time on the admin page 本地规则 (tracker.policy reads both). The full table of
rules, with their syntax, is docs/settings.md.

Periods are written "15d" (calendar days), "20wd" (working days) or "1m" (calendar months).
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _str(name: str, default: str) -> str:
    return os.environ.get(name) or default


# --- Deadlines (DESIGN.md "Deadlines and the calendar") ---
# 《全国人民代表大会代表建议、批评和意见办理办法》: reply within three months of 交办; with approval
# the total handling time may not exceed six months.
REPLY_PERIOD_MONTHS = _int("REPLY_PERIOD_MONTHS", 3)
REPLY_MAX_TOTAL_MONTHS = _int("REPLY_MAX_TOTAL_MONTHS", 6)
# Units that think an assignment is not theirs must say so within 5 working days of 交办.
RETURN_WINDOW_WORKING_DAYS = _int("RETURN_WINDOW_WORKING_DAYS", 5)
# 协办单位 send their opinion to the lead unit within one month of 交办.
CO_OPINION_PERIOD_MONTHS = _int("CO_OPINION_PERIOD_MONTHS", 1)
# Deputies rate a reply within 20 working days of receiving it (local 办理办法 practice).
FEEDBACK_WINDOW_WORKING_DAYS = _int("FEEDBACK_WINDOW_WORKING_DAYS", 20)
FEEDBACK_WINDOW = _str("FEEDBACK_WINDOW", f"{FEEDBACK_WINDOW_WORKING_DAYS}wd")
CO_OPINION_PERIOD = _str("CO_OPINION_PERIOD", f"{CO_OPINION_PERIOD_MONTHS}m")
# 对代表不满意的答复，承办单位应在一个月内重新办理并答复; some places say 15 days ("15d").
REHANDLING_PERIOD_MONTHS = _int("REHANDLING_PERIOD_MONTHS", 1)
REHANDLING_PERIOD = _str("REHANDLING_PERIOD", f"{REHANDLING_PERIOD_MONTHS}m")
# 审议意见 is sent to the body within 5 working days after the standing-committee meeting.
OPINION_ISSUE_WORKING_DAYS = _int("OPINION_ISSUE_WORKING_DAYS", 5)
OPINION_ISSUE_PERIOD = _str("OPINION_ISSUE_PERIOD", f"{OPINION_ISSUE_WORKING_DAYS}wd")
# 监督法 art. 14/20: the body reports on its handling within two months of receiving the opinion.
FOLLOW_UP_REPORT_MONTHS = _int("FOLLOW_UP_REPORT_MONTHS", 2)
FOLLOW_UP_REPORT_PERIOD = _str("FOLLOW_UP_REPORT_PERIOD", f"{FOLLOW_UP_REPORT_MONTHS}m")
# 限期整改 after an unsatisfied vote: two months, then a new report and a new vote.
RECTIFICATION_MONTHS = _int("RECTIFICATION_MONTHS", 2)
RECTIFICATION_PERIOD = _str("RECTIFICATION_PERIOD", f"{RECTIFICATION_MONTHS}m")
# Other oversight items (视察意见, 专题询问, 信访督办件) are answered on their own clocks.
INSPECTION_REPLY_PERIOD = _str("INSPECTION_REPLY_PERIOD", "2m")
INQUIRY_REPLY_PERIOD = _str("INQUIRY_REPLY_PERIOD", "2m")
# 《信访工作条例》第三十二条: a petition is dealt with within 60 days of being accepted.
PETITION_REPLY_PERIOD = _str("PETITION_REPLY_PERIOD", "60d")
# After this many failed votes the item goes to the chairmen's council (主任会议).
ESCALATE_AFTER_FAILURES = _int("ESCALATE_AFTER_FAILURES", 2)

# --- Reminders (DESIGN.md "Reminders and notifications") ---
# 督办 practice (催办): remind whoever owes the step 10, 5 and 1 working days before the due date.
REMIND_BEFORE_WORKING_DAYS = _str("REMIND_BEFORE_WORKING_DAYS", "10,5,1")
# While overdue, a 催办 notice every 5 working days until the step is done.
REMIND_OVERDUE_EVERY_WORKING_DAYS = _int("REMIND_OVERDUE_EVERY_WORKING_DAYS", 5)
# After 10 working days overdue the unit head (一把手) and congress staff are told once (逾期上报).
ESCALATE_AFTER_OVERDUE_WORKING_DAYS = _int("ESCALATE_AFTER_OVERDUE_WORKING_DAYS", 10)
REMINDER_MAX_ATTEMPTS = _int("REMINDER_MAX_ATTEMPTS", 5)
# A failed email/SMS waits 1, 2, 4, 8 … times this many seconds before the next try (capped at 6 h).
REMINDER_RETRY_BASE_SECONDS = _int("REMINDER_RETRY_BASE_SECONDS", 60)

# --- Replies ---
# The national 办理办法 uses A/B/C/D; some places use A/B/C or 甲/乙/丙. Order matters for reports.
# Each set names its categories and those whose replies carry promises that become commitments.
REPLY_CATEGORY_SETS: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = {
    "ABCD": (
        (
            ("A", "已解决或基本解决"),
            ("B", "正在解决或列入计划逐步解决"),
            ("C", "因条件限制需以后解决"),
            ("D", "留作参考"),
        ),
        ("B", "C"),
    ),
    "ABC": (
        (
            ("A", "已解决或基本解决"),
            ("B", "正在解决或列入计划逐步解决"),
            ("C", "因条件限制需以后解决或留作参考"),
        ),
        ("B", "C"),
    ),
    "甲乙丙": (
        (
            ("甲", "已解决或基本解决"),
            ("乙", "正在解决或列入计划逐步解决"),
            ("丙", "因条件限制需以后解决或留作参考"),
        ),
        ("乙",),
    ),
}
REPLY_CATEGORY_SET = _str("REPLY_CATEGORY_SET", "ABCD")
# The configured set's categories at start-up; code reads oversight.policy_rules.reply_categories(),
# which also honours the administrator's override.
REPLY_CATEGORIES, COMMITMENT_CATEGORIES = REPLY_CATEGORY_SETS[REPLY_CATEGORY_SET]

# --- Voting (DESIGN.md "Voting rounds") ---
# Quorum: more than half of all eligible members took part.
VOTING_QUORUM = _str("VOTING_QUORUM", "more_than_half_of_members")
# Pass: 满意 + 基本满意 > half of votes cast; some places require more than half of all members.
VOTING_PASS_RULE = _str("VOTING_PASS_RULE", "more_than_half_of_cast")
# Small counts: an item with fewer ballots than this publishes no per-choice figures (with one or
# two voters, 1:0:0 names each one's choice to anyone who knows who took part). The count does not
# even store them, and the item is treated as a missed quorum, so its outcome follows from the
# turnout alone (docs/voting.md "Small counts").
VOTING_MIN_BALLOTS = max(1, _int("VOTING_MIN_BALLOTS", 3))
