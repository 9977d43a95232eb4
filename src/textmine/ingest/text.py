"""Plain text and Markdown: decoding, YAML front matter, Markdown/kramdown/HTML markup removal.

The front matter's fields go to metadata; long string fields that hold the document's content
(as in site generators that keep a page's sections in YAML) are turned into Markdown sections
so that nothing the author wrote is lost.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import yaml
from charset_normalizer import from_bytes

from textmine.ingest.messages import Problem, problem
from textmine.ingest.structure import Piece, starts_list_item


class ReadError(ValueError):
    """A file that cannot be read: a code of :mod:`textmine.ingest.messages`, its French message
    (``str(exc)``, shown to the user) and the library's own words (``detail``)."""

    def __init__(self, code: str, detail: object = None, **values: Any) -> None:
        self.problem: Problem = problem(code, detail, **values)
        super().__init__(self.problem.message)


# Share of replacement/control characters above which decoded bytes are not considered text.
_MAX_GARBAGE_SHARE = 0.02


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _decode_lines_mixed(data: bytes) -> str:
    """Decode each line as UTF-8, falling back to Windows-1252 for the lines that are not."""
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "\n".join(lines).removeprefix("\ufeff")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; returns (text, encoding). Raises ReadError for binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReadError("invalid_utf16", exc) from exc
    if b"\x00" in data[:65536]:
        raise ReadError("binary_content", "NUL bytes")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        if _UTF8_MULTIBYTE.search(data):
            # Mostly UTF-8 with a few lines in another encoding (files pasted together).
            text, encoding = _decode_lines_mixed(data), "utf-8+cp1252"
        else:
            best = from_bytes(data[:2_000_000]).best()
            if best is None:
                raise ReadError("unknown_encoding") from None
            encoding = best.encoding
            text = data.decode(encoding, errors="replace")
    sample = text[:100_000]
    garbage = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t\f"))
    if sample and garbage / len(sample) > _MAX_GARBAGE_SHARE:
        raise ReadError("not_text", encoding=encoding)
    return text, encoding


# --- front matter -------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)

# Front-matter keys that describe the page rather than hold its content.
_META_KEYS = {
    "title",
    "date",
    "permalink",
    "layout",
    "tags",
    "categories",
    "category",
    "published",
    "position",
    "order",
    "lien",
    "nom",
    "image",
    "images",
    "file",
    "files",
    "url",
    "slug",
    "author",
    "authors",
    "auteur",
    "lang",
    "language",
    "alternative-textuelle",
    "alt",
    "communique_file",
    "une-ou-diaporama",
    "redirect_from",
    "draft",
    "weight",
    "type",
}
_HEADING_KEY = re.compile(r"^(sub)?title\d*$|^heading\d*$|^titre\d*$|^sous-titre\d*$", re.I)
_CONTENT_KEY = re.compile(
    r"content|text|body|chapeau|description|resume|résumé|summary|intro", re.I
)
_MAX_FRONT_MATTER_NODES = 20_000


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, Problem | None]:
    """(fields, body, warning): the YAML header of a Markdown file, parsed safely."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, None
    body = text[match.end() :]
    try:
        fields = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "syntax error"
        mark = getattr(exc, "problem_mark", None)
        # The mark counts lines of the YAML from 0, after the opening "---" line: +2.
        where = f" (ligne {mark.line + 2})" if mark is not None else ""
        return None, body, problem("front_matter_invalid", first_line, where=where)
    if not isinstance(fields, dict):
        return None, body, None
    return fields, body, None


def front_matter_content(fields: dict[str, Any]) -> tuple[str, int]:
    """Markdown made of the front matter's content fields (headings + long texts), and its size."""
    out: list[str] = []
    nodes = 0

    def walk(value: Any, depth: int, key: str | None) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > _MAX_FRONT_MATTER_NODES:
            raise ReadError("front_matter_too_large")
        if isinstance(value, dict):
            for sub_key, sub_value in value.items():
                name = str(sub_key)
                if depth == 0 and name.lower() in _META_KEYS:
                    continue
                if depth > 0 and name.lower() in (_META_KEYS - {"title"}):
                    continue
                walk(sub_value, depth + (1 if isinstance(sub_value, dict) else 0), name)
        elif isinstance(value, list):
            for item in value:
                walk(item, depth + 1 if isinstance(item, dict) else depth, key)
        elif isinstance(value, str) and key is not None:
            stripped = value.strip()
            if not stripped or re.fullmatch(
                r"\S+\.(?:png|jpe?g|gif|svg|pdf)|/\S*|https?://\S+", stripped
            ):
                return
            if _HEADING_KEY.match(key) and "\n" not in stripped and len(stripped) < 200:
                out.append("#" * min(6, depth + 2) + " " + stripped)
            elif _CONTENT_KEY.search(key) or "\n" in stripped or len(stripped) >= 200:
                out.append(stripped)

    walk(fields, 0, None)
    return "\n\n".join(out), nodes


