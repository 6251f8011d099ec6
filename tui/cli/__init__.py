"""The command line, apart from the screens: `secretariat` and its sub-commands."""
