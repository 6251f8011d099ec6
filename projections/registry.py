"""The registers of the General department: correspondence, appeals and receptions, and their reports."""
