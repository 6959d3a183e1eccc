"""What each kind of vote does next (DESIGN.md "Voting rounds"; the seed's 三次表决制 and 年终票决).

| kind | subject | passed | failed |
|---|---|---|---|
| REPORT 报告审议表决 | deliberation opinion (or title only) | recorded | the opinion becomes a 重点审议意见 |
| FOLLOW_UP 处理情况评议表决 | follow-up report | item closed | 限期整改, then 主任会议 |
| KEY_OPINION_YEAR_END 年终问责表决 | key opinion or one item | bodies listed for 集中表彰 | bodies listed for 问责 |
| UNIT_(KEY_)SUGGESTIONS 年终票决 | unit + year | unit listed for 集中表彰 | unit listed for 问责 |
| HANDLING 办理满意度测评 | suggestion or assignment | recorded | re-handling of the replied units |

Each outcome writes its own timeline action on the subject's case (names in ``ACTIONS``) inside
round_close's transaction, so the vote and what it starts commit together. docs/voting.md and
docs/workflow2.md explain the choices.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from oversight import voting_outcomes
from oversight.errors import InvalidInput
from oversight.models import Assignment, DeliberationOpinion, OpinionItem, Suggestion, Unit, VotingItem
from oversight.models.vote_decisions import VoteDecision
from oversight.services._base import now
from tracker import timeline

K = VotingItem.Kind
D = VoteDecision.Decision

# The timeline action each kind writes, (passed, failed).
ACTIONS = {
    K.REPORT: ("opinion.report_vote_pass", "opinion.report_vote_fail"),
    K.FOLLOW_UP: ("report.vote_pass", "report.vote_fail"),
    K.KEY_OPINION_YEAR_END: ("opinion.year_end_vote_pass", "opinion.year_end_vote_fail"),
    K.UNIT_SUGGESTIONS: ("unit.year_end_vote_pass", "unit.accountability_flag"),
    K.UNIT_KEY_SUGGESTIONS: ("unit.year_end_vote_pass", "unit.accountability_flag"),
    K.HANDLING: ("suggestion.handling_vote_pass", "suggestion.handling_vote_fail"),
}
REPLIED = (Assignment.Status.REPLIED, Assignment.Status.CONCLUDED)


def _data(item: VotingItem) -> dict[str, Any]:
    return {"round": item.round_id, "item": item.pk, "participants": item.participants, "year": item.year}


def _decide(item: VotingItem, *, unit: Unit | None, passed: bool) -> VoteDecision:
    decision, _created = VoteDecision.objects.update_or_create(
        item=item,
        unit=unit,
        defaults={
            "year": item.year,
            "decision": D.COMMENDATION if passed else D.ACCOUNTABILITY,
            "recorded_at": now(),
        },
    )
    return decision


# --- 报告审议表决 -------------------------------------------------------------------------------


def _on_report_vote(opinion: DeliberationOpinion, passed: bool, item: VotingItem, actor: Any) -> None:
    """The report as deliberated: a failed vote puts its opinion under key supervision, so the
    body's follow-up reports are voted on and its implementation goes to the year-end vote."""
    from oversight.services.deliberation import opinion_set_key

    timeline.record(
        case=opinion, subject=item, action=ACTIONS[K.REPORT][not passed], actor=actor, note=item.title, data=_data(item)
    )
    if not passed and not opinion.is_key:
        opinion_set_key(
            opinion=opinion, actor=actor, is_key=True, reason=_("报告审议满意度测评未通过，列为重点审议意见。")
        )


# --- 年终问责表决 -------------------------------------------------------------------------------


def _on_year_end_opinion_vote(subject: Any, passed: bool, item: VotingItem, actor: Any) -> None:
    """A key opinion's (or one item's) year of implementation: each owning body is listed for
    集中表彰 or 问责; the chairmen's council decides what follows."""
    opinion: DeliberationOpinion = subject if isinstance(subject, DeliberationOpinion) else subject.opinion
    items: list[OpinionItem] = (
        [subject]
        if isinstance(subject, OpinionItem)
        else list(OpinionItem.objects.filter(opinion=opinion).select_related("unit"))
    )
    units = {i.unit_id: i.unit for i in items}
    for unit in units.values():
        _decide(item, unit=unit, passed=passed)
    timeline.record(
        case=opinion,
        subject=None if subject is opinion else subject,
        action=ACTIONS[K.KEY_OPINION_YEAR_END][not passed],
        actor=actor,
        note=str(item.title or ""),
        data={**_data(item), "units": sorted(units)},
    )


