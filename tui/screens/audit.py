"""The auditor's workspace: one event with its full envelope and payload, registers as they stood at a
date or position (clearly marked historical), and the chain check with its checkpoints."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

import msgspec
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, ProgressBar
from textual.widgets.option_list import Option

from domain.errors import SecretariatError
from domain.readaudit import is_confidential, record_reading
from domain.readpolicy import event_view, export_refusal
from domain.shown import builtins
from projections.audit_log import confidential_at
from projections.paging import RegisterQuery
from projections.registers import Register
from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _, say
from tui.i18n.formats import figure
from tui.keys import KEYS
from tui.screens.card import RecordCard
from tui.screens.host import host
from tui.widgets.paragraph import Body, Paragraph
from tui.widgets.table import RegisterTable

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > VerticalScroll, {name} > Vertical {{ width: 96; max-width: 100%; height: 90%; border: thick $primary;
    background: $surface; padding: 0 1; }}
{name} .title {{ text-style: bold; }}
{name} .section {{ text-style: bold; margin-top: 1; color: $accent; }}
{name} .historical {{ background: $warning 40%; text-style: bold; padding: 0 1; }}
{name} .bad {{ color: $error; text-style: bold; }}
{name} .good {{ color: $success; text-style: bold; }}
"""


def plain(value: Any) -> str:
    built = builtins(value)
    return built if isinstance(built, str) else msgspec.json.encode(built).decode()


