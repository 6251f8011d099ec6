"""Card actions, notes and form hints for correspondence, appeals and receptions."""
