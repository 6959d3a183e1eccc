"""Reply, contact and opinion wording for the demo, in the register units actually write in."""

from __future__ import annotations

import random
from datetime import date

from oversight.demo.texts import DemoText

_OPENINGS = (
    "您提出的《{title}》收悉。我{unit}高度重视，主要负责同志专门作出批示，明确分管领导牵头办理。",
    "您领衔提出的《{title}》已收悉，感谢您对我市{field}工作的关心和支持。",
    "《{title}》交办后，我{unit}第一时间召开专题会议研究，并与您进行了沟通。",
)
_FIELD = {
    "财政经济": "经济发展",
    "农业农村": "“三农”",
    "城建环资": "城市建设管理",
    "教科文卫": "社会事业",
    "内务司法": "法治建设",
    "社会建设": "民生保障",
    "其他": "相关",
}
_BODY = {
    "A": (
        "针对您提出的“{measure}”，我们已会同有关部门完成相关工作，问题已基本解决。",
        "关于“{measure}”，我们已制定具体方案并组织实施，目前已落实到位。",
    ),
    "B": (
        "关于“{measure}”，我们已将其列入{year}年度工作计划，正在按计划推进，预计于{due}前完成。",
        "对于“{measure}”，目前已完成前期调研和方案编制，将于{due}前分步实施。",
    ),
    "C": (
        "关于“{measure}”，受资金和用地条件限制，近期难以全部实施，我们将在编制下一轮规划时统筹考虑。",
        "“{measure}”涉及面广、投入较大，需待条件成熟后逐步解决，我们将积极争取上级支持。",
    ),
    "D": (
        "您提出的“{measure}”对我们改进工作很有参考价值，我们将在今后工作中认真研究借鉴。",
        "关于“{measure}”，因涉及上级事权，我们已将相关意见向上级主管部门反映，留作今后工作参考。",
    ),
}
_CLOSINGS = (
    "再次感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见。",
    "下一步，我们将持续跟踪落实，并及时向您反馈进展情况。",
    "衷心感谢您的理解和支持。",
)
_CONTACT = (
    "电话联系代表，听取对建议办理的具体意见。",
    "上门走访代表，详细介绍办理思路，代表表示认可。",
    "邀请代表参加座谈会，共同研究解决措施。",
    "陪同代表到现场察看，听取周边群众意见。",
)
_FEEDBACK = {
    "satisfied": ("办理认真，措施具体，满意。", "沟通及时，问题得到解决。", ""),
    "basic": ("总体认可，希望加快推进。", "部分措施仍需细化。", ""),
    "unsatisfied": ("答复内容空泛，未针对所提问题，请重新办理。", "问题没有实质性解决，群众仍有意见。"),
}


def reply_content(rng: random.Random, text: DemoText, unit_short: str, category: str, due: date | None) -> str:
    opening = rng.choice(_OPENINGS).format(title=text.title, unit=unit_short, field=_FIELD.get(text.category, "相关"))
    body = "".join(
        rng.choice(_BODY[category]).format(
            measure=measure,
            year=(due or date(2026, 12, 31)).year,
            due=f"{due.year}年{due.month}月底" if due else "年底",
        )
        for measure in text.measures[:2]
    )
    return f"{opening}现将办理情况答复如下：{body}{rng.choice(_CLOSINGS)}"


def commitment_text(text: DemoText, index: int = 0) -> str:
    return text.measures[index % len(text.measures)]


def contact_summary(rng: random.Random) -> str:
    return rng.choice(_CONTACT)


def co_opinion_text(text: DemoText, unit_short: str) -> str:
    return f"{unit_short}协办意见：我们支持主办单位的办理方案，将在职责范围内配合做好“{text.measures[-1]}”相关工作。"


def feedback_comment(rng: random.Random, rating: str) -> str:
    return rng.choice(_FEEDBACK[rating])
