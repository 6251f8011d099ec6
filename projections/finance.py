"""The finance and stakeholder registers: budget, allocations, donor projects, accreditations, party reports, and
their reports."""
