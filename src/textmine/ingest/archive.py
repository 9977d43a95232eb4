"""Zip containers read in place: bounded expanded size, no path traversal, no XML entities.

Also guards the zip-based office formats (DOCX, ODT, XLSX) before their libraries open them.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from textmine.ingest.text import ReadError

MAX_MEMBERS = 100_000
# A member expanding more than this many times its compressed size is treated as a bomb.
MAX_RATIO = 200
_RATIO_MIN_BYTES = 10_000_000


@dataclass(slots=True)
class Member:
    name: str
    data: bytes | None  # None when the member was refused (see ``problem``)
    problem: str | None = None


def open_zip(data: bytes, max_expanded: int) -> zipfile.ZipFile:
    """Open zip bytes after checking the declared sizes; refuses bombs before expanding anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"corrupt or truncated zip container: {exc}") from exc
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ReadError(f"archive has {len(infos)} members (limit {MAX_MEMBERS})")
    total = sum(info.file_size for info in infos)
    if total > max_expanded:
        raise ReadError(
            f"archive expands to {total:,} bytes, over the limit of {max_expanded:,} "
            "(possible zip bomb); raise ingest.max_archive_bytes if it is legitimate"
        )
    for info in infos:
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(
            1, info.compress_size
        ):
            raise ReadError(
                f"archive member {info.filename!r} has a compression ratio over {MAX_RATIO} "
                "(possible zip bomb)"
            )
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than its declared size (a lying header is an error)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"cannot read archive member {info.filename!r}: {exc}") from exc
    if len(data) > info.file_size:
        raise ReadError(f"archive member {info.filename!r} is larger than declared (zip bomb?)")
    return data


def unsafe_member_name(name: str) -> bool:
    """Absolute paths, drive letters or '..' components: refused even though nothing is extracted."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def zip_members(data: bytes, max_expanded: int) -> list[Member]:
    """The files of a zip archive, sorted by name; hidden and system entries left out."""
    archive = open_zip(data, max_expanded)
    members: list[Member] = []
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        name = info.filename
        if info.is_dir():
            continue
        if unsafe_member_name(name):
            members.append(Member(name, None, "unsafe path in archive (path traversal): not read"))
            continue
        parts = PurePosixPath(name).parts
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            continue
        if info.flag_bits & 0x1:
            members.append(Member(name, None, "encrypted archive member: not read"))
            continue
        try:
            members.append(Member(name, read_member(archive, info)))
        except ReadError as exc:
            members.append(Member(name, None, str(exc)))
    return members


def check_office_container(data: bytes, max_expanded: int) -> None:
    """Guard a DOCX/ODT/XLSX before parsing: size bounds and no DTD/entity declarations."""
    archive = open_zip(data, max_expanded)
    for info in archive.infolist():
        if not info.filename.endswith(".xml"):
            continue
        with archive.open(info) as handle:
            head = handle.read(65_536)
        upper = head.upper()
        if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
            raise ReadError(
                f"{info.filename} declares XML entities (DTD): refused, as office files never "
                "need them and they can expand without bound"
            )
