"""The finance registers' part of the projection property test (tests/projections/test_property.py):
PREAMBLE (valid commands run after the organisation preamble, as user 'admin'), CHANGES (a strategy of
single commands, valid or refused) and STORIES (a strategy of short command lists), or None.

Covers the budget, allocations, donor-projects, accreditations and party-reports registers and the movements
journal: budgets and lines, allocations, transfers, spending reports, refunds, closings; donor tranches,
payments, advances; organisations and individuals accredited, refused, revoked; parties' reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain import finance as f
from domain import parties as pt
from domain import stakeholders as s

DAY = date(2026, 5, 1)
LINE = f.line_code(2026, "STATE", "2211", "PEC")
ALLOCATIONS = st.sampled_from(["AL-2026-STATE-0001", "AL-2026-STATE-0002", "AL-2026-STATE-0003"])
AMOUNTS = st.sampled_from([Decimal("0.01"), Decimal("50.00"), Decimal("125.50"), Decimal("300"), Decimal("0"),
                           Decimal("1.005"), Decimal("5000")])
COMMISSIONS = st.sampled_from(["PE26/001", "PE26/001", "PE26/002", "PE26/001-0001"])
DOCUMENTS = st.sampled_from(["P1", "P2", "P3"])
ON = st.dates(date(2026, 4, 1), date(2026, 9, 30))
NAMES = st.sampled_from(["Jane Doe", "Karimi [b]x[/b]", "Observer [/x]"])
PARTIES = st.sampled_from(["PDA", "PRG"])

PREAMBLE: list[Any] = [
    f.OpenBudget(year=2026, source="STATE", budget_title="State budget"),
    f.AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC", amount=Decimal("1000.00"),
                    description="Temporary staff [b]"),
    f.RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"),
    f.Allocate(line=LINE, commission="PE26/001", amount=Decimal("400.00"), allocated_on=DAY,
               report_due=date(2026, 6, 1)),
    f.RegisterDonorProject(code="UNDP-1", project_title="ELECT", donor="UNDP", agreement="A/1",
                           amount=Decimal("1000.00"), starts=date(2026, 1, 1), ends=date(2027, 1, 1)),
    s.ApplyOrganisation(election="PE26", code="OSCE", organisation_name="OSCE [/x]", kind="international observers",
                        applied_on=DAY),
    s.AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=DAY),
    pt.RegisterParty(code="PDA", party_name="Party of Democracy", registration_number="MOJ-1",
                     registered_on=date(2010, 1, 5), leader="Leader [b]", address="Kabul"),
    s.ExpectPartyReport(party="PDA", year=2025, due=date(2026, 3, 31)),
]
CHANGES: Any = st.one_of(
    st.builds(f.Allocate, line=st.just(LINE), commission=COMMISSIONS, amount=AMOUNTS, allocated_on=st.just(DAY),
              report_due=st.just(date(2026, 6, 1))),
    st.builds(f.Transfer, allocation=ALLOCATIONS, amount=AMOUNTS,
              payment_order=st.sampled_from(["PO-1", "PO-2", "PO-3", "PO-4"]), value_date=ON),
    st.builds(f.ReviseBudgetLine, line=st.just(LINE), amount=AMOUNTS, basis=st.sampled_from(["", "decree 7"])),
    st.builds(f.SubmitSpendingReport, allocation=ALLOCATIONS, spent=AMOUNTS, submitted_on=ON),
    st.builds(f.VerifySpendingReport, allocation=ALLOCATIONS, accepted=AMOUNTS, verified_on=ON,
              discrepancies=st.sampled_from(["", "receipts [/b] missing"])),
    st.builds(f.RecordRefund, allocation=ALLOCATIONS, amount=AMOUNTS, received_on=ON, reference=st.just("TR-1")),
    st.builds(f.CloseAllocation, allocation=ALLOCATIONS, closed_on=ON),
    st.builds(f.ReceiveTranche, project=st.just("UNDP-1"), amount=AMOUNTS, received_on=ON),
    st.builds(f.PayFromProject, project=st.just("UNDP-1"), payment=st.sampled_from(["A1", "P1"]),
              kind=st.sampled_from(f.PAYMENT_KINDS), payee=NAMES, amount=AMOUNTS, paid_on=ON),
    st.builds(f.SettleAdvance, project=st.just("UNDP-1"), payment=st.just("A1"), spent=AMOUNTS, settled_on=ON),
    st.builds(f.CloseDonorProject, project=st.just("UNDP-1"), closed_on=ON),
    st.builds(s.ApplyIndividual, election=st.just("PE26"), organisation=st.sampled_from(["OSCE", "NONE"]),
              document=DOCUMENTS, full_name=NAMES, applied_on=ON),
    st.builds(s.AccreditIndividual, election=st.just("PE26"), document=DOCUMENTS,
              badge=st.sampled_from(["B-1", "B-2"]), valid_from=st.just(DAY), valid_until=ON),
    st.builds(s.RefuseIndividual, election=st.just("PE26"), document=DOCUMENTS,
              reasons=st.sampled_from(["", "no passport"])),
    st.builds(s.RevokeIndividual, election=st.just("PE26"), document=DOCUMENTS, revoked_on=ON,
              badge_returned_on=ON),
    st.builds(s.RevokeOrganisation, election=st.just("PE26"), organisation=st.just("OSCE"), revoked_on=ON),
    st.builds(s.SubmitPartyReport, party=PARTIES, year=st.just(2025), on=ON),
    st.builds(s.ReviewPartyReport, party=PARTIES, year=st.just(2025), on=ON),
    st.builds(s.AcceptPartyReport, party=PARTIES, year=st.just(2025), on=ON),
    st.builds(s.ReturnPartyReport, party=PARTIES, year=st.just(2025), on=ON,
              deficiencies=st.sampled_from(["", "not itemised"])),
    st.builds(s.PublishPartyReport, party=PARTIES, year=st.just(2025), on=ON),
)
STORIES: Any = st.one_of(
    st.builds(lambda t, spent, accepted, on: [
        f.Transfer(allocation="AL-2026-STATE-0001", amount=t, payment_order=f"PO-S{on.toordinal()}", value_date=on),
        f.SubmitSpendingReport(allocation="AL-2026-STATE-0001", spent=spent, submitted_on=on),
        f.VerifySpendingReport(allocation="AL-2026-STATE-0001", accepted=accepted, verified_on=on,
                               discrepancies="short"),
        f.RecordRefund(allocation="AL-2026-STATE-0001", amount=t - accepted if t > accepted else t,
                       received_on=on, reference="TR"),
        f.CloseAllocation(allocation="AL-2026-STATE-0001", closed_on=on)], AMOUNTS, AMOUNTS, AMOUNTS, ON),
    st.builds(lambda doc, name, badge: [
        s.ApplyIndividual(election="PE26", organisation="OSCE", document=doc, full_name=name, applied_on=DAY),
        s.AccreditIndividual(election="PE26", document=doc, badge=badge, valid_from=DAY, valid_until=date(2026, 9, 5)),
        s.RevokeIndividual(election="PE26", document=doc, revoked_on=DAY, badge_returned_on=DAY)],
        DOCUMENTS, NAMES, st.sampled_from(["B-3", "B-4"])),
    st.builds(lambda on: [
        f.ReceiveTranche(project="UNDP-1", amount=Decimal("500.00"), received_on=on),
        f.PayFromProject(project="UNDP-1", payment=f"ADV-{on.toordinal()}", kind="advance", payee="HQ",
                         amount=Decimal("100.00"), paid_on=on),
        f.SettleAdvance(project="UNDP-1", payment=f"ADV-{on.toordinal()}", spent=Decimal("60.00"), settled_on=on)],
        ON),
    st.builds(lambda on: [s.SubmitPartyReport(party="PDA", year=2025, on=on),
                          s.ReviewPartyReport(party="PDA", year=2025, on=on),
                          s.ReturnPartyReport(party="PDA", year=2025, on=on, deficiencies="donations"),
                          s.SubmitPartyReport(party="PDA", year=2025, on=on)], ON),
)
