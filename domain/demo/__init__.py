"""Deterministic demo histories, one part per context, written through the domain's commands."""
