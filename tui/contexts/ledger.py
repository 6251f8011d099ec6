"""Form hints for the ledger: treasury releases and adjusting entries (the journal's "n" posts an adjusting
entry; every other line of the journal is posted by the rules of domain/postings.py)."""

from __future__ import annotations

GROUP = "Finance"

CREATE = {"journal": "ledger.adjust", "accounts": "ledger.receive-funds"}
NEW_NAMES = {("ledger.adjust", "number"), ("ledger.receive-funds", "reference")}
_ACCOUNT = (r"^([0-9]{4}|[Ee][Xx][Pp]-[A-Za-z0-9-]{1,24})$", "an account of the chart: 1100 or EXP-2211")
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("ledger.adjust", "debit_account"): _ACCOUNT, ("ledger.adjust", "credit_account"): _ACCOUNT,
}
LABELS = {"debit_account": "Debit account", "credit_account": "Credit account", "received_on": "Received on"}
COMMAND_LABELS = {("ledger.adjust", "number"): "Entry no.", ("ledger.receive-funds", "reference"): "Treasury ref."}
