"""Attachments on the command line: `secretariat attach RECORD FILE`, `attachments RECORD`, `attachment-get HASH
--out FILE` and `attachment-folder PATH|--in-store` (where new contents go). The rules are the domain's
(domain/attachments.py); this module names the record, reads and writes the files and prints one line each."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from tui.i18n.catalogue import _
from tui.i18n.formats import figure, show_day

RECORD_HELP = ("the record: its id or the number or code it is known by (INC-/OUT-/CONF-/APL- numbers, order, "
               "contract and session numbers ...), as for `history`")


def add_parsers(sub: Any) -> None:
    at = sub.add_parser("attach", help=_("attach a file (PDF, PNG, JPEG, TIFF, text, DOCX, XLSX, ODT ...) to a record"))
    at.add_argument("record", metavar="RECORD", help=RECORD_HELP)
    at.add_argument("file", metavar="FILE", type=Path, help=_("the file to attach (at most 25 MB)"))
    ls = sub.add_parser("attachments", help=_("list the files attached to a record"))
    ls.add_argument("record", metavar="RECORD", help=RECORD_HELP)
    ls.add_argument("--json", action="store_true", help=_("one JSON object per file"))
    get = sub.add_parser("attachment-get", help=_("write an attached file, named by its sha256, to a new file"))
    get.add_argument("sha256", metavar="HASH", help=_("the file's sha256 (as `attachments` lists it)"))
    get.add_argument("--out", type=Path, required=True, help=_("the new file to write (0600)"))
    fo = sub.add_parser("attachment-folder", help=_("where new attachments' contents are stored: a folder, or the "
                        "store itself (administrators of headquarters)"))
    where = fo.add_mutually_exclusive_group(required=True)
    where.add_argument("folder", nargs="?", help=_("an absolute path to an existing folder"))
    where.add_argument("--in-store", action="store_true", help=_("store new contents in the store's own table"))


Opener = Callable[[argparse.Namespace], Any]


def run_attach(args: argparse.Namespace, open_app: Opener, acting: Callable[[argparse.Namespace], str],
               record_id: Callable[[Any, argparse.Namespace, str], str]) -> int:
    from domain.attachments import attach
    from tui.attachment_files import read_file_to_attach

    app = open_app(args)
    record = UUID(record_id(app, args, args.record))
    content = read_file_to_attach(args.file)
    done = attach(app, acting(args), record, args.record, content, args.file.name)
    print(_("{done_message}, to {args_record}", done_message=done.message, args_record=args.record))
    return 0


def run_list(args: argparse.Namespace, open_app: Opener, acting: Callable[[argparse.Namespace], str],
             record_id: Callable[[Any, argparse.Namespace, str], str]) -> int:
    from domain.attachments import attachments_of
    from domain.eventstore.files import shown

    app = open_app(args)
    record = UUID(record_id(app, args, args.record))
    files = attachments_of(app, acting(args), record, args.record)
    for f in files:
        if args.json:
            print(json.dumps({"sha256": f.sha256, "filename": f.filename, "media_type": f.media_type, "size": f.size,
                              "attached_at": f.attached_at.isoformat(), "attached_by": f.attached_by},
                             ensure_ascii=False))
        else:
            print(f"{f.sha256}  {figure(f.size):>10,}  {f.media_type}  {show_day(f.attached_at.date())} "
                  f"{f.attached_by}  {shown(f.filename)}")
    if not files and not args.json:
        print(_("no files attached to {shown}", shown=shown(args.record)))
    return 0


def run_get(args: argparse.Namespace, open_app: Opener, acting: Callable[[argparse.Namespace], str]) -> int:
    from domain.attachments import get_content
    from tui.attachment_files import check_new_file, write_new_file

    check_new_file(args.out)  # before anything is read (or recorded as read)
    app = open_app(args)
    attached, content = get_content(app, acting(args), args.sha256)
    path = write_new_file(args.out, content)
    print(_("{attached_filename} ({attached_media_type}, {attached_size:,} bytes) written to {path}",
            attached_filename=attached.filename, attached_media_type=attached.media_type,
            attached_size=attached.size, path=path))
    return 0


def run_folder(args: argparse.Namespace, open_app: Opener, acting: Callable[[argparse.Namespace], str]) -> int:
    from domain.attachments import set_blob_folder

    app = open_app(args)
    folder = "" if args.in_store else args.folder
    position = set_blob_folder(app, acting(args), folder)
    if folder:
        print(_("new attachments are stored in the folder {folder}", folder=folder) if position else
              _("new attachments are stored in the folder {folder} (already so; nothing recorded)", folder=folder))
    else:
        print(_("new attachments are stored in the store itself") if position else
              _("new attachments are stored in the store itself (already so; nothing recorded)"))
    return 0
