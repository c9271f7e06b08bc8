"""Tolerant vCard content-line reader (bytes in, unfolded properties out).

Why our own: vobject cuts unescaped commas out of text values, and real
files break the RFCs in many ways. This layer only unfolds and splits
``group.NAME;params:value``; it never interprets values, and it keeps the value
as *bytes* because vCard 2.1 declares a charset per property.

Unfolding rules, in order:

* a line after a quoted-printable value ending in ``=`` (soft break) is a
  continuation, whatever it starts with - even an empty line (phones write that);
* a line starting with space or tab continues the previous one (one blank is
  removed; inside base64 all blanks are removed);
* inside a base64 value, bare lines of base64 alphabet continue it too, and a
  blank line or the next ``NAME:`` line ends it (Android/BlackBerry forget the
  blank line that vCard 2.1 asks for).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from crmdesk.importers.base import Problem

_B64_LINE = re.compile(rb"[ \t]*[A-Za-z0-9+/=]+[ \t]*")
_CARD_EDGE = re.compile(rb"(?i)(begin|end)\s*:\s*vcard")
ENCODING_WORDS = {"QUOTED-PRINTABLE", "QP", "BASE64", "B", "8BIT", "7BIT"}


@dataclass(slots=True)
class ContentLine:
    """One unfolded property. ``name`` is upper case, ``group`` lower case.

    ``params`` maps an upper-case parameter name to its values; bare 2.1
    parameters (``;WORK;VOICE``) are filed under TYPE, bare encodings under
    ENCODING. ``name == ""`` marks a line that is not a property at all.
    """

    line: int
    group: str
    name: str
    params: dict[str, list[str]]
    value: bytes

    def param(self, key: str) -> str:
        vals = self.params.get(key)
        return vals[0] if vals else ""

    def types(self) -> set[str]:
        return {t.upper() for t in self.params.get("TYPE", ())}

    def type_label(self) -> str:
        """The TYPE values but PREF, lower case, in the file's order ("voice, callback"):
        the words a note keeps when there is no field for them."""
        types = dict.fromkeys(t.upper() for t in self.params.get("TYPE", ()))
        return ", ".join(t.lower() for t in types if t != "PREF")

    def encoding(self) -> str:
        return self.param("ENCODING").upper()


def _split_quoted(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside double quotes."""
    if '"' not in text:
        return text.split(sep)
    out: list[str] = []
    buf: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == sep and not quoted:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return out


def parse_params(parts: list[str]) -> dict[str, list[str]]:
    """Parameters in every spelling: TYPE=A,B / TYPE=a;TYPE=b / bare A;B / type=pref."""
    params: dict[str, list[str]] = {}
    for part in parts:
        part = part.strip()
        if not part:
            continue
        key, eq, val = part.partition("=")
        if eq:
            key = key.strip().upper()
            vals = [v.strip().strip('"') for v in _split_quoted(val, ",")]
            params.setdefault(key, []).extend(v for v in vals if v)
        else:
            word = key.strip().strip('"')
            bucket = "ENCODING" if word.upper() in ENCODING_WORDS else "TYPE"
            params.setdefault(bucket, []).append(word)
    return params


_HEADS: dict[bytes, tuple[str, str, dict[str, list[str]]]] = {}


def parse_head(head: bytes) -> tuple[str, str, dict[str, list[str]]]:
    """``group.NAME;params`` -> (group, NAME, params), memoised: a file repeats a few dozen
    heads (``TEL;WORK;VOICE``) thousands of times.  Lines with the same head share one
    ``params`` dict, which no reader changes."""
    found = _HEADS.get(head)
    if found is None:
        if len(_HEADS) > 10_000:  # heads with unique groups (item1., item2., ...)
            _HEADS.clear()
        found = _HEADS[head] = _parse_head(head)
    return found


def _parse_head(head: bytes) -> tuple[str, str, dict[str, list[str]]]:
    text = head.decode("utf-8", errors="replace")
    parts = _split_quoted(text, ";") if ";" in text else [text]
    name = parts[0].strip()
    group = ""
    if "." in name:
        group, _, name = name.rpartition(".")
    return group.lower(), name.upper(), parse_params(parts[1:]) if len(parts) > 1 else {}


