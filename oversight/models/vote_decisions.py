"""What a year-end vote decided for a body: listed for 集中表彰 (commendation) or for 问责
(accountability) — the seed's 年终票决 "results feed commendation and accountability"."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oversight.models.people import Unit
from oversight.models.voting import VotingItem, VotingRound


class VoteDecisionQuerySet(models.QuerySet["VoteDecision"]):
    def visible_to(self, user: Any) -> VoteDecisionQuerySet:
        """Staff all; once the round's results are published: reviewers all, a unit its own; the
        public those of rounds whose results are public."""
        published = Q(item__round__status=VotingRound.Status.PUBLISHED)
        public = published & Q(item__round__results_public=True)
        if not (getattr(user, "is_authenticated", False) and user.is_active):
            return self.filter(public)
        if user.is_staff_member:
            return self
        if user.is_reviewer:
            return self.filter(published)
        return self.filter(public | (published & Q(unit_id__in=user.unit_ids())))


class VoteDecision(models.Model):
    class Decision(models.TextChoices):
        COMMENDATION = "commendation", _("列入集中表彰")
        ACCOUNTABILITY = "accountability", _("列入问责")

    item = models.ForeignKey(VotingItem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("测评事项"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="vote_decisions", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    decision = models.CharField(_("结果运用"), max_length=16, choices=Decision.choices)
    recorded_at = models.DateTimeField(_("记录时间"))

    objects = VoteDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("测评结果运用")
        verbose_name_plural = _("测评结果运用")
        ordering = ["-year", "decision", "unit_id", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="one_decision_per_item_unit")]

    def __str__(self) -> str:
        return f"{self.item}：{self.get_decision_display()}"