# --- Markdown / HTML markup ---------------------------------------------------------------

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_KRAMDOWN_ATTR = re.compile(r"\{:[^}\n]*\}")
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.DOTALL)
_HTML_BREAK = re.compile(
    r"<br\s*/?>|</?(?:p|div|figure|figcaption|table|tr|ul|ol|section|article|blockquote)\b[^>]*>",
    re.I,
)
_HTML_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
# The target may hold spaces: a URL wrapped over two lines is joined with one.
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\n]|\([^()\n]*\))*\)")
_ORPHAN_LINK_TARGET = re.compile(r"\]\((?:https?://|/)[^()\s]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S) ?\*(?![\w*])")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_CODE = re.compile(r"`+")
# "PRÉCONISATION 1", "Proposition n° 3", "Action I-2" alone on a line: a label over the text
# on the next line, a paragraph of its own (a plain text's bold line; P32, as PDF's in P24)
_LABEL_ALONE = re.compile(
    r"^[A-ZÀ-Ý](?:[a-zà-öø-ÿ]{2,20}|[A-ZÀ-ÖØ-Ý]{2,20})(?: [a-zà-öø-ÿ]{3,20})? "
    r"(?:[nN] ?[°º] ?)?(?:\d{1,3}|[IVX]{1,5})(?:[.-]\d{1,3}){0,2}\.?$"
)
_ENDS_CLAUSE = re.compile(r"[.!?:;»\"”)]$")
_ATX_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_SETEXT_TITLE_CHARS = 120  # a title on its line; the underlined titles of plain texts run to ~60
_SETEXT_RATIO = 2  # an underline is drawn to its title's length; a separator rule is not


def _plain_setext(current: list[str], underline: str) -> bool:
    """Whether a plain text's ``----`` or ``====`` line underlines the line above it as a
    heading: one short line without final punctuation, the underline of about its length
    (half to twice). Read as a separator, "Mesures immédiates" underlined ran into the list under
    it, and the lists restarting under such headings kept "1", "2" (P28)."""
    if len(current) != 1:
        return False
    title = current[0].strip()
    if len(title) > _SETEXT_TITLE_CHARS or title.endswith((".", ",", ";", ":")):
        return False
    width = len(underline.strip())
    return len(title) <= _SETEXT_RATIO * width and width <= _SETEXT_RATIO * len(title)


