"""Faster searching with the same matches: a first-character test in front of a pattern.

The re module searches quickly only for a pattern that starts with a literal or a character class; one that starts
with a look-behind ("(?<!\\w)(?:[Gg]iao|…)"), a group of alternatives whose first items are classes, or an
optional part is tried at every position of the text. `first_char_guard(p)` computes the set of characters a match of
`p` can start with and puts the look-ahead "(?=[…])" in front: a necessary condition of every match, so the
matches (spans and groups) are exactly those of `p`, and most positions fail on one character test.
"""
from __future__ import annotations

import importlib
import re
from typing import Any

# The re module's own parser (Python 3.11+). Should a later Python move it, patterns are simply left as written.
try:
    _parser: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")
    _compiler: Any = importlib.import_module("re._compiler")
    _CATEGORY = {
        _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
        _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
    }
    _ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
    _REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))
    _AVAILABLE = True
except (ImportError, AttributeError):  # pragma: no cover - another Python
    _AVAILABLE = False
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _char(code: int) -> str:
    ch = chr(code)
    return ch if ch.isalnum() else "\\" + ch if ch.isascii() else ch


class _Unknown(Exception):
    pass


def _item(op: Any, av: Any) -> tuple[list[str], bool]:
    """(class fragments of the first character, whether the item can match empty)."""
    if op is _c.LITERAL:
        return [_char(av)], False
    if op is _c.IN:
        out: list[str] = []
        for o, a in av:
            if o is _c.LITERAL:
                out.append(_char(a))
            elif o is _c.RANGE:
                out.append(_char(a[0]) + "-" + _char(a[1]))
            elif o is _c.CATEGORY and a in _CATEGORY:
                out.append(_CATEGORY[a])
            else:
                raise _Unknown  # a negated class, a class set in another way
        return out, False
    if op in _ZERO_WIDTH:
        return [], True
    if op is _c.BRANCH:
        frags: list[str] = []
        empty = False
        for alt in av[1]:
            f, e = _seq(alt)
            frags += f
            empty = empty or e
        return frags, empty
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, p = av
        if add_flags or del_flags:
            raise _Unknown  # "(?i:…)": the flags would have to go into the test too
        return _seq(p)
    if op in _REPEATS:
        lo, _, p = av
        f, e = _seq(p)
        return f, e or lo == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av)
    raise _Unknown


def _seq(items: Any) -> tuple[list[str], bool]:
    frags: list[str] = []
    for op, av in items:
        f, empty = _item(op, av)
        frags += f
        if not empty:
            return frags, False
    return frags, True


def first_chars(pattern: re.Pattern[str]) -> str | None:
    """A character class ("[…]") every match of `pattern` starts with, or None when it cannot be told (the pattern
    may match the empty string, or uses a construct this reading does not follow)."""
    if not _AVAILABLE:
        return None
    try:
        frags, empty = _seq(_parser.parse(pattern.pattern, pattern.flags))
    except (_Unknown, re.error):
        return None
    if empty or not frags:
        return None
    return "[" + "".join(dict.fromkeys(frags)) + "]"


def first_char_guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with "(?=[first characters])" in front: the same matches, found faster. Returned unchanged when the
    first characters cannot be told or the re module already searches for a literal or class prefix."""
    if not _AVAILABLE:
        return pattern
    try:
        return _guarded(pattern)
    except Exception:  # noqa: BLE001 - internals of the re module: if they change, keep the pattern as written
        return pattern


def _guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    items = _parser.parse(pattern.pattern, pattern.flags)
    if not len(items) or items[0][0] not in (_c.ASSERT, _c.ASSERT_NOT, _c.BRANCH, _c.SUBPATTERN):
        return pattern  # a literal, a class, a repeat or an anchor first: the look-ahead would only add a test
    if _compiler._get_literal_prefix(items, pattern.flags)[0] or _compiler._get_charset_prefix(items, pattern.flags):
        return pattern  # the re module already skips to where a match can start
    cls = first_chars(pattern)
    if cls is None:
        return pattern
    text = pattern.pattern
    m = _GLOBAL_FLAGS.match(text)
    head = m.group(0) if m else ""
    try:
        return re.compile(head + "(?=" + cls + ")" + text[len(head):], pattern.flags)
    except re.error:
        return pattern


#: (module, name) -> (the pattern as written, its guarded form): what guard_patterns replaced, for the tests
GUARDED: dict[tuple[str, str], tuple[re.Pattern[str], re.Pattern[str]]] = {}


def guard_patterns(namespace: dict[str, Any], names: tuple[str, ...]) -> None:
    """Replace the named patterns of a module (its globals()) by their guarded forms."""
    for name in names:
        p = namespace[name]
        if isinstance(p, re.Pattern) and isinstance(p.pattern, str):
            g = first_char_guard(p)
            GUARDED[(str(namespace.get("__name__")), name)] = (p, g)
            namespace[name] = g
