"""The local rules oversight owns, registered with tracker.policy (DESIGN.md "Deadlines and the
calendar", "Voting rounds", the reply categories). docs/settings.md lists them in one table."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from oversight.models.voting import PassRule, QuorumRule
from tracker import policy
from tracker.policy import Rule

_PERIODS = (
    ("CO_OPINION_PERIOD", _("协办意见期限（自交办）"), _("协办单位一个月内向主办单位提出协办意见")),
    ("FEEDBACK_WINDOW", _("代表评价期限（自答复送达）"), _("本地办理办法：20个工作日内反馈")),
    ("REHANDLING_PERIOD", _("不满意后重新办理期限"), _("一个月内重新办理并答复；有的地方为15日（15d）")),
    ("OPINION_ISSUE_PERIOD", _("审议意见交办期限（自会议）"), _("会后5个工作日内交办")),
    ("FOLLOW_UP_REPORT_PERIOD", _("研究处理情况报告期限（自交办）"), _("监督法第十四条、第二十条：两个月")),
    ("RECTIFICATION_PERIOD", _("测评不满意后限期整改期限"), _("限期整改：两个月")),
    ("INSPECTION_REPLY_PERIOD", _("视察意见答复期限（自交办）"), _("视察意见：两个月内反馈研究处理情况")),
    ("INQUIRY_REPLY_PERIOD", _("专题询问问题答复期限（自交办）"), _("专题询问：两个月内报告整改落实情况")),
    ("PETITION_REPLY_PERIOD", _("信访督办件答复期限（自交办）"), _("《信访工作条例》第三十二条：60日内办结")),
)

_INTS = (
    ("REPLY_PERIOD_MONTHS", _("答复期限（月，自交办）"), _("代表建议办理办法：三个月内答复")),
    ("REPLY_MAX_TOTAL_MONTHS", _("延期后答复总期限上限（月）"), _("办理期限最长不超过六个月")),
    ("RETURN_WINDOW_WORKING_DAYS", _("退办申请期（工作日，自交办）"), _("交办后5个工作日内申请退办")),
    ("ESCALATE_AFTER_FAILURES", _("审议意见测评不满意几次后提交主任会议"), _("默认两次")),
)
_CHOICES = (
    ("VOTING_QUORUM", _("满意度测评法定人数"), _("默认：过半数组成人员参加"), QuorumRule.choices),
    ("VOTING_PASS_RULE", _("满意度测评通过规则"), _("默认：满意和基本满意票超过投票人数的一半"), PassRule.choices),
    (
        "REPLY_CATEGORY_SET",
        _("答复分类"),
        _("全国代表建议办理办法为A/B/C/D类；有的地方用A/B/C或甲/乙/丙类"),
        [(name, "/".join(code for code, _l in cats)) for name, (cats, _c) in settings.REPLY_CATEGORY_SETS.items()],
    ),
)


def _register(
    kind: str, key: str, label: object, source: object, choices: Iterable[tuple[object, object]] = ()
) -> None:
    """A rule holds plain text: the lazy labels (and choice codes) are rendered as it registers."""
    policy.register(Rule(key, str(label), kind, str(source), tuple((str(v), str(text)) for v, text in choices)))


for key, label, source in _PERIODS:
    _register("period", key, label, source)
for key, label, source in _INTS:
    _register("int", key, label, source)
for key, label, source, choices in _CHOICES:
    _register("choice", key, label, source, choices)


def reply_categories() -> tuple[tuple[str, str], ...]:
    """The installation's reply categories now: ((code, meaning), …), in report order."""
    return settings.REPLY_CATEGORY_SETS[policy.get("REPLY_CATEGORY_SET")][0]


def commitment_categories() -> tuple[str, ...]:
    """Categories whose replies carry promises that become commitments (B/C, or 乙)."""
    return settings.REPLY_CATEGORY_SETS[policy.get("REPLY_CATEGORY_SET")][1]
