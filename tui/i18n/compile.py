"""`python -m tui.i18n.compile [FILE.po ...]`: each language's .po compiled to the .mo beside it (every
language's when none is named); run by `make` at installation."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.i18n.catalogue import LOCALE_DIR, compiled


def main(argv: list[str] | None = None) -> int:
    named = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    for po in named or sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        language = po.parent.parent.name
        po.with_suffix(".mo").write_bytes(compiled(po, language))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
