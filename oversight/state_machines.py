"""Every state machine of the domain as a transition table: (from, to, what moves it).

The diagrams in docs/workflow1.md, docs/workflow2.md and docs/voting.md are generated from these
tables by ``scripts/state_diagrams.py``; tests/test_state_diagrams.py checks that every status of
each model appears here and that the docs are current. "[*]" is the start.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from oversight.models import (
    Assignment,
    Commitment,
    DeliberationOpinion,
    ExtensionRequest,
    FollowUpReport,
    OpinionItem,
    ProgressReport,
    Reply,
    Suggestion,
    VotingRound,
)


@dataclass(frozen=True)
class Machine:
    name: str
    model: type[models.Model]
    doc: str  # docs/<doc>.md holds its diagram
    transitions: tuple[tuple[str, str, str], ...]


MACHINES = (
    Machine(
        "Suggestion",
        Suggestion,
        "workflow1",
        (
            ("[*]", "submitted", "suggestion_submit / suggestion_import"),
            ("submitted", "returned", "suggestion_return"),
            ("submitted", "registered", "suggestion_register (numbered 第0001号 per session)"),
            ("registered", "assigned", "suggestion_assign"),
            ("assigned", "registered", "every assignment returned, none reassigned"),
            ("assigned", "replied", "every lead/separate assignment replied or concluded"),
            ("replied", "rehandling", "any lead/separate assignment re-handling (rating or failed handling vote)"),
            ("concluded", "rehandling", "failed handling vote (kind handling)"),
            ("rehandling", "replied", "the new reply is accepted"),
            ("replied", "concluded", "every lead/separate assignment concluded (co-handlers conclude with them)"),
            ("concluded", "closed_off", "suggestion_close_off (every commitment fulfilled or closed)"),
        ),
    ),
    Machine(
        "Assignment",
        Assignment,
        "workflow1",
        (
            ("[*]", "assigned", "suggestion_assign (reply / co_opinion + return_window deadlines)"),
            ("assigned", "accepted", "assignment_accept (meets return_window)"),
            ("assigned", "return_requested", "assignment_request_return (within the window; pauses the clock)"),
            ("accepted", "return_requested", "assignment_request_return"),
            ("return_requested", "returned", "assignment_decide_return(approve=True) (deadlines cancelled)"),
            ("return_requested", "accepted", "assignment_decide_return(approve=False) (clock resumes)"),
            ("accepted", "replied", "reply_accept (meets reply deadline, opens feedback)"),
            ("replied", "rehandling", "feedback_rate(不满意) / rehandling_open / failed handling vote"),
            ("concluded", "rehandling", "rehandling_after_vote (failed handling vote)"),
            ("rehandling", "replied", "reply_accept of the new round"),
            ("replied", "concluded", "every deputy rated 满意/基本满意 / assignment_conclude"),
            ("rehandling", "concluded", "assignment_conclude (staff, with a reason)"),
        ),
    ),
    Machine(
        "ExtensionRequest",
        ExtensionRequest,
        "workflow1",
        (
            ("[*]", "pending", "assignment_request_extension (unit; total within REPLY_MAX_TOTAL_MONTHS)"),
            ("pending", "approved", "extension_decide(approve=True) (reply deadline extended)"),
            ("pending", "refused", "extension_decide(approve=False)"),
        ),
    ),
    Machine(
        "Reply",
        Reply,
        "workflow1",
        (
            ("[*]", "draft", "reply_draft (unit liaison)"),
            ("draft", "draft", "reply_update"),
            ("draft", "signed", "reply_sign (unit head, 签发)"),
            ("signed", "accepted", "reply_accept (staff; reaches the deputies, feedback deadline)"),
            ("signed", "sent_back", "reply_send_back (staff, 退回重办)"),
            ("sent_back", "draft", "reply_update (needs a new sign-off)"),
        ),
    ),
    Machine(
        "Commitment",
        Commitment,
        "workflow1",
        (
            ("[*]", "open", "reply_accept of a B/C (乙) reply (commitment deadline = promised date)"),
            ("open", "open", "commitment_report_progress (unit)"),
            ("open", "fulfilled", "commitment_fulfil (staff or the deputies)"),
            ("open", "closed", "commitment_close (staff, with an explanation)"),
        ),
    ),
    Machine(
        "ProgressReport",
        ProgressReport,
        "workflow1",
        (
            ("[*]", "scheduled", "progress_schedule_set (staff; key_progress deadline)"),
            ("scheduled", "filed", "progress_report_file (unit; deadline met)"),
        ),
    ),
    Machine(
        "DeliberationOpinion",
        DeliberationOpinion,
        "workflow2",
        (
            ("[*]", "draft", "opinion_create (opinion_issue deadline)"),
            ("draft", "issued", "opinion_issue (follow_up_report deadline per item)"),
            ("issued", "closed", "its last item closes"),
        ),
    ),
    Machine(
        "OpinionItem",
        OpinionItem,
        "workflow2",
        (
            ("[*]", "draft", "opinion_create"),
            ("draft", "handling", "opinion_issue (follow_up_report deadline)"),
            ("handling", "reported", "report_sign (plan_submit / report_submit before)"),
            ("rectification", "reported", "report_sign"),
            ("reported", "commented", "report_comment"),
            ("commented", "voting", "round_add_item / report_send_to_vote"),
            ("voting", "closed", "follow-up vote passed"),
            ("commented", "closed", "follow-up vote passed"),
            ("voting", "rectification", "follow-up vote failed (failures < threshold; rectification deadline)"),
            ("voting", "council", "follow-up vote failed (failures ≥ ESCALATE_AFTER_FAILURES)"),
            ("council", "rectification", "escalation_record (rectification deadline from the decision)"),
        ),
    ),
    Machine(
        "FollowUpReport",
        FollowUpReport,
        "workflow2",
        (
            ("[*]", "submitted", "report_submit (unit liaison)"),
            ("submitted", "submitted", "report_submit again (replaces the text)"),
            ("submitted", "signed", "report_sign (unit head; report deadline met)"),
            ("signed", "commented", "report_comment (committee)"),
            ("commented", "voting", "round_add_item (kind follow_up) / report_send_to_vote"),
            ("voting", "passed", "follow-up vote passed"),
            ("commented", "passed", "follow-up vote passed"),
            ("voting", "failed", "follow-up vote failed (item rectified or sent to the council)"),
            ("commented", "failed", "follow-up vote failed"),
        ),
    ),
    Machine(
        "VotingRound",
        VotingRound,
        "voting",
        (
            ("[*]", "draft", "round_create (staff)"),
            ("draft", "draft", "round_add_item / round_set_reviewers (staff)"),
            ("draft", "open", "round_open (staff; ≥1 item, ≥1 reviewer, window not over)"),
            ("open", "open", "ballot_cast (eligible reviewer, inside opens_at … closes_at)"),
            (
                "open",
                "closed",
                "round_close (staff) or close_due_rounds (by itself at closes_at) — the count, outcome per item kind",
            ),
            ("closed", "published", "round_publish (staff)"),
        ),
    ),
)


def mermaid(machine: Machine) -> str:
    lines = ["```mermaid", "stateDiagram-v2"]
    lines += [f"    {source} --> {target}: {label}" for source, target, label in machine.transitions]
    lines.append("```")
    return "\n".join(lines)


def states(machine: Machine) -> set[str]:
    return {s for t in machine.transitions for s in t[:2]} - {"[*]"}
