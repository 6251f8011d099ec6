"""Card actions and form hints for personal files: education, languages, previous employment, family,
attestation, measures, certificates; a post's qualification requirement from the post's card; a personal file
opened from an employee's card."""

from __future__ import annotations

from typing import Any

from domain import hrfiles
from domain.errors import Message
from domain.rules import allows
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Human resources"

FILE = Reference("personal_files", "number", "full_name", active_only=False, confidential="confidential")
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    (n, "number"): FILE for n in ("files.education", "files.languages", "files.employment", "files.family",
                                  "files.attest", "files.measure", "files.certificate")
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("files.education", "level"): hrfiles.EDUCATION_LEVELS, ("files.requirement", "level"): hrfiles.EDUCATION_LEVELS,
    ("files.attest", "result"): hrfiles.ATTESTATION_RESULTS, ("files.measure", "kind"): hrfiles.MEASURES,
}
CREATE = {"personal-files": "files.open", "post-requirements": "files.requirement",
          "certificates": "files.certificate", "attestations": "files.attest"}
NEW_NAMES = {("files.open", "number")}
LABELS = {"birth_date": "Date of birth", "birth_place": "Place of birth", "next_on": "Next attestation",
          "qualification_exception": "Exception (why, if unqualified)"}


def _file(f: Any) -> list[Action]:
    this, fixed = {"number": f.number}, frozenset({"number"})
    return [Action("e", N_("Add education"), "files.education", this, fixed),
            Action("l", N_("Languages"), "files.languages", this, fixed),
            Action("w", N_("Previous employment"), "files.employment", this, fixed),
            Action("f", N_("Family"), "files.family", this, fixed),
            Action("t", N_("Attestation"), "files.attest", this, fixed),
            Action("m", N_("Measure or award"), "files.measure", this, fixed),
            Action("c", N_("Certificate of employment"), "files.certificate", this, fixed)]


def _notes(secretariat: Any, f: Any) -> list[str]:
    notes = [_("education: {level} in {field}, {institution} ({graduated})", level=Message(ed["level"]),
               field=ed["field"], institution=ed["institution"], graduated=ed["graduated"]) for ed in f.education]
    notes += [_("previous: {post}, {employer} ({start} to {end})", post=job["post"], employer=job["employer"],
                start=job["start"], end=job["end"]) for job in f.employment]
    if f.family:
        notes.append(_("family: {family}", family=f.family))
    notes += [_("attested {on} by {commission}: {result}; next {next_on}", on=a["on"], commission=a["commission"],
                result=Message(a["result"]), next_on=a["next_on"]) if a["next_on"] else
              _("attested {on} by {commission}: {result}", on=a["on"], commission=a["commission"],
                result=Message(a["result"]))
              for a in f.attestations]
    notes += [_("{kind} {on} (order {order}): {description}", kind=Message(m["kind"]), on=m["on"], order=m["order"],
                description=m["description"]) for m in f.measures]
    if f.certificates:
        notes.append(_("certificates: {certificates}", certificates=", ".join(f.certificates)))
    if f.exceptions:
        notes.append(_("hired without the post's qualification, by exception: {exceptions}",
                       exceptions=", ".join(f.exceptions)))
    return notes


def _position(p: Any) -> list[Action]:
    if allows(p, "files.requirement") is not None:
        return []
    return [Action("q", N_("Qualification required"), "files.requirement", {"unit": p.unit_code, "position": p.code},
                   frozenset({"unit", "position"}))]


def _employee(e: Any) -> list[Action]:
    return [Action("h", N_("Open personal file"), "files.open", {"number": e.number, "full_name": e.full_name},
                   frozenset({"number"}))]


ACTIONS = {"PersonalFile": _file, "organisation.Position": _position, "personnel.Employee": _employee}
NOTES = {"PersonalFile": _notes}
