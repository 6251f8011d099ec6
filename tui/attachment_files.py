"""Files to attach and attachments written out: reading the file a user names (one sentence for a missing file, a
folder, a device, an unreadable or oversize file), writing a content to a new file (0600, never over one), and
opening one with the system's viewer (`xdg-open`, `open`), or saying where it was written when there is none.
Shared by the command line (`attach`, `attachment-get`) and the record card."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from domain.errors import SecretariatError
from domain.eventstore.files import shown
from domain.filetypes import MAX_BYTES


class FileProblem(SecretariatError):
    """A file named by the user cannot be read or written as asked; nothing was recorded."""


def read_file_to_attach(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, else Refused in one sentence (nothing read beyond that)."""
    name = shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileProblem("there is no file {name}", name=name) from None
    except IsADirectoryError:
        raise FileProblem("{name} is a folder; name a file to attach", name=name) from None
    except PermissionError:
        raise FileProblem("{name} cannot be read (permission denied)", name=name) from None
    except (OSError, ValueError) as e:
        raise FileProblem("{name} cannot be read: {problem}", name=name,
                          problem=str(getattr(e, "strerror", None) or e)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise FileProblem("{name} is a folder; name a file to attach", name=name)
        if not stat.S_ISREG(mode):
            raise FileProblem("{name} is not a regular file (a device or a pipe); name a file to attach", name=name)
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            raise FileProblem("{name} is {size:.1f} MB, over the {limit} MB limit for an attachment", name=path.name,
                              size=size / 1048576, limit=MAX_BYTES // 1048576)
        chunks, read = [], 0
        while read <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - read))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
        return b"".join(chunks)  # a file grown meanwhile past the limit is refused by the size rule
    except IsADirectoryError:
        raise FileProblem("{name} is a folder; name a file to attach", name=name) from None
    except OSError as e:
        raise FileProblem("{name} cannot be read: {problem}", name=name, problem=str(e.strerror or e)) from None
    finally:
        os.close(fd)


def check_new_file(path: Path) -> None:
    """Refuse, before anything is read, a target that is a folder, exists, or lies in no folder."""
    name = shown(path)
    if path.is_dir():
        raise FileProblem(f"{name} is a folder; name a new file to write")
    if path.exists() or path.is_symlink():
        raise FileProblem(f"{name} already exists; name a new file")
    if not path.parent.is_dir():
        raise FileProblem(f"cannot write {name}: folder {shown(path.parent)} does not exist")


def write_new_file(path: Path, content: bytes) -> Path:
    """Write `content` to a new file (0600: an attachment may be a confidential record's); never over a file."""
    name = shown(path)
    check_new_file(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        raise FileProblem(f"{name} already exists; name a new file") from None
    except OSError as e:
        raise FileProblem(f"cannot write {name}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
    except OSError as e:
        path.unlink(missing_ok=True)
        raise FileProblem(f"cannot write {name}: {e.strerror or e}") from None
    return path


def viewer() -> str | None:
    """The system's command that opens a file with its usual program, if this machine has one."""
    return shutil.which("open" if sys.platform == "darwin" else "xdg-open")


def extract_and_open(content: bytes, filename: str) -> str:
    """Write the content to a new temporary file (0600, named as attached) and open it with the system's viewer;
    the sentence to show: opened, or where the file was written when there is no viewer."""
    folder = Path(tempfile.mkdtemp(prefix="secretariat-attachment-"))
    path = write_new_file(folder / (Path(filename).name or "attachment"), content)
    command = viewer()
    if command is None:
        return f"No viewer on this machine; {filename} was written to {path}"
    try:
        subprocess.Popen([command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return f"The viewer could not be started; {filename} was written to {path}"
    return f"{filename} opened with the system viewer (a copy in {path})"
