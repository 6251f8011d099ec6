"""Voter and population numbers per lower commission (constituency or precinct), as reported by the executive
authority: each figure with its date and source; a later report of the same commission is a revision that keeps
the previous figure in its event. The distribution plan computes ballots from these numbers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message
from domain.finance import find_commission
from domain.organisation import Commission
from domain.records import Record, clean, require
from domain.supplies.common import quantity, voter_figure_id


class VoterFigure(Record):
    commission_id: UUID
    code: str
    election_code: str
    constituency: int
    precinct: int | None
    voters: int
    population: int
    as_of: date
    source: str
    revisions: int

    class Reported(Record.Created):
        commission_id: UUID
        commission_label: str
        election_code: str
        constituency: int
        precinct: int | None
        voters: int
        population: int
        as_of: date
        source: str

        def apply(self, v: VoterFigure) -> None:
            v.commission_id, v.code = self.commission_id, self.commission_label
            v.election_code, v.constituency, v.precinct = self.election_code, self.constituency, self.precinct
            v.voters, v.population, v.as_of, v.source = self.voters, self.population, self.as_of, self.source
            v.revisions = 0

    class Revised(Record.Event):
        voters: int
        population: int
        as_of: date
        source: str
        previous_voters: int
        previous_population: int

        def apply(self, v: VoterFigure) -> None:
            v.voters, v.population, v.as_of, v.source = self.voters, self.population, self.as_of, self.source
            v.revisions += 1

    @staticmethod
    def _check(voters: int, population: int) -> tuple[int, int]:
        voters = quantity(voters, "number of voters", zero_ok=True)
        population = quantity(population, "population", zero_ok=True)
        require(population == 0 or population >= voters,
                "population {population:,} cannot be smaller than the {voters:,} voters", population=population,
                voters=voters)
        return voters, population

    @classmethod
    def report(cls, commission: Commission, voters: int, population: int, as_of: date, source: str,
               envelope: Envelope) -> VoterFigure:
        require(commission.active, "commission {commission_label} is dissolved; it has no voters to count",
                                   commission_label=commission.label)
        voters, population = cls._check(voters, population)
        return cls._create(cls.Reported, id=voter_figure_id(commission.id), commission_id=commission.id,
                           commission_label=commission.label, election_code=commission.election_code,
                           constituency=commission.constituency, precinct=commission.precinct, voters=voters,
                           population=population, as_of=as_of, source=clean(source, "source"), envelope=envelope)

    def revise(self, commission: Commission, voters: int, population: int, as_of: date, source: str,
               envelope: Envelope) -> None:
        require(commission.active, "commission {commission_label} is dissolved; its numbers are closed",
                                   commission_label=commission.label)
        voters, population = self._check(voters, population)
        require(as_of >= self.as_of, "a revision dated {as_of} cannot precede the figure of {as_of2} it revises "
                                     "({code})", as_of=as_of, as_of2=self.as_of, code=self.code)
        require((voters, population) != (self.voters, self.population),
                "{code} already has {voters:,} voters and a population of {population:,}", code=self.code,
                voters=voters, population=population)
        self.trigger_event(self.Revised, voters=voters, population=population, as_of=as_of,
                           source=clean(source, "source"), previous_voters=self.voters,
                           previous_population=self.population, envelope=envelope)


class ReportVoterNumbers(Command, frozen=True, kw_only=True):
    name = "voters.report"
    title = "Record voter numbers of a commission (or revise them)"
    commission: str  # PE26/001 or PE26/001-0003
    voters: int
    population: int = 0
    as_of: date
    source: str

    def execute(self, ctx: Context) -> Outcome:
        commission = find_commission(ctx, self.commission)
        figure = ctx.find(VoterFigure, voter_figure_id(commission.id))
        if figure is None:
            figure = ctx.add(VoterFigure.report(commission, self.voters, self.population, self.as_of, self.source,
                                                ctx.envelope))
            return Outcome(message=Message("{figure_code}: {figure_voters:,} voters recorded",
                                           figure_code=figure.code, figure_voters=figure.voters),
                           record_ids=[figure.id])
        figure.revise(commission, self.voters, self.population, self.as_of, self.source, ctx.envelope)
        return Outcome(message=Message("{figure_code}: revised to {figure_voters:,} voters", figure_code=figure.code,
                                       figure_voters=figure.voters), record_ids=[figure.id])