def split_line(line: bytes) -> tuple[bytes, bytes] | None:
    """Split at the first colon outside quoted parameter values."""
    colon = line.find(b":")
    if colon < 0:
        return None
    if b'"' not in line[:colon]:
        return line[:colon], line[colon + 1 :]
    quoted = False
    for i, ch in enumerate(line):
        if ch == 0x22:
            quoted = not quoted
        elif ch == 0x3A and not quoted:
            return line[:i], line[i + 1 :]
    return None


def physical_lines(chunks: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """Number the lines; strip CR/LF (CR CR LF too); split bare-CR line ends."""
    no = 0
    for raw in chunks:
        no += 1
        line = raw.rstrip(b"\r\n")
        if b"\r" in line:
            for piece in line.split(b"\r"):
                if piece:
                    yield no, piece
            continue
        yield no, line


def content_lines(lines: Iterable[tuple[int, bytes]]) -> Iterator[ContentLine]:
    """Unfold numbered physical lines into :class:`ContentLine` objects."""
    cur: ContentLine | None = None
    parts: list[bytes] = []
    mode = 0  # 0 plain, 1 quoted-printable, 2 quoted-printable after soft break, 3 base64

    for no, line in lines:
        if cur is not None:
            if mode == 2 and not _CARD_EDGE.match(line):
                parts.append(line[:-1] if line.endswith(b"=") else line)
                mode = 2 if line.endswith(b"=") else 1
                continue
            first = line[:1]
            if first == b" " or first == b"\t":
                if mode == 3:
                    parts.append(line.strip())
                else:
                    piece = line[1:]
                    if mode == 1 and piece.endswith(b"="):
                        piece = piece[:-1]
                        mode = 2
                    parts.append(piece)
                continue
            if mode == 3 and line and b":" not in line and _B64_LINE.fullmatch(line):
                parts.append(line.strip())
                continue
            cur.value = b"".join(parts)
            yield cur
            cur = None
        if not line.strip():
            continue
        split = split_line(line)
        if split is None:
            yield ContentLine(no, "", "", {}, line)
            continue
        head, value = split
        group, name, params = parse_head(head)
        cur = ContentLine(no, group, name, params, b"")
        enc = params.get("ENCODING")
        mode = 0
        if enc:
            e = enc[0].upper()
            if e in ("QUOTED-PRINTABLE", "QP"):
                mode = 1
            elif e in ("BASE64", "B"):
                mode = 3
                value = value.strip()
        if mode == 1 and value.endswith(b"="):
            value = value[:-1]
            mode = 2
        parts = [value]
    if cur is not None:
        cur.value = b"".join(parts)
        yield cur


#: No line of a contacts file is longer (a 5 MB photo in base64 on one line is 7 MB).
MAX_LINE = 16 * 1024 * 1024


class BoundedLines:
    """The lines of an open file (binary or text), none longer than :data:`MAX_LINE`.

    A longer line is read past in pieces, never held, and given as an empty line;
    :meth:`problems` then says which it was, so a 2 GB line of junk costs a reader
    neither the memory nor the rest of the file.
    """

    def __init__(self, fh: IO[Any]) -> None:
        self.fh = fh
        self.overlong: list[tuple[int, int]] = []  # (line number, length)

    def __iter__(self) -> Iterator[Any]:
        readline = self.fh.readline
        no = 0
        while True:
            line = readline(MAX_LINE)
            if not line:
                return
            no += 1
            if len(line) < MAX_LINE or line.endswith(("\n", b"\n")[isinstance(line, bytes)]):
                yield line
                continue
            size = len(line)
            while more := readline(MAX_LINE):
                size += len(more)
                if len(more) < MAX_LINE or more[-1:] in ("\n", b"\n"):
                    break
            self.overlong.append((no, size))
            yield line[:0] + ("\n", b"\n")[isinstance(line, bytes)]

    def problems(self) -> Iterator[Problem]:
        """A Problem for each overlong line met since the last call."""
        for no, size in self.overlong:
            yield Problem(no, f"this line is {size / 1048576:,.0f} MB long, longer than any "
                          f"line of a contacts file ({MAX_LINE // 1048576} MB); it was left out")
        self.overlong.clear()
