"""List numbers as word processors show them: Word's ``numbering.xml``, OpenDocument list styles.

In a DOCX or ODT file the number of an automatically numbered paragraph ("1.", "2.1", "a)") is
not in its text: Word keeps a reference to a numbering definition (``w:numPr``: numId, ilvl)
and LibreOffice a list style. The readers prefix the paragraph's text with the number rendered
here, counters kept per list and level, so the proposal detectors see "1." or "2.1" as in a
Markdown or PDF file. Bullets render no number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_LEVELS = 9  # Word's levels are ilvl 0..8
_MAX_STYLE_CHAIN = 12  # basedOn links followed; Word's own templates go 3 or 4 deep
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(value: int) -> str:
    out = []
    for amount, numeral in _ROMAN:
        while value >= amount:
            out.append(numeral)
            value -= amount
    return "".join(out)


def _letters(value: int) -> str:
    """Word's letters: a..z, then aa, bb... (the letter repeated, not a base-26 count)."""
    if value <= 0:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    """``value`` in a Word ``numFmt`` (or an ODF ``num-format`` "1", "a", "A", "i", "I")."""
    if fmt in {"lowerLetter", "a"}:
        return _letters(value)
    if fmt in {"upperLetter", "A"}:
        return _letters(value).upper()
    if fmt in {"lowerRoman", "i"} and value > 0:
        return _roman(value)
    if fmt in {"upperRoman", "I"} and value > 0:
        return _roman(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)  # decimal, and the formats French documents do not use, as decimal


@dataclass(slots=True)
class Level:
    """One level of a list: how its number is written and when it starts again."""

    fmt: str  # numFmt: decimal, lowerLetter, upperRoman, bullet, none...
    text: str  # lvlText: "%1.", "%1.%2", "a)" once rendered
    start: int = 1
    restart: int | None = None  # lvlRestart: restart after this 1-based level or a higher one
    legal: bool = False  # isLgl: the levels it cites are shown in decimal
    style: str | None = None  # pStyle: the paragraph style bound to this level

    @property
    def numbered(self) -> bool:
        return self.fmt not in {"bullet", "none"}


@dataclass(slots=True)
class Counters:
    """The values last shown at each level of one list, and the restarts still to apply."""

    values: dict[int, int] = field(default_factory=dict)
    pending: dict[int, int] = field(default_factory=dict)  # level -> start, from an override

    def step(self, levels: dict[int, Level], ilvl: int) -> None:
        """Counts a paragraph at ``ilvl``: its level goes on, deeper levels restart."""
        level = levels.get(ilvl)
        if ilvl in self.pending:
            self.values[ilvl] = self.pending.pop(ilvl)
        elif ilvl in self.values:
            self.values[ilvl] += 1
        else:
            self.values[ilvl] = level.start if level else 1
        for deeper in [k for k in self.values if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del self.values[deeper]

    def render(self, levels: dict[int, Level], ilvl: int) -> str:
        """The level's text with each "%k" replaced by the value of level k - 1."""
        level = levels[ilvl]
        text = level.text
        for k in range(1, _MAX_LEVELS + 1):  # a value holds no "%": one pass per level
            placeholder = f"%{k}"
            if placeholder not in text:
                continue
            cited = levels.get(k - 1)
            value = self.values.get(k - 1, cited.start if cited else 1)
            fmt = "decimal" if level.legal or cited is None else cited.fmt
            text = text.replace(placeholder, format_number(value, fmt))
        return text.strip()


def _val(element, name: str) -> str | None:
    child = element.find(_W + name) if element is not None else None
    return child.get(_W + "val") if child is not None else None


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl) -> Level:
    return Level(
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        start=_int(_val(lvl, "start"), 1) or 0,
        restart=_int(_val(lvl, "lvlRestart")),
        legal=lvl.find(_W + "isLgl") is not None
        and _val(lvl, "isLgl") not in {"0", "false", "off"},
        style=_val(lvl, "pStyle"),
    )


