"""Secretariat's faces: the Textual app and the `secretariat` command line. Imports domain and projections."""
