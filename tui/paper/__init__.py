"""Paper: documents printed to PDF (with the fonts shipped in `fonts/`) and the badge's signed QR code."""
