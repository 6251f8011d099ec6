"""Building the catalogue: extraction to secretariat.pot, updating the languages' .po files, and checking them.

The template holds (1) the literals marked in the sources (`_`, `N_`, `ngettext`, and the refusals' templates:
`Refused`, `require`, `Message` and the other errors) and (2) the texts the UI draws from the registries:
command titles, form field labels and hints, register titles and column headings, report titles, descriptions
and columns, sidebar groups. `python -m tui.i18n.messages` (or `make messages`) writes the template and
updates every language's .po (new keys empty, vanished ones dropped, changed ones fuzzy until reviewed).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from tui.i18n.catalogue import DOMAIN, LOCALE_DIR, catalogue_path
from tui.i18n.settings import LANGUAGES

ROOT = LOCALE_DIR.parent.parent
SOURCES = ("domain", "projections", "tui")
POT = LOCALE_DIR / f"{DOMAIN}.pot"
ERRORS = ("Refused", "NotPermitted", "UnknownActor", "Conflict", "StoreError", "SecretariatError", "CorruptEvent",
          "PaperError", "ExportProblem", "ImportProblem", "FileProblem", "Message")
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None, "N_": None, "ngettext": (1, 2), "require": (2,), **{name: None for name in ERRORS}}
# A placeholder: {name}, {name!r}, {name:,}; doubled braces are literal.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?)\}")
_FIXED_DATE = datetime(2026, 1, 1)  # the template's creation date: fixed, so extraction is reproducible


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def _marked() -> Iterator[tuple[str | tuple[str, str], str]]:
    """(message, where) for every literal marked in the sources."""
    for source in SOURCES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
                ROOT / source, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
                strip_comment_tags=True):
            if isinstance(message, tuple):
                if not all(message):
                    continue
                yield (message[0], message[1]), f"{source}/{filename}:{lineno}"
            elif message:
                yield message, f"{source}/{filename}:{lineno}"


def _report_columns() -> Iterator[tuple[str, str]]:
    """The column names reports declare (`ReportResult(("kind", "appeals"), ...)`): the UI shows them as named."""
    for path in sorted((ROOT / "projections").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ReportResult"):
                continue
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "columns")]
            for arg in args:
                if isinstance(arg, (ast.Tuple, ast.List)):
                    for item in arg.elts:
                        if isinstance(item, ast.Constant) and isinstance(item.value, str):
                            yield item.value, f"{path.relative_to(ROOT)}:{node.lineno}"


def heading(column: str) -> str:
    """A column's heading as the UI draws it."""
    return column.replace("_", " ")


def declared() -> Iterator[tuple[str, str]]:
    """(text, where) for every text the UI draws from the registries."""
    import domain.application  # noqa: F401  (imports every context, so every command is declared)
    from domain.commands import COMMANDS
    from projections.registers import registers
    from projections.reports import reports
    from tui.plugins import groups
    from tui.widgets.fields import form_fields

    for name, command in sorted(COMMANDS.items()):
        if command.title:
            yield command.title, f"command {name}"
        for condition in command.required_when.values():
            yield condition, f"command {name}"
        for field in form_fields(command):
            yield field.label, f"command {name} field {field.name}"
            if field.pattern:
                yield field.pattern[1], f"command {name} field {field.name}"
    for name, register in sorted(registers().items()):
        yield register.title, f"register {name}"
        for column in register.columns:
            yield heading(column), f"register {name}"
    for name, report in sorted(reports().items()):
        yield report.title, f"report {name}"
        if report.description:
            yield report.description, f"report {name}"
    yield from _report_columns()
    for context, group in sorted(groups().items()):
        yield group, f"context {context}"
    from domain.vocabulary import WORDS

    for word in sorted(WORDS):
        yield word, "domain vocabulary (statuses, roles, kinds)"
    yield from _record_labels()
    yield from _library_bindings()


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _record_labels() -> Iterator[tuple[str, str]]:
    """The labels a record card shows: each record's declared fields, named as the card names them. Every domain
    module is imported first: a record kind imported only when first used (attachments) would otherwise be in
    the template or not depending on what the process did before."""
    import importlib
    import pkgutil

    import domain
    from domain.records import Record, _declared_fields

    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)
    from tui.screens.card import field_label

    kinds = {cls for cls in _subclasses(Record) if cls.__module__.startswith("domain.")}  # not a test's own
    for cls in sorted(kinds, key=lambda c: f"{c.__module__}.{c.__qualname__}"):
        yield cls.__name__, "record kinds"
        for key in _declared_fields(cls):
            yield field_label(key), "record card fields"
        for name, event in vars(cls).items():
            if isinstance(event, type) and issubclass(event, Record.Event) and name != "Event":
                yield name, "event names"


