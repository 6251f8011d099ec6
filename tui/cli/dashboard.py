"""`secretariat dashboard [--json] [--today D]`: the dashboard's figures (projections/dashboard.py) for the
acting user's office scope and clearance: tiles with their change since last week, then each chart as rows
with a bar. `--json` prints one JSON object of numbers (counts, whole percentages, minor units), never glyphs
or formatted amounts."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from projections.dashboard import Chart, Dashboard, Tile
from projections.reports import bar
from tui.cli.reports import _day
from tui.i18n.catalogue import _, say
from tui.i18n.formats import figure, show_day, show_money, show_percent, show_said, show_stored

BAR_WIDTH = 20


def add_parser(sub: Any) -> None:
    d = sub.add_parser("dashboard", help=_("the dashboard's figures: key counts with their change since last week, "
                       "and the charts' series, for your office"))
    d.add_argument("--json", action="store_true", help=_("one JSON object of numbers"))
    d.add_argument("--today", type=_day, help=_("compute as if today were this date (YYYY-MM-DD)"))


def figures(who: Any, actor: Any, registers: Any, today: date) -> Dashboard:
    """The figures `who` (the read policy's view of the acting user: clearance and office scope) may see."""
    from projections.dashboard import build, scope_for

    audience, _office = scope_for(registers.db, registers.conn, getattr(actor, "office", None))
    return build(registers.db, registers.conn, today, offices=who.offices, cleared=who.cleared,
                 audience=audience)


def value_text(value: int, unit: str = "count", money: bool = False) -> str:
    """A figure as the reader writes it: an amount in their locale, a count or percentage in their digits."""
    if money:
        return show_money(value)
    return show_percent(value) if unit == "percent" else f"{figure(value):,}"


def change_text(tile: Tile) -> str:
    """'+3 since last week', 'no change since last week', '' when last week's figure is not known."""
    if tile.change is None:
        return ""
    if tile.change == 0:
        return _("no change since last week")
    if tile.unit == "percent":
        return _("{change:+,} points since last week", change=tile.change)
    return _("{change:+,} since last week", change=tile.change)


def chart_lines(chart: Chart) -> list[str]:
    if not chart.bars:
        return [_("{title}: none", title=say(chart.title)), f"  {show_said(chart.note)}"]
    labels = [show_stored(b.label) or say(b.label) for b in chart.bars]  # a week's bar is named by its day
    width = max(len(label) for label in labels)
    largest = max(max(b.plan or 0, b.value) for b in chart.bars)
    out = [f"{say(chart.title)}:"]
    for b, label in zip(chart.bars, labels, strict=True):
        scale = b.plan if chart.kind == "progress" and b.plan else largest
        shown = value_text(b.value, money=chart.money)
        if b.plan is not None:
            plan = value_text(b.plan, money=chart.money)
            shown = _("{value} of {plan} ({percent}%)", value=shown, plan=plan, percent=100 * b.value // b.plan) \
                if b.plan else _("{value} of {plan}", value=shown, plan=plan)
        out.append(f"  {label.ljust(width)}  {bar(b.value, scale or 0, BAR_WIDTH).ljust(BAR_WIDTH)}  {shown}")
    out.append(f"  {show_said(chart.note)}")
    return out


def run_dashboard(args: argparse.Namespace, open_registers: Callable[[], tuple[Any, Any, Any]]) -> int:
    actor, registers, who = open_registers()
    try:
        d = figures(who, actor, registers, args.today or date.today())
    finally:
        registers.close()
    if args.json:
        print(json.dumps(d.as_json(), ensure_ascii=False))
        return 0
    print(_("Dashboard for {audience}, {today}", audience=d.audience, today=show_day(d.today)))
    width = max((len(say(t.label)) for t in d.tiles), default=0)
    for t in d.tiles:
        print(f"  {say(t.label).ljust(width)}  {value_text(t.value, t.unit):>8}  {change_text(t)}".rstrip())
    for chart in d.charts:
        print()
        for line in chart_lines(chart):
            print(line)
    return 0
