"""Zip containers read in place: bounded expanded size, no path traversal, no XML entities.

Also guards the zip-based office formats (DOCX, ODT, XLSX) before their libraries open them.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from textmine.ingest.messages import Problem, number_in_french, problem, size_in_french
from textmine.ingest.text import ReadError

MAX_MEMBERS = 100_000
# A member expanding more than this many times its compressed size is treated as a bomb.
MAX_RATIO = 200
_RATIO_MIN_BYTES = 10_000_000


@dataclass(slots=True)
class Member:
    name: str
    data: bytes | None  # None when the member was refused (see ``problem``)
    problem: Problem | None = None


def open_zip(data: bytes, max_expanded: int) -> zipfile.ZipFile:
    """Open zip bytes after checking the declared sizes; refuses bombs before expanding anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError("zip_corrupt", exc) from exc
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ReadError(
            "archive_too_many_members",
            count=number_in_french(len(infos)),
            limit=number_in_french(MAX_MEMBERS),
        )
    total = sum(info.file_size for info in infos)
    if total > max_expanded:
        raise ReadError(
            "archive_too_large",
            f"expands to {total:,} bytes",
            size=size_in_french(total),
            limit=size_in_french(max_expanded),
        )
    for info in infos:
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(
            1, info.compress_size
        ):
            raise ReadError("archive_ratio", member=info.filename, ratio=MAX_RATIO)
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than its declared size (a lying header is an error)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError("archive_member_unreadable", exc, member=info.filename) from exc
    if len(data) > info.file_size:
        raise ReadError("archive_member_oversized", member=info.filename)
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
            members.append(Member(name, None, problem("archive_unsafe_path", "path traversal")))
            continue
        parts = PurePosixPath(name).parts
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            continue
        if info.flag_bits & 0x1:
            members.append(Member(name, None, problem("archive_member_encrypted")))
            continue
        try:
            members.append(Member(name, read_member(archive, info)))
        except ReadError as exc:
            members.append(Member(name, None, exc.problem))
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
            raise ReadError("office_xml_entities", "DTD or ENTITY declared", part=info.filename)
