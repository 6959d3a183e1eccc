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

from oversight.demo import seed
from oversight.demo.extras import build_extras
from oversight.demo.scenario import build
from oversight.demo.steps import Director
from oversight.models import Suggestion, User
from tracker import calendar


class Command(BaseCommand):
    help = "载入演示数据（第十七届人民代表大会第三次会议，约200件代表建议）并打印演示账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="清空数据库后重新载入演示数据")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            self._wipe()
        elif seed.demo_session() is not None:
            self.stdout.write("演示数据已存在，未作改动（如需重建请加 --reset）。")
            self._print_logins()
            return
        started = time.monotonic()
        with transaction.atomic():
            world = seed.create_world()
            director = Director(world, today=timezone.localdate())
            build(director)
            extras = build_extras(director)
        count = Suggestion.objects.filter(session=world.session).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入演示数据：{world.session}，代表建议 {count} 件，承办单位 {len(world.units)} 个，"
                f"代表 {len(world.deputies)} 名（用时 {time.monotonic() - started:.1f} 秒）。"
            )
        )
        for line in extras:
            self.stdout.write(line)
        self._print_logins()

    def _wipe(self) -> None:
        strangers = User.objects.exclude(username__in=seed.demo_usernames())
        if strangers.exists():
            names = "、".join(strangers.values_list("username", flat=True)[:3])
            raise CommandError(f"数据库中有非演示账号（{names} 等），拒绝清空。")
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
        rows = [("角色", "用户名", "密码", "姓名")] + [
            (login.role, login.username, seed.PASSWORD, login.name) for login in seed.LOGINS
        ]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        self.stdout.write("")
        self.stdout.write("演示账号（登录 http://127.0.0.1:8000/ ，管理后台 /admin/）：")
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)))
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("其余承办单位账号：<单位代码>_liaison / <单位代码>_head，代表账号 dep03…dep60，密码相同。")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
