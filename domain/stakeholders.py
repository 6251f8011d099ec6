"""Stakeholders context: accreditation of organisations and their observers, media and agents; parties' annual
financial reports."""
