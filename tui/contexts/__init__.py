"""Per-context UI: card actions, notes, create commands and form hints of each context."""
