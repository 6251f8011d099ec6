"""The personnel and property registers: staff, trips and assets, and their reports."""
