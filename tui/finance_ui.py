"""Card actions, notes and form hints for finance and stakeholder records."""
