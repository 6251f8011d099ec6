"""Card actions, notes and form hints for staff, trips and assets."""
