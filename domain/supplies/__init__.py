"""Supplies context: voter numbers, items and warehouses with stock by quantity (receipts, moves, write-offs,
counts), the distribution plan, dispatch to lower commissions with acknowledgement and return, and ballot
accountability. One module per part:

- `voters`: voter and population numbers per commission (`VoterFigure`);
- `stock`: items, warehouses, stock cards and their movements (`Item`, `Warehouse`, `Stock`);
- `distribution`: the plan per election, quotas per commission, dispatches (`SupplyPlan`, `Quota`, `Dispatch`);
- `ballots`: ballot accounts and their reconciliation (`BallotAccount`);
- `common`: quantities, item lines, serial ranges and ids.
"""

from domain.supplies import ballots, distribution, stock, voters  # noqa: F401  (registers their commands)
