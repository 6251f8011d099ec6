"""Write side of Secretariat: aggregates, their events and rules, the application and the event store.

Nothing here imports from `projections` or `tui`.
"""