class DocxNumbering:
    """Word's numbering definitions and counters, read from a python-docx ``Document``.

    Counters are kept per abstract numbering: two ``w:num`` of one abstract list continue each
    other, as Word shows them, unless one restarts a level with ``w:startOverride``.
    """

    def __init__(self, document) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}  # abstractNumId -> numbering style it takes levels from
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self._styles: dict[str, object] = {}
        self._counters: dict[str, Counters] = {}
        self._used: set[str] = set()
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        try:
            self._styles = {
                style.get(_W + "styleId"): style
                for style in document.styles.element.findall(_W + "style")
            }
        except (KeyError, NotImplementedError, AttributeError):
            self._styles = {}
        if numbering is None:
            return
        for abstract in numbering.findall(_W + "abstractNum"):
            key = abstract.get(_W + "abstractNumId")
            self._abstract[key] = {
                _int(lvl.get(_W + "ilvl"), 0): _level(lvl) for lvl in abstract.findall(_W + "lvl")
            }
            link = _val(abstract, "numStyleLink")
            if link:
                self._links[key] = link
        for num in numbering.findall(_W + "num"):
            starts: dict[int, int] = {}
            redefined: dict[int, Level] = {}
            for override in num.findall(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0) or 0
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    redefined[ilvl] = _level(lvl)
            self._nums[num.get(_W + "numId")] = (
                _val(num, "abstractNumId") or "",
                starts,
                redefined,
            )

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives, through its basedOn chain."""
        for _ in range(_MAX_STYLE_CHAIN):
            style = self._styles.get(style_id) if style_id else None
            if style is None:
                return None, None
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                return _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"))
            style_id = _val(style, "basedOn")
        return None, None

    def _abstract_levels(self, abstract_id: str) -> tuple[str, dict[int, Level]]:
        """The abstract list whose levels apply, following a numbering style's link once."""
        link = self._links.get(abstract_id)
        if link and not any(self._abstract.get(abstract_id, {}).values()):
            num_id, _ = self._style_numbering(link)
            if num_id in self._nums:
                abstract_id = self._nums[num_id][0]
        return abstract_id, self._abstract.get(abstract_id, {})

    def label(self, p_element, style_id: str | None) -> str | None:
        """The number Word shows before a paragraph: "1.", "2.1", "a)"; "" for a bullet or a
        numbering switched off; None for a paragraph outside any list."""
        num_pr = p_element.find(f"{_W}pPr/{_W}numPr")
        num_id = _val(num_pr, "numId")
        ilvl = _int(_val(num_pr, "ilvl"))
        style_num, style_ilvl = self._style_numbering(style_id)
        num_id = num_id if num_id is not None else style_num
        if num_id is None:
            return None
        if num_id == "0" or num_id not in self._nums:
            return ""  # numId 0 removes the style's numbering
        abstract_id, starts, redefined = self._nums[num_id]
        abstract_id, levels = self._abstract_levels(abstract_id)
        levels = {**levels, **redefined}
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None:  # a heading style bound to a level of an outline list
            ilvl = next((k for k, lvl in levels.items() if lvl.style == style_id), 0)
        ilvl = min(max(ilvl, 0), _MAX_LEVELS - 1)
        counters = self._counters.setdefault(abstract_id, Counters())
        if num_id not in self._used:  # a restarted list: "Redémarrer à 1" in Word
            self._used.add(num_id)
            for level, start in starts.items():
                counters.pending[level] = start
                counters.values.pop(level, None)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters.step(levels, ilvl)
        return counters.render(levels, ilvl) if level.numbered else ""


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _odf_attribute(element, name: str) -> str | None:
    try:
        return element.getAttribute(name)
    except ValueError:  # an attribute this element's kind does not allow
        return None


