"""Widgets shared by the screens: the virtual register table and form field hints."""