def _library_bindings() -> Iterator[tuple[str, str]]:
    """Textual's own key descriptions the footer and the keys panel show (the app's widgets' bindings)."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui.app  # noqa: F401  (imports the screens and widgets, so their classes and Textual's are defined)

    for cls in sorted(set(_subclasses(DOMNode)), key=lambda c: f"{c.__module__}.{c.__qualname__}"):
        if not cls.__module__.startswith("textual."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                texts = (binding.description, binding.tooltip)
            elif isinstance(binding, tuple) and len(binding) > 2:
                texts = (binding[2], "")
            else:
                continue
            for text in texts:
                if text:
                    yield text, "Textual key bindings"


def template() -> Catalog:
    """The catalogue template: every marked literal and every declared text, English source only."""
    catalog = Catalog(domain=DOMAIN, project="Secretariat", version="1", creation_date=_FIXED_DATE,
                      revision_date=_FIXED_DATE, charset="utf-8", fuzzy=False)
    for message, where in [*_marked(), *declared()]:
        path, _sep, line = where.rpartition(":")
        location = (path, int(line)) if line.isdigit() else (where, 0)
        catalog.add(message, locations=[location], flags=("python-brace-format",) if _is_template(message) else ())
    return catalog


def _is_template(message: str | tuple[str, str]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any(placeholders(t) for t in texts)


def pot_bytes(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=116, sort_output=True, omit_header=False, include_lineno=False)
    return out.getvalue()


def read_catalogue(language: str) -> Catalog | None:
    path = catalogue_path(language, "po")
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def update(catalog: Catalog, languages: tuple[str, ...] = LANGUAGES) -> None:
    """Write the template and bring each language's .po up to it (new keys empty, stale ones dropped); every
    language unless some are named (a translator's branch keeps its own .po until merged)."""
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(pot_bytes(catalog))
    for language in languages:
        po = read_catalogue(language) or Catalog(locale=language, domain=DOMAIN, project="Secretariat",
                                                  version="1", creation_date=_FIXED_DATE, fuzzy=False)
        po.update(catalog, no_fuzzy_matching=True, update_creation_date=False)
        po.obsolete.clear()
        po.revision_date = _FIXED_DATE
        po.fuzzy = False
        path = catalogue_path(language, "po")
        path.parent.mkdir(parents=True, exist_ok=True)
        out = BytesIO()
        write_po(out, po, width=116, sort_output=True, include_previous=False, include_lineno=False)
        path.write_bytes(out.getvalue())


def problems(language: str, catalog: Catalog) -> list[str]:
    """What keeps a language's catalogue from being complete: missing keys, untranslated or fuzzy entries,
    translations whose placeholders differ from the source's."""
    po = read_catalogue(language)
    if po is None:
        return [f"{catalogue_path(language, 'po')} is missing"]
    out = []
    for message in catalog:
        if not message.id:
            continue
        entry = po.get(message.id)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if entry is None:
            out.append(f"missing: {key!r}")
            continue
        if language == "en":
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings):
            out.append(f"{'fuzzy' if entry.fuzzy else 'untranslated'}: {key!r}")
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(placeholders(str(s)) for s in sources))
        for s in strings:
            if placeholders(str(s)) != wanted:
                out.append(f"placeholders differ: {key!r} -> {s!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m tui.i18n.messages [LANGUAGE ...]`: the template and the named catalogues (default: all)."""
    named = tuple(argv or ()) or LANGUAGES
    unknown = [n for n in named if n not in LANGUAGES]
    if unknown:
        print(f"unknown language {unknown[0]!r}; languages are {', '.join(LANGUAGES)}", file=sys.stderr)
        return 2
    catalog = template()
    update(catalog, named)
    print(f"{POT.relative_to(ROOT)}: {len([m for m in catalog if m.id])} messages; "
          f"catalogues updated: {', '.join(named)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