_MD_BULLET = re.compile(r"^([*+-])\s+(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def strip_html(text: str) -> str:
    """Raw HTML inside Markdown -> Markdown-ish text: headings kept, tags dropped."""
    text = _HTML_COMMENT.sub("", text)
    text = _HTML_HEADING.sub(
        lambda m: "\n\n" + "#" * int(m.group(1)) + " " + " ".join(m.group(2).split()) + "\n\n",
        text,
    )
    text = _HTML_LIST_ITEM.sub("\n* ", text)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_TAG.sub("", text)
    return html_lib.unescape(text)


def clean_emphasis(text: str) -> str:
    """Remove emphasis marks only (``**bold**``, ``*italic*``): safe for plain text too."""
    return _EMPHASIS.sub(r"\1", _STRONG.sub("", text))


def clean_inline(text: str) -> str:
    """Remove Markdown inline markup: links keep their text, images and emphasis marks go."""
    text = _STRONG.sub("", text)  # first: "**[lien]**(url)" occurs
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _ORPHAN_LINK_TARGET.sub("", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _UNDERSCORE_EMPHASIS.sub(r"\1", text)
    text = _CODE.sub("", text)
    return text


# Markdown: a paragraph indented by 2 spaces or more under a list item continues that item
# (CommonMark asks for the width of the item's marker, 2 for "- " and 3 for "1. ")
_ITEM_INDENT = 2


def _opens_item(piece: Piece) -> bool:
    """A list item, or a paragraph that opens with a list number ("3. …")."""
    if piece.kind == "list_item":
        return True
    return piece.kind == "paragraph" and starts_list_item(piece.text)


def markdown_pieces(text: str, markup: bool = True) -> list[Piece]:
    """Markdown (or plain text when ``markup`` is False) -> structural pieces.

    Headings (``#`` and underlined), bullets and numbered items, block quotes, tables; soft line
    breaks inside a paragraph are joined, and so is a paragraph indented under a list item to
    that item. Plain text keeps ``#`` headings and list markers too.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if markup:
        text = _LIQUID.sub("", _KRAMDOWN_ATTR.sub("", strip_html(text)))
    pieces: list[Piece] = []
    current: list[str] = []
    current_kind = "paragraph"
    current_marker: str | None = None
    current_level: int | None = None
    in_fence = False

    def flush() -> None:
        nonlocal current_kind, current_marker, current_level
        if current:
            joined = " ".join(current)
            pieces.append(
                Piece(
                    current_kind,
                    clean_inline(joined) if markup else clean_emphasis(joined),
                    level=current_level,
                    marker=current_marker,
                )
            )
        current.clear()
        current_kind, current_marker, current_level = "paragraph", None, None

    for raw in text.split("\n"):
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if not in_fence:
            while line.startswith(">"):
                line = line[1:].strip()
        if not line:
            flush()
            continue
        if in_fence:
            current.append(line)
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            flush()
            title = heading.group(2) or ""
            if not title:
                continue
            pieces.append(
                Piece(
                    "heading", clean_inline(title) if markup else title, level=len(heading.group(1))
                )
            )
            continue
        if (
            _SETEXT.match(line)
            and current
            and current_kind == "paragraph"
            and (markup or _plain_setext(current, line))
        ):
            level = 1 if line.startswith("=") else 2
            title = " ".join(current)
            current.clear()
            pieces.append(Piece("heading", clean_inline(title) if markup else title, level=level))
            continue
        if _RULE.match(line):
            flush()
            continue
        if line.startswith("|") and line.count("|") >= 2:
            flush()
            if not _TABLE_SEPARATOR.match(line):
                cells = [c.strip() for c in line.strip("|").split("|")]
                row = " | ".join(c for c in cells if c)
                pieces.append(Piece("table_row", clean_inline(row) if markup else row))
            continue
        indent = len(raw) - len(raw.lstrip())
        if (
            markup
            and not current
            and indent >= _ITEM_INDENT
            and pieces
            and _opens_item(pieces[-1])
            and not _MD_BULLET.match(line)
            and not starts_list_item(line)
        ):
            # an indented paragraph after a blank line belongs to the list item above it
            resumed = pieces.pop()
            current_kind, current_marker, current_level = (
                resumed.kind,
                resumed.marker,
                resumed.level,
            )
            current.extend([resumed.text, line])
            continue
        bullet = _MD_BULLET.match(line)
        if bullet and markup:
            flush()
            indent = len(raw) - len(raw.lstrip())
            current_kind, current_marker = "list_item", bullet.group(1)
            current_level = 1 + indent // 2
            current.append(bullet.group(2))
            continue
        if _LABEL_ALONE.match(line) and (not current or _ENDS_CLAUSE.search(current[-1])):
            flush()
            pieces.append(Piece("paragraph", clean_inline(line) if markup else line))
            continue
        if starts_list_item(line, current[0] if current else ""):
            flush()
        current.append(line)
    flush()
    return pieces
