"""Labels the code builds at run time (timeline action names in
``oversight.templatetags.oversight_ui.ACTION_LABELS``, deadline kind labels registered with
``tracker.registry``) and translates with ``gettext(label)``. makemessages only extracts literal
strings, so they are listed here to reach the English catalogue. Regenerate when labels change."""

from __future__ import annotations

from django.utils.translation import gettext_noop

RUNTIME_LABELS = (
    gettext_noop("提交建议"),
    gettext_noop("立案"),
    gettext_noop("退回建议"),
    gettext_noop("列为重点督办"),
    gettext_noop("取消重点督办"),
    gettext_noop("并案办理"),
    gettext_noop("交办"),
    gettext_noop("销号"),
    gettext_noop("建议状态更新"),
    gettext_noop("负责人退回草稿"),
    gettext_noop("交办至承办单位"),
    gettext_noop("签收"),
    gettext_noop("申请退办"),
    gettext_noop("退办审批"),
    gettext_noop("免于沟通"),
    gettext_noop("不等协办意见"),
    gettext_noop("办结"),
    gettext_noop("重新办理"),
    gettext_noop("申请延期"),
    gettext_noop("延期审批"),
    gettext_noop("沟通联系"),
    gettext_noop("提交协办意见"),
    gettext_noop("起草答复"),
    gettext_noop("修改答复"),
    gettext_noop("签发答复"),
    gettext_noop("审核通过"),
    gettext_noop("退回重办"),
    gettext_noop("公开答复"),
    gettext_noop("取消公开"),
    gettext_noop("设置公开"),
    gettext_noop("代表评价"),
    gettext_noop("报告落实进展"),
    gettext_noop("承诺已落实"),
    gettext_noop("承诺说明后关闭"),
    gettext_noop("督办"),
    gettext_noop("期限延长"),
    gettext_noop("期限重算"),
    gettext_noop("答复"),
    gettext_noop("退办申请期"),
    gettext_noop("协办意见"),
    gettext_noop("重新办理答复"),
    gettext_noop("承诺事项落实"),
    gettext_noop("审议意见交办"),
    gettext_noop("审议意见研究处理情况报告"),
    gettext_noop("审议意见限期整改报告"),
)
