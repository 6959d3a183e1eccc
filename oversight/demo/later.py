"""Steps that use the commitment and supervision services (承诺事项落实, 督办)."""

from __future__ import annotations

from datetime import date

from oversight.demo.steps import Case, Director
from oversight.models import Commitment
from oversight.services import commitments as commitment_services
from oversight.services import supervision as supervision_services


def report_progress(d: Director, c: Case, day: date) -> None:
    for commitment in Commitment.objects.filter(assignment__suggestion=c.suggestion, status=Commitment.Status.OPEN):
        with d.at(day):
            commitment_services.commitment_report_progress(
                commitment=commitment,
                actor=d.liaison(commitment.assignment),
                note="项目已完成立项和资金落实，正在组织施工（实施），进度约过半。",
            )


def fulfil_commitments(d: Director, c: Case, day: date) -> None:
    for commitment in Commitment.objects.filter(assignment__suggestion=c.suggestion, status=Commitment.Status.OPEN):
        with d.at(day):
            commitment_services.commitment_fulfil(commitment=commitment, actor=d.w.staff)


def supervise(d: Director, c: Case, day: date, kind: str, note: str) -> None:
    with d.at(day) as on:
        supervision_services.supervision_record(
            suggestion=c.suggestion,
            actor=d.w.staff,
            kind=kind,
            happened_on=on,
            note=note,
            led_by="deputy_director" if c.suggestion.is_key else "staff",
            leader_name=c.suggestion.key_leader,
        )
