"""Finance context: budgets, allocations to lower commissions, transfers, spending reports, refunds and donor
projects."""
