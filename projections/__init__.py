"""Read side of Secretariat: the registers (projections), the event log, as-of queries.

Imports from `domain`, never from `tui`.
"""
