"""``manage.py import_suggestions FILE.xlsx --session ID --user USERNAME``: bulk intake from the
command line with the same all-or-nothing checks as the staff page (oversight/services/imports.py).

A progress bar is drawn only when standard output is a terminal (never into a log or a pipe).
``--template OUT.xlsx`` writes the blank sheet instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from oversight.models import Session, User
from oversight.services.imports import suggestion_import
from oversight.stats.exports import import_template


class Command(BaseCommand):
    help = "从 .xlsx 表格批量导入代表建议（全部通过校验才导入，任何一行有误则一件也不导入）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="要导入的 .xlsx 文件")
        parser.add_argument("--session", type=int, help="导入到哪次会议（会议 id）")
        parser.add_argument("--user", help="以哪位人大工作人员的名义导入（用户名）")
        parser.add_argument("--template", metavar="OUT", help="只写出空白导入模板到 OUT.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            import_template(options["template"])
            self.stdout.write(_("已写出导入模板：%(path)s") % {"path": options["template"]})
            return
        if not options["file"] or not options["session"] or not options["user"]:
            raise CommandError(_("请提供文件、--session 会议 id 和 --user 用户名。"))
        session = Session.objects.filter(pk=options["session"]).first()
        if session is None:
            raise CommandError(_("没有 id 为 %(id)s 的会议。") % {"id": options["session"]})
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(_("没有用户名为“%(name)s”的有效用户。") % {"name": options["user"]})
        bar = _ProgressBar(out=self.stdout._out if self.stdout.isatty() else None)
        try:
            report = suggestion_import(actor=actor, session=session, rows=options["file"], progress=bar.tick)
        finally:
            bar.close()
        if not report.ok:
            for message in report.messages:
                self.stderr.write(message)
            raise CommandError(_("表格有 %(n)s 处问题，未导入任何建议。") % {"n": len(report.errors)})
        self.stdout.write(self.style.SUCCESS(_("已导入 %(n)s 件建议，等待立案审查。") % {"n": len(report.created)}))


class _ProgressBar:
    """tqdm bars per phase (校验, 保存) on a terminal; nothing otherwise."""

    LABELS = {"check": "校验", "save": "保存"}

    def __init__(self, *, out: Any) -> None:
        self.out = out
        self.bar: Any = None
        self.phase = ""

    def tick(self, phase: str, total: int) -> None:
        if self.out is None:
            return
        if phase != self.phase:
            self.close()
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.LABELS.get(phase, phase), unit="行", file=self.out)
            self.phase = phase
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
