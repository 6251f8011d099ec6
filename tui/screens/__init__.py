"""The app's screens: card, forms, palette, reports, the auditor's and administrator's workspaces, welcome."""
