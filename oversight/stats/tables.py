"""The statistics tables, defined once and rendered both as HTML (templates/stats/_table.html) and
as .xlsx (oversight/stats/xlsx.py): the same headers, the same numbers, the same links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from oversight.stats.metrics import Cells, Figures, category_label
from oversight.stats.rounding import fmt_percent, largest_remainder
from oversight.stats.scope import Scope

Linker = Callable[[Scope, str, dict[str, Any]], str]

INT, PCT, TEXT = "int", "pct", "text"


@dataclass(frozen=True)
class Cell:
    value: int | Decimal | str | None
    kind: str = INT
    url: str = ""

    @property
    def text(self) -> str:
        if self.kind == PCT:
            return fmt_percent(self.value)  # type: ignore[arg-type]
        return "—" if self.value is None else str(self.value)


@dataclass
class Table:
    name: str  # the export's file name and the ?table= key
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""


def _rule_note() -> str:
    return _("百分比保留两位小数（四舍五入）；同表并列的占比按最大余数法调整，合计恰为100.00%。")


class Builder:
    """Builds the tables of one computation; ``linker(scope, stat, extra)`` gives a number's list."""

    def __init__(self, cells: Cells, linker: Linker | None = None) -> None:
        self.cells = cells
        self.scope = cells.scope
        self.linker = linker

    def _url(self, stat: str, **extra: Any) -> str:
        return self.linker(self.scope, stat, extra) if self.linker else ""

    def _rates(self, f: Figures, extra: dict[str, Any]) -> list[Cell]:
        codes = f.category_shares
        return [
            Cell(f.assigned, url=self._url("assigned", **extra)),
            Cell(f.answered, url=self._url("answered", **extra)),
            Cell(f.answer_rate, PCT, self._url("unanswered", **extra)),
            Cell(f.on_time_rate, PCT, self._url("late", **extra)),
            Cell(f.satisfied_rate, PCT, self._url("replied", **extra)),
            Cell(f.approval_rate, PCT, self._url("replied", **extra)),
            Cell(f.first_satisfied_rate, PCT, self._url("replied", **extra)),
            Cell(f.unsatisfied, url=self._url("unsatisfied", **extra)),
            Cell(f.face_rate, PCT, self._url("face", **extra)),
            *[Cell(n, url=self._url("category", cat=code, **extra)) for code, n, _share in codes],
            Cell(f.fulfilment_rate, PCT, self._url("commitments_overdue", **extra)),
            Cell(f.overdue, url=self._url("overdue", **extra)),
        ]

    def _rate_headers(self) -> list[str]:
        codes = [category_label(code) for code, _n in Figures().category_counts]
        return [
            _("交办件"),
            _("已办复"),
            _("办复率"),
            _("按时答复率"),
            _("满意率"),
            _("满意+基本满意率"),
            _("初次满意率"),
            _("不满意"),
            _("面复率"),
            *codes,
            _("落实率"),
            _("逾期"),
        ]

    def units(self) -> Table:
        """League table: ranked by 办复率, then 满意+基本满意率, then 按时答复率 (nothing to divide last)."""
        rows = self.cells.by("unit")

        def rank_key(f: Figures) -> tuple[Decimal, Decimal, Decimal, str]:
            low = Decimal(-1)
            return (
                -(f.answer_rate if f.answer_rate is not None else low),
                -(f.approval_rate if f.approval_rate is not None else low),
                -(f.on_time_rate if f.on_time_rate is not None else low),
                f.label,
            )

        headers = [_("排名"), _("承办单位"), *self._rate_headers()]
        table = Table("units", _("承办单位办理情况"), headers, note=_rule_note())
        for i, f in enumerate(sorted(rows, key=rank_key), start=1):
            table.rows.append([Cell(i), Cell(f.label, TEXT), *self._rates(f, {"unit": f.key})])
        return table

    def _grouped(self, name: str, title: str, dimension: str, head: str, param: str) -> Table:
        table = Table(name, title, [head, *self._rate_headers()], note=_rule_note())
        for f in self.cells.by(dimension):
            table.rows.append([Cell(f.label, TEXT), *self._rates(f, {param: f.key})])
        total = self.cells.total()
        table.rows.append([Cell(_("合计"), TEXT), *self._rates(total, {})])
        return table

    def sessions(self) -> Table:
        return self._grouped("sessions", _("历次会议办理情况"), "session", _("会议"), "session")

    def years(self) -> Table:
        return self._grouped("years", _("各年度办理情况"), "year", _("年度"), "year")

    def categories(self) -> Table:
        """Suggestion categories (财政经济 …) with their share of all assignments."""
        groups = self.cells.by("category")
        computed = largest_remainder([f.assigned for f in groups])
        shares: list[Decimal | None] = list(computed) if computed else [None] * len(groups)
        table = Table(
            "categories",
            _("各类建议办理情况"),
            [_("建议分类"), _("交办件"), _("占比"), _("办复率"), _("满意率"), _("满意+基本满意率")],
            note=_rule_note(),
        )
        for f, share in zip(groups, shares, strict=True):
            extra = {"category": f.key} if f.key else {}
            table.rows.append(
                [
                    Cell(f.label, TEXT),
                    Cell(f.assigned, url=self._url("assigned", **extra)),
                    Cell(share, PCT),
                    Cell(f.answer_rate, PCT, self._url("unanswered", **extra)),
                    Cell(f.satisfied_rate, PCT, self._url("replied", **extra)),
                    Cell(f.approval_rate, PCT, self._url("replied", **extra)),
                ]
            )
        return table

    def reply_categories(self) -> Table:
        total = self.cells.total()
        table = Table("reply_categories", _("答复类别"), [_("类别"), _("件数"), _("占比")], note=_rule_note())
        for code, n, share in total.category_shares:
            table.rows.append(
                [Cell(category_label(code), TEXT), Cell(n, url=self._url("category", cat=code)), Cell(share, PCT)]
            )
        table.rows.append([Cell(_("合计"), TEXT), Cell(total.replied, url=self._url("replied")), Cell(None, TEXT)])
        return table

    def overdue(self) -> Table:
        table = Table("overdue", _("逾期情况"), [_("承办单位"), _("办理逾期（件）"), _("承诺逾期（项）")])
        for f in self.cells.by("unit"):
            if f.overdue or f.commitments_overdue:
                table.rows.append(
                    [
                        Cell(f.label, TEXT),
                        Cell(f.overdue, url=self._url("overdue", unit=f.key)),
                        Cell(f.commitments_overdue, url=self._url("commitments_overdue", unit=f.key)),
                    ]
                )
        return table

    def all(self) -> dict[str, Table]:
        return {t.name: t for t in (self.units(), self.reply_categories(), self.categories(), self.overdue())}


TABLES: Sequence[str] = ("units", "reply_categories", "categories", "overdue", "sessions", "years")