def _odf_levels(list_style) -> dict[int, Level]:
    """The levels of an ODF ``text:list-style``, written as Word's would be ("%1.%2.")."""
    levels: dict[int, Level] = {}
    for child in list_style.childNodes:
        qname = getattr(child, "qname", None)
        if qname not in {
            (_ODF_TEXT, "list-level-style-number"),
            (_ODF_TEXT, "list-level-style-bullet"),
            (_ODF_TEXT, "outline-level-style"),  # the headings' numbers (P32)
        }:
            continue
        depth = _int(_odf_attribute(child, "level"), 1) or 1
        if qname[1] == "list-level-style-bullet":
            levels[depth - 1] = Level(fmt="bullet", text="")
            continue
        fmt = _odf_attribute(child, "numformat") or ""
        shown = min(_int(_odf_attribute(child, "displaylevels"), 1) or 1, depth)
        cited = ".".join(f"%{k}" for k in range(depth - shown + 1, depth + 1))
        prefix = _odf_attribute(child, "numprefix") or ""
        suffix = _odf_attribute(child, "numsuffix") or ""
        levels[depth - 1] = Level(
            fmt=fmt if fmt else "none",
            text=f"{prefix}{cited}{suffix}",
            start=_int(_odf_attribute(child, "startvalue"), 1) or 1,
        )
    return levels


class OdfNumbering:
    """OpenDocument list numbers: a list style's levels, counters per top-level list.

    A top-level ``text:list`` starts its counters again unless it continues the previous list
    of its style (``text:continue-numbering``, ``text:continue-list``); nested lists count at
    their depth and restart under each item of the level above, as LibreOffice shows them.
    """

    def __init__(self, document) -> None:
        self._styles: dict[str, dict[int, Level]] = {}
        for container in (document.styles, document.automaticstyles):
            for style in container.childNodes:
                if getattr(style, "qname", None) == (_ODF_TEXT, "list-style"):
                    self._styles[_odf_attribute(style, "name") or ""] = _odf_levels(style)
        self._last: dict[str, Counters] = {}  # style name -> the counters of its last list
        # headings numbered by the outline style ("2." shown, not in the text: P32)
        self._outline: dict[int, Level] = {}
        for style in document.styles.childNodes:
            if getattr(style, "qname", None) == (_ODF_TEXT, "outline-style"):
                self._outline = _odf_levels(style)
        self._headings = Counters()

    def open_list(self, element, parent: tuple[str, Counters] | None) -> tuple[str, Counters]:
        """(style name, counters) of a ``text:list``: its parent's when nested."""
        if parent is not None:
            return _odf_attribute(element, "stylename") or parent[0], parent[1]
        style = _odf_attribute(element, "stylename") or ""
        continues = _odf_attribute(element, "continuenumbering") == "true" or bool(
            _odf_attribute(element, "continuelist")
        )
        if not continues or style not in self._last:
            self._last[style] = Counters()
        return style, self._last[style]

    def label(self, style: str, counters: Counters, depth: int, start: str | None) -> str:
        """The number of a list item at ``depth`` (1-based); "" for a bullet or no style."""
        levels = self._styles.get(style, {})
        level = levels.get(depth - 1)
        if level is None:
            return ""
        if start is not None and _int(start) is not None:
            counters.pending[depth - 1] = _int(start) or 1
        counters.step(levels, depth - 1)
        return counters.render(levels, depth - 1) if level.numbered else ""

    def heading_label(self, level: int, numbered: bool = True) -> str:
        """The outline number of a heading at ``level`` (1-based), "" when its level shows none
        (LibreOffice's default outline style numbers nothing). ``numbered`` False: a heading
        left out of the numbering (``text:is-list-header``), which still counts for nothing."""
        outline = self._outline.get(level - 1)
        if outline is None or not numbered:
            return ""
        self._headings.step(self._outline, level - 1)
        return self._headings.render(self._outline, level - 1) if outline.numbered else ""
