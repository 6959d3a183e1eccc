"""``manage.py load_demo``: the demo city, its session and ~200 suggestions in every state.

Idempotent: when the demo session exists it only prints the logins. ``--reset`` wipes the
database (refusing if it holds accounts the demo did not create) and builds the demo again.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.demo import seed
from oversight.demo.extras import build_extras
from oversight.demo.reference import UNITS
from oversight.demo.scenario import build
from oversight.demo.steps import Director
from oversight.models import Suggestion, Unit, User
from tracker import calendar


class Command(BaseCommand):
    help = "载入演示数据（第十七届人民代表大会第三次会议，约200件代表建议）并打印演示账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="清空数据库后重新载入演示数据")
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="打印的登录地址（与 runserver / run_embedded 使用的地址一致，make run 传入 HOST）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.address = str(options.get("address") or "127.0.0.1:8000")
        if options["reset"]:
            self._wipe()
        elif seed.demo_session() is not None:
            self.stdout.write(_("演示数据已存在，未作改动（如需重建请加 --reset）。"))
            self._print_logins()
            return
        self._check_no_clash()
        started = time.monotonic()
        with transaction.atomic():
            world = seed.create_world()
            director = Director(world, today=timezone.localdate())
            build(director)
            extras = build_extras(director)
        count = Suggestion.objects.filter(session=world.session).count()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "已载入演示数据：%(session)s，代表建议 %(count)s 件，承办单位 %(units)s 个，"
                    "代表 %(deputies)s 名（用时 %(seconds).1f 秒）。"
                )
                % {
                    "session": world.session,
                    "count": count,
                    "units": len(world.units),
                    "deputies": len(world.deputies),
                    "seconds": time.monotonic() - started,
                }
            )
        )
        for line in extras:
            self.stdout.write(line)
        self._print_logins()

    def _check_no_clash(self) -> None:
        """The demo creates fixed accounts and units; refuse rather than fail half-way."""
        taken = list(User.objects.filter(username__in=seed.demo_usernames()).values_list("username", flat=True)[:3])
        taken += list(Unit.objects.filter(name__in=[u.name for u in UNITS]).values_list("name", flat=True)[:3])
        if taken:
            raise CommandError(
                _("数据库中已有同名的账号或单位（%(names)s 等），无法载入演示数据；可用 --reset 清空后重建。")
                % {"names": "、".join(taken)}
            )

    def _wipe(self) -> None:
        strangers = User.objects.exclude(username__in=seed.demo_usernames())
        if strangers.exists():
            names = "、".join(strangers.values_list("username", flat=True)[:3])
            raise CommandError(_("数据库中有非演示账号（%(names)s 等），拒绝清空。") % {"names": names})
        if connection.vendor == "postgresql":
            # Inside an open transaction (tests), deferred foreign-key checks still pending would
            # make PostgreSQL refuse the TRUNCATE; run them now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        # flush recreates content types with new ids; cached ones would point at deleted rows.
        ContentType.objects.clear_cache()
        calendar.clear_cache()

    def _print_logins(self) -> None:
        rows = [(_("角色"), _("用户名"), _("密码"), _("姓名"))] + [
            (login.role, login.username, seed.PASSWORD, login.name) for login in seed.LOGINS
        ]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        self.stdout.write("")
        self.stdout.write(_("演示账号（登录 http://%(address)s/ ，管理后台 /admin/）：") % {"address": self.address})
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)))
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write(_("其余承办单位账号：<单位代码>_liaison / <单位代码>_head，代表账号 dep03…dep60，密码相同。"))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