class EventScreen(ModalScreen[None]):
    """One stored event: its envelope, its payload, its place in the chain."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Close")),
                                             Binding("h", "history", N_("Record history")), KEYS]
    DEFAULT_CSS = MODAL_CSS.format(name="EventScreen")

    def __init__(self, position: int) -> None:
        super().__init__()
        self.position = position
        self.stream: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Body(id="event-body")
        yield Footer()

    def on_mount(self) -> None:
        app = host(self)
        found = app.secretariat.recorder.select_notifications(self.position, 1)
        body = Text()
        if not found or found[0].id != self.position:
            body.append(_("No event at position {position}", position=self.position))
            self.query_one("#event-body", Body).update(body)
            return
        n = found[0]
        event = app.secretariat.mapper.to_domain_event(n)
        self.stream = UUID(str(n.originator_id)).hex
        secret = is_confidential(app.secretariat.find(UUID(self.stream))) or confidential_at(
            app.reader, app.read_conn, n.id)
        fields = {k: v for k, v in vars(event).items() if k not in ("envelope", "originator_id", "originator_version")}
        envelope = getattr(event, "envelope", None)
        payload, reason = event_view(app.policy, secret, fields, envelope.reason if envelope else "")
        body.append(_("Event at position {id}: {split}\n", id=n.id, split=n.topic.split(':', 1)[-1]), style="bold")
        body.append(_("record {stream} version {originator_version}\n", stream=self.stream,
                      originator_version=n.originator_version))
        chain = app.secretariat.chain_hash_at(n.id)
        body.append(_("chain hash {value}\n", value=chain.hex() if chain else '-'))
        body.append("\n" + _("Envelope") + "\n", style="bold")
        envelope = getattr(event, "envelope", None)
        for key, value in (msgspec.structs.asdict(envelope).items() if envelope else []):
            body.append(f"{key:>16}: ", style="bold")
            body.append((reason if key == "reason" else plain(value)) + "\n")
        body.append("\n" + _("Payload") + "\n", style="bold")
        if isinstance(payload, str):  # the read policy's word for fields this reader may not see
            body.append(_("{payload} (you are not cleared for confidential records)\n", payload=payload))
        for key, value in (payload.items() if isinstance(payload, dict) else ()):
            body.append(f"{key:>16}: ", style="bold")
            body.append(plain(value) + "\n")
        body.append(_("\n[h] the record's history   [esc] close"))
        self.query_one("#event-body", Body).update(body)

    def action_history(self) -> None:
        if self.stream:
            self.app.push_screen(RecordCard(str(UUID(self.stream))))


def parse_moment(text: str) -> int | datetime:
    """A position (a number) or a date/date-time (naive ones are UTC)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("a position like 1200, or a date like 2026-11-23 or 2026-11-23T14:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AsOfScreen(Screen[None]):
    """A register as it stood at a position or a date-time, replayed into a scratch database."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", N_("Close"))]
    DEFAULT_CSS = """
    AsOfScreen #banner { background: $warning 50%; text-style: bold; padding: 0 1; height: auto; }
    AsOfScreen #asof-error { color: $error; height: auto; }
    AsOfScreen #asof-registers { height: auto; max-height: 8; }
    """

    def __init__(self, register: Register, registers: list[Register]) -> None:
        super().__init__()
        self.register = register
        self.registers = registers
        self.scratches: dict[str, tuple[Any, Any]] = {}  # per projection: only the one shown is replayed
        self.position: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_("HISTORICAL VIEW — type a position or a date-time and press Enter"), id="banner")
            yield Input(placeholder=visual(_("position (e.g. 1200) or date-time (e.g. 2026-11-23T14:30)")),
                        id="moment")
            yield Paragraph(id="asof-error")
            yield OptionList(*[Option(Text(visual(_(r.title))), id=r.name) for r in self.registers],
                             id="asof-registers")
            yield Vertical(id="asof-table")
        yield Footer()

    @on(Input.Submitted, "#moment")
    def _moment(self, event: Input.Submitted) -> None:
        from projections.asof import as_of, position_at

        app = host(self)
        error = self.query_one("#asof-error", Paragraph)
        try:
            moment = parse_moment(event.value)
            self.position = moment if isinstance(moment, int) else position_at(app.secretariat, moment)
            self.scratches = {self.register.projection: as_of(app.secretariat, self.position,
                                                               registers=[self.register.name])}
        except (ValueError, SecretariatError) as e:
            error.update(Text(say(e)))
            return
        error.update("")
        self.show(self.register)

    @on(OptionList.OptionSelected, "#asof-registers")
    def _register(self, event: OptionList.OptionSelected) -> None:
        self.register = next(r for r in self.registers if r.name == event.option.id)
        if self.position is not None:
            self.show(self.register)

    def show(self, register: Register) -> None:
        from projections.asof import as_of, recorded_at

        assert self.position is not None
        app = host(self)
        if register.projection not in self.scratches:
            self.scratches[register.projection] = as_of(app.secretariat, self.position, registers=[register.name])
        when = recorded_at(app.secretariat, self.position).strftime("%Y-%m-%d %H:%M:%S") if self.position else "-"
        self.query_one("#banner", Paragraph).update(
            _("HISTORICAL VIEW — {register_title} as of position {position} (recorded {when} UTC); not the current "
              "register", register_title=_(register.title), position=self.position, when=when))
        holder = self.query_one("#asof-table", Vertical)
        holder.remove_children()
        db, conn = self.scratches[register.projection]
        holder.mount(RegisterTable(RegisterQuery(db, conn, register, restriction=register.restriction_for(app.policy),
                                                 calendar=app.settings.calendar), id="asof-rows"))


def _kept_checkpoints(config: Any, head: int) -> Any:
    """The chain of checkpoints kept in the store and in this machine's files, checked with this key."""
    from domain.eventstore import checkpoints
    from domain.eventstore.keys import public_key
    from domain.eventstore.snapshot import snapshot_of

    with snapshot_of(config) as snap:
        return checkpoints.check(snap, head, public_key())


class VerifyScreen(ModalScreen[None]):
    """The chain check with a progress bar; signed checkpoints: create, list, verify against one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Close")),
                                             Binding("c", "checkpoint", N_("Create checkpoint")), KEYS]
    DEFAULT_CSS = MODAL_CSS.format(name="VerifyScreen")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_("Verify the hash chain"), classes="title")
            yield ProgressBar(id="verify-progress", show_eta=True)
            yield Body(id="verify-result")
            yield Paragraph(_("Checkpoints (Enter verifies against one; c creates a new one)"), classes="section")
            yield OptionList(id="checkpoints")
        yield Footer()

    def on_mount(self) -> None:
        self.list_checkpoints()
        self.run_check()
        checkpoints = self.query_one("#checkpoints", OptionList)
        if checkpoints.option_count:  # Enter verifies against the newest at once
            checkpoints.highlighted = checkpoints.option_count - 1
            checkpoints.focus()

    @staticmethod
    def folder() -> Path:
        from domain.eventstore.keys import data_dir

        return data_dir() / "checkpoints"

    def list_checkpoints(self) -> None:
        options = self.query_one("#checkpoints", OptionList)
        options.clear_options()
        files = sorted(self.folder().rglob("*.json")) if self.folder().is_dir() else []
        options.add_options([Option(Text(f.name), id=str(f)) for f in files])

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_check(self, checkpoint: Path | None = None) -> None:
        from domain.eventstore.integrity import check_against_checkpoint, read_checkpoint, verify_chain
        from domain.eventstore.keys import public_key

        app = host(self)
        bar = self.query_one("#verify-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        result = Text()
        try:
            report = verify_chain(app.secretariat.recorder, progress)
            problem = None
            if report.ok and checkpoint is not None:
                trusted = public_key()
                problem = (_("no key of this installation to trust") if trusted is None else
                           check_against_checkpoint(app.secretariat.chain_hash_at, report,
                                                    read_checkpoint(checkpoint), trusted))
            kept = _kept_checkpoints(app.secretariat.store_config, report.head_position) if report.ok else None
            if problem is None and kept is not None and not kept.ok:
                problem = kept.describe()
        except SecretariatError as e:
            result.append(_("Cannot verify: {e}", e=e), style="bold red")
            app.call_from_thread(self.query_one("#verify-result", Body).update, result)
            return
        if not report.ok:
            result.append(_("Chain broken at position {report_bad_position}",
                            report_bad_position=report.bad_position), style="bold red")
            result.append(_(" (record {report_bad_stream}): {report_problem}", report_bad_stream=report.bad_stream,
                            report_problem=report.problem))
        elif problem:
            result.append(_("Checkpoint {value} does not hold: {problem}",
                            value=checkpoint.name if checkpoint else '', problem=problem),
                          style="bold red")
        else:
            result.append(_("Chain intact: {report_count} events, head position {report_head_position}",
                            report_count=figure(report.count), report_head_position=figure(report.head_position)),
                          style="bold green")
            result.append(_("\nhead hash {hex}", hex=report.head_hash.hex()))
            if kept is not None:
                result.append("\n" + say(kept.describe()))
            if checkpoint is not None:
                result.append(_("\nmatches checkpoint {checkpoint_name}", checkpoint_name=checkpoint.name))
        app.call_from_thread(self.query_one("#verify-result", Body).update, result)

    @on(OptionList.OptionSelected, "#checkpoints")
    def _against(self, event: OptionList.OptionSelected) -> None:
        self.run_check(Path(str(event.option.id)))

    def action_checkpoint(self) -> None:
        from domain.eventstore import checkpoints

        app = host(self)
        try:  # signed, chained to the last one, kept in the store and under the data directory
            taken = checkpoints.take(app.secretariat.store_config)
            record_reading(app.secretariat, app.actor.name, "checkpoint.sign",
                           f"position {taken.checkpoint.position}, head hash {taken.checkpoint.head_hash}, "
                           f"file {taken.file}")
        except SecretariatError as e:
            app.notify(Text(say(e)).plain, severity="error")
            return
        app.notify(_("Checkpoint at position {position} kept in the store and in {taken_file}",
                     position=figure(taken.checkpoint.position), taken_file=taken.file),
                   title=_("Signed"))
        self.list_checkpoints()
        self.run_check()  # what the new checkpoint covers is said at once


class ExportScreen(ModalScreen[None]):
    """Export for outside auditors: events with envelopes and chain hashes, a signed checkpoint, the
    public key and a manifest, into a new folder; checked offline by `secretariat verify-export`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "start", N_("Export"), priority=True),
                                             Binding("escape", "dismiss", N_("Close"), priority=True), KEYS]
    DEFAULT_CSS = MODAL_CSS.format(name="ExportScreen")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_("Export for outside auditors"), classes="title")
            yield Paragraph(_("New folder to write"))
            yield Input(placeholder="/path/to/new/folder", id="export-out")
            yield Paragraph(_("Since (optional)"))
            yield Input(placeholder="2026-01-01", id="export-since")
            yield Paragraph(_("Until (optional)"))
            yield Input(placeholder="2026-12-31T23:59", id="export-until")
            yield Paragraph(_("ctrl+s exports · Esc closes"))
            yield ProgressBar(id="export-progress", show_eta=True)
            yield Paragraph(id="export-result")
        yield Footer()

    def action_start(self) -> None:
        result = self.query_one("#export-result", Paragraph)
        refusal = export_refusal(host(self).policy)
        if refusal:
            result.update(_("Not exported: {refusal}", refusal=refusal))
            return
        out = self.query_one("#export-out", Input).value.strip()
        if not out:
            result.update(_("Name a new folder to write the export to."))
            return
        try:
            bounds = [self._moment(self.query_one(f"#export-{k}", Input).value) for k in ("since", "until")]
        except ValueError as e:
            result.update(Text(say(e)))
            return
        result.update(_("Exporting…"))
        self.export(Path(out).expanduser(), bounds[0], bounds[1])

    @staticmethod
    def _moment(text: str) -> datetime | None:
        if not text.strip():
            return None
        moment = parse_moment(text)
        if isinstance(moment, int):
            raise ValueError("since and until take dates or date-times, not positions")
        return moment

    @work(thread=True, exclusive=True, exit_on_error=False)
    def export(self, out: Path, since: datetime | None, until: datetime | None) -> None:
        from domain.eventstore.export import export_store

        app = host(self)
        bar = self.query_one("#export-progress", ProgressBar)
        line = self.query_one("#export-result", Paragraph)

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        try:
            summary = export_store(app.secretariat, out, since=since, until=until, progress=progress)
            record_reading(app.secretariat, app.actor.name, "export", f"{summary.count} events, positions "
                           f"{summary.first_position}-{summary.last_position}, into {summary.out_dir}")
        except SecretariatError as e:
            app.call_from_thread(line.update, _("Not exported: {e}", e=e))
            return
        text = _("Exported {count:,} events (positions {first}-{last}) to {folder}. Give the auditor this public key "
                 "separately: {key}", count=summary.count, first=summary.first_position, last=summary.last_position,
                 folder=summary.out_dir, key=summary.public_key)
        app.call_from_thread(line.update, text)
