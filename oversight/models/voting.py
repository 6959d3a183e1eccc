"""满意度测评 / 票决 (DESIGN.md "Voting rounds"): rounds, their items, and the secret ballot.

Secrecy does not rest on the schema alone (docs/voting.md "Threat model"): *who took part* lives in
``Participation`` (item, reviewer — no choice, no time, random id) and *what was chosen* lives in
``SealedBallot`` (item, ciphertext sealed to the round's public key — no voter, no time). The
private key is never in the database, so its rows, system columns, log and backups give away
nothing while the round is open; the count opens all ballots at once, stores the totals on the
items, deletes the sealed ballots and destroys the key (``oversight.ballot_box``).
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VoteChoice(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class QuorumRule(models.TextChoices):
    # Default (DESIGN.md): a vote counts only when more than half of all eligible members took part.
    MORE_THAN_HALF_OF_MEMBERS = "more_than_half_of_members", _("过半数组成人员参加")
    TWO_THIRDS_OF_MEMBERS = "two_thirds_of_members", _("三分之二以上组成人员参加")
    NONE = "none", _("不设法定人数")


class PassRule(models.TextChoices):
    # Default: 满意 + 基本满意 more than half of the votes cast; some places count all members.
    MORE_THAN_HALF_OF_CAST = "more_than_half_of_cast", _("满意和基本满意票超过投票人数的一半")
    MORE_THAN_HALF_OF_MEMBERS = "more_than_half_of_members", _("满意和基本满意票超过全体组成人员的一半")


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class VotingRoundQuerySet(models.QuerySet["VotingRound"]):
    def visible_to(self, user: Any) -> VotingRoundQuerySet:
        """Staff all; a reviewer the rounds (past draft) they are eligible for; nobody else any."""
        if not _active(user):
            return self.none()
        if user.is_staff_member:
            return self
        if not user.is_reviewer:
            return self.none()
        return self.filter(reviewers=user).exclude(status=VotingRound.Status.DRAFT)

    def public(self) -> VotingRoundQuerySet:
        """What anyone, signed in or not, may read: published rounds whose results are public."""
        return self.filter(status=VotingRound.Status.PUBLISHED, results_public=True)

    def open_for(self, user: Any) -> VotingRoundQuerySet:
        return self.visible_to(user).filter(status=VotingRound.Status.OPEN)


class VotingRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("准备中")
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已结束待公布")
        PUBLISHED = "published", _("已公布")

    title = models.CharField(_("测评名称"), max_length=200)
    meeting_name = models.CharField(_("常委会会议"), max_length=100)
    meeting_date = models.DateField(_("会议日期"))
    opens_at = models.DateTimeField(_("投票开始时间"))
    closes_at = models.DateTimeField(_("投票截止时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    quorum_rule = models.CharField(_("法定人数规则"), max_length=32, choices=QuorumRule.choices)
    pass_rule = models.CharField(_("通过规则"), max_length=32, choices=PassRule.choices)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="voting_rounds",
        blank=True,
        limit_choices_to={"is_reviewer": True},
        verbose_name=_("参加测评的组成人员"),
    )
    # Fixed when the round opens (the reviewer list is frozen then): the base of quorum and of the
    # "more than half of all members" pass rule, unaffected by later changes to user accounts.
    eligible_count = models.PositiveIntegerField(_("应参加人数"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    # Set when the round opens (oversight.ballot_box): ballots are sealed to this key; the MAC
    # (keyed by the ballot secret, not in the database) stops a database writer swapping in theirs.
    ballot_public_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    ballot_public_key_mac = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Whether the published results (and what they decided) are shown to the public as well.
    results_public = models.BooleanField(_("结果向社会公开"), default=False)

    objects = VotingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["-meeting_date", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def has_results(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)

    def turnout(self) -> list[tuple[VotingItem, int]]:
        """(item, how many took part) per item — participation only, never choices (one query
        for the items, one for the counts)."""
        items = list(self.items.all())
        counts = dict(
            Participation.objects.filter(item__round=self)
            .values("item_id")
            .annotate(n=models.Count("pk"))
            .values_list("item_id", "n")
        )
        return [(item, counts.get(item.pk, 0)) for item in items]

    def voted_item_ids(self, user: Any) -> set[int]:
        """The items of this round ``user`` has already voted on (their own participation only)."""
        return set(
            Participation.objects.filter(item__round=self, reviewer_id=user.pk).values_list("item_id", flat=True)
        )


class VotingItem(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("报告审议表决")
        FOLLOW_UP = "follow_up", _("审议意见处理情况评议表决")
        KEY_OPINION_YEAR_END = "key_opinion_year_end", _("重点审议意见落实年终问责表决")
        UNIT_SUGGESTIONS = "unit_suggestions", _("代表建议办理年终票决")
        UNIT_KEY_SUGGESTIONS = "unit_key_suggestions", _("重点督办建议办理年终票决")
        # One suggestion's (or one assignment's) handling: a failed vote re-opens handling.
        HANDLING = "handling", _("代表建议办理满意度测评")

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="items", verbose_name=_("测评"))
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("测评事项"), max_length=200)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # For a unit's handling of (key) suggestions: the year whose handling is judged (年终票决).
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)

    # Results, filled in once by the count (round_close) from the opened ballots. Fewer ballots
    # than VOTING_MIN_BALLOTS: the per-choice figures are never stored (``figures_withheld``).
    participants = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    satisfied = models.PositiveIntegerField(_("满意"), null=True, blank=True)
    basic = models.PositiveIntegerField(_("基本满意"), null=True, blank=True)
    unsatisfied = models.PositiveIntegerField(_("不满意"), null=True, blank=True)
    quorum_met = models.BooleanField(_("达到法定人数"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    figures_withheld = models.BooleanField(_("票数过少不公布分项"), default=False)
    # A unit whose year of handling failed the vote is flagged for 问责 (the seed's 年终问责).
    accountability_flagged = models.BooleanField(_("列入问责"), default=False)

    class Meta:
        verbose_name = _("测评事项")
        verbose_name_plural = _("测评事项")
        ordering = ["round_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "subject_type", "subject_id", "year"],
                name="voting_item_subject_once_per_round",
                condition=Q(subject_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def _rate(part: int | None, whole: int | None) -> Decimal | None:
        """A share in percent to two decimals, as published reports quote it ("占58.07%")."""
        if part is None or not whole:
            return None
        return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def satisfied_rate(self) -> Decimal | None:
        return self._rate(self.satisfied, self.participants)

    @property
    def basic_rate(self) -> Decimal | None:
        return self._rate(self.basic, self.participants)

    @property
    def unsatisfied_rate(self) -> Decimal | None:
        return self._rate(self.unsatisfied, self.participants)

    @property
    def approval_rate(self) -> Decimal | None:
        """满意 + 基本满意 as a share of the votes cast."""
        if self.satisfied is None or self.basic is None:
            return None
        return self._rate(self.satisfied + self.basic, self.participants)


class Participation(models.Model):
    """That a reviewer voted on an item — and nothing about what they chose, or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(VotingItem, on_delete=models.CASCADE, related_name="participations")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("参加记录")
        verbose_name_plural = _("参加记录")
        # One ballot per reviewer per item, enforced by the database even under concurrent requests.
        constraints = [models.UniqueConstraint(fields=["item", "reviewer"], name="one_ballot_per_reviewer_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.reviewer_id}"


class SealedBallot(models.Model):
    """One reviewer's choice on one item, sealed to the round's public key until the count.

    Nothing here names the voter or the time; the random key keeps the primary key index from
    ordering ballots. ``item`` is in clear (participation says as much); the choice is inside
    ``box``, whose length is the same for every choice. Deleted by the count.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(VotingItem, on_delete=models.CASCADE, related_name="+")
    box = models.BinaryField()

    class Meta:
        verbose_name = _("密封选票")
        verbose_name_plural = _("密封选票")

    def __str__(self) -> str:
        return f"{self.item_id}:sealed"