# --- 代表建议办理年终票决 ------------------------------------------------------------------------


def _on_unit_vote(unit: Unit, passed: bool, item: VotingItem, actor: Any) -> None:
    """Units that pass are listed for 集中表彰, units that fail for 问责 (recorded on the unit)."""
    _decide(item, unit=unit, passed=passed)
    if not passed:
        item.accountability_flagged = True
        item.save(update_fields=["accountability_flagged"])
    note = (_("%(title)s满意度测评通过，列入集中表彰。") if passed else _("%(title)s满意度测评未通过，列入问责。")) % {
        "title": item.title
    }
    timeline.record(
        case=unit, subject=item, action=ACTIONS[K(item.kind)][not passed], actor=actor, note=note, data=_data(item)
    )


# --- 代表建议办理满意度测评 ----------------------------------------------------------------------


def _handling_assignments(subject: Suggestion | Assignment) -> list[Assignment]:
    """The units whose reply the vote judges: replied/concluded lead or separate assignments."""
    candidates = [subject] if isinstance(subject, Assignment) else list(subject.assignments.all())
    return [a for a in candidates if a.role in (Assignment.Role.LEAD, Assignment.Role.SEPARATE) and a.status in REPLIED]


def _suggestion_of(subject: Suggestion | Assignment) -> Suggestion:
    return subject.suggestion if isinstance(subject, Assignment) else subject


def _on_handling_added(subject: Suggestion | Assignment, item: VotingItem, actor: Any) -> None:
    """Only handling that has been answered can be judged; a closed-off suggestion is final."""
    suggestion = _suggestion_of(subject)
    if suggestion.status == Suggestion.Status.CLOSED_OFF or not _handling_assignments(subject):
        message = _("该建议尚无已答复的承办单位或已销号，不能进行办理满意度测评。")
        raise InvalidInput(message, code="not_replied", fields={"subject": message})


def _on_handling_vote(subject: Suggestion | Assignment, passed: bool, item: VotingItem, actor: Any) -> None:
    from oversight.services.feedback import rehandling_after_vote

    suggestion = _suggestion_of(subject)
    timeline.record(
        case=suggestion,
        subject=subject if isinstance(subject, Assignment) else item,
        action=ACTIONS[K.HANDLING][not passed],
        actor=actor,
        note=item.title,
        data=_data(item),
    )
    if passed:
        return
    reason = _("办理满意度测评未通过（%(title)s），重新办理。") % {"title": item.title}
    for assignment in _handling_assignments(subject):
        rehandling_after_vote(assignment=assignment, actor=actor, reason=reason)


def register() -> None:
    """Declare which subjects each kind votes on and what each outcome does (AppConfig.ready)."""
    r = voting_outcomes
    r.register_subjects(K.REPORT, "oversight.deliberationopinion", optional=True)
    r.register_subjects(K.FOLLOW_UP, "oversight.followupreport")
    r.register_subjects(K.KEY_OPINION_YEAR_END, "oversight.deliberationopinion", "oversight.opinionitem")
    r.register_subjects(K.UNIT_SUGGESTIONS, "oversight.unit", yearly=True)
    r.register_subjects(K.UNIT_KEY_SUGGESTIONS, "oversight.unit", yearly=True)
    r.register_subjects(K.HANDLING, "oversight.suggestion", "oversight.assignment")
    r.register_outcome_handler("oversight.deliberationopinion", _on_report_vote, kind=K.REPORT)
    for label in ("oversight.deliberationopinion", "oversight.opinionitem"):
        r.register_outcome_handler(label, _on_year_end_opinion_vote, kind=K.KEY_OPINION_YEAR_END)
    for kind in (K.UNIT_SUGGESTIONS, K.UNIT_KEY_SUGGESTIONS):
        r.register_outcome_handler("oversight.unit", _on_unit_vote, kind=kind)
    for label in ("oversight.suggestion", "oversight.assignment"):
        r.register_item_added_handler(label, _on_handling_added, kind=K.HANDLING)
        r.register_outcome_handler(label, _on_handling_vote, kind=K.HANDLING)
