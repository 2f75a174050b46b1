"""A cheap test that a sentence cannot state a task, so the clause rules need not read it (speed only).

The clause rules (`tasks._Extractor._clauses`) only ever give a task when a unit phrase starts at one of a few places
of the sentence: at its start (or after an opening quote, a "Đối với …"/"Riêng …" topic, or a colon, where the rules
read the rest again), right after a comma (after an introductory phrase), or right after an assigning word ("giao",
"yêu cầu" … = `tasks._TRIGGER`), after "gửi" (`tasks._SENT_TO`) or "do" (`tasks._DO_LEAD`). And a unit phrase can
only start with a word that starts a unit (`task_units._first_words()`: the head words of the unit patterns and the
first word of every name in the unit directory) or a number, or with a generic actor or high body the rules name
(`tasks._BARE_SUBJECT`, `tasks._HIGH_BODIES`; "đối với"/"với" before a unit: `tasks._WITH_UNIT`).

`may_assign(sentence)` is False only when none of those places starts such a word: then `_clauses` gives nothing for
the sentence nor for any part of it after a colon, and the rules skip it. Everything is computed from the rules' own
module-level objects at first use (not a copied list): a trigger word, head word or directory name another rule adds
is let through by the same objects. When one of them is missing (a rule renamed), the filter lets everything through.

On with VANBAN_EXTRACT_PREFILTER=1 (or `prefilter.ENABLED = True`); off by default, because it does not pay: over
corpus-2025 it turns away 8,800 of 19,700 sentences, but those are the ones the rules already give up on quickly
(their own gates: the trigger hints, the first word of a unit), so it costs about what it saves (instructions counted
with cachegrind: +0.2%). `scripts/check_extract_same.py --compare-prefilter` compares both settings over real texts
and `tests/unit/ingest/understanding/test_prefilter.py` over invented sentences built from the same vocabularies.
"""
from __future__ import annotations

import os
import re
import sys
from functools import cache
from typing import Any

from services.ingest.understanding import task_units

# Off unless asked for: measured over corpus-2025 it saves about what it costs (the clause rules already give up early on
# most sentences it turns away), and a clause rule added later that finds its unit elsewhere would be skipped by it.
ENABLED = os.environ.get("VANBAN_EXTRACT_PREFILTER", "0").strip().lower() in ("1", "true", "yes", "on")

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _body(p: re.Pattern[str]) -> str:
    """A rule's pattern to put inside a larger one (the same matches there): groups unnamed (one may appear twice),
    its case flag kept; a pattern with another flag is not taken (re.error: no filtering)."""
    text = _NAMED_GROUP.sub("(?:", p.pattern)
    if "(?P=" in text or p.flags & ~(re.UNICODE | re.IGNORECASE):
        raise re.error(f"cannot embed {p.pattern[:40]!r}")
    return f"(?i:{text})" if p.flags & re.IGNORECASE else f"(?:{text})"


def _literal_prefix(p: re.Pattern[str]) -> str:
    """The text every match of `p` starts with after its look-arounds ("gửi" for "(?<!\\w)gửi\\s+…"); "" if none."""
    try:
        from re import _compiler, _constants, _parser  # type: ignore[attr-defined]

        items = list(_parser.parse(p.pattern, p.flags))
        while items and items[0][0] in (_constants.ASSERT, _constants.ASSERT_NOT, _constants.AT):
            items.pop(0)
        if p.flags & re.IGNORECASE:
            return ""
        prefix = _compiler._get_literal_prefix(_parser.SubPattern(_parser.State(), items), p.flags)[0]
        return "".join(map(chr, prefix))
    except Exception:  # noqa: BLE001 - internals of the re module: without them, no gate
        return ""


def _trie(words: list[str]) -> str:
    """An alternation of `words` as a prefix tree (the re module tries alternatives one by one; a tree tries each
    letter once): the same strings match."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node and alts else body

    return walk(tree)


class _Rules:
    """The tests, made of the rules' own objects (built once, after tasks.py has been imported)."""

    def __init__(self) -> None:
        # tasks.py calls the filter, so it is loaded: its objects are read from it (importing it here would make an
        # import circle tasks -> prefilter -> tasks)
        t: Any = sys.modules["services.ingest.understanding.tasks"]
        # what `match_unit` requires first: a word that starts a unit (any case), or a number
        first = r"(?:\d|(?i:" + _trie(sorted(task_units._first_words())) + r")(?![^\W_]))"
        actor = "|".join(_body(p) for p in (t._BARE_SUBJECT, t._HIGH_BODIES))
        unit = rf"(?:{first}|{actor}|{_body(t._WITH_UNIT)}{first})"
        quote, topic, asker = _body(t._OPEN_QUOTE), _body(t._TOPIC_UNIT), _body(t._QUOTE_THEN_ASKER)
        # a sentence read from its start (or from after a colon): a unit, after an opening quote or a topic word
        self.start = re.compile(rf"{quote}?{unit}|{topic}{unit}|{asker}")
        self.colon = re.compile(r":\s+")
        # a unit after a comma or a colon (an introductory phrase ends there), or right after an assigning word
        self.punct = re.compile(rf"[,:]\s*{unit}")
        self.trigger = re.compile(rf"{_body(t._TRIGGER)}{unit}")
        # the rules look for assigning words only in a sentence holding one of these (lower case): the same gate
        self.trigger_hints: tuple[str, ...] = tuple(t._TRIGGER_HINTS)
        self.sent_to_prefix = _literal_prefix(t._SENT_TO)
        self.sent_to = re.compile(rf"{_body(t._SENT_TO)}{unit}")
        self.do_lead = re.compile(rf"{_body(t._DO_LEAD)}{unit}")


@cache
def _rules() -> _Rules | None:
    try:
        return _Rules()
    except (KeyError, AttributeError, re.error):  # a rule object renamed or rewritten: no filtering
        return None


def active() -> bool:
    """Whether sentences are being filtered (on, and every rule object it is made of found)."""
    return ENABLED and _rules() is not None


def may_assign(sentence: str) -> bool:
    """False only when the clause rules give no task for `sentence` nor for its part after any colon (see above)."""
    if not ENABLED:
        return True
    r = _rules()
    if r is None:
        return True
    s = sentence
    if r.start.match(s) is not None or r.punct.search(s) is not None or r.do_lead.search(s) is not None:
        return True
    if r.sent_to_prefix in s and r.sent_to.search(s) is not None:
        return True
    low = s.lower()
    if any(h in low for h in r.trigger_hints) and r.trigger.search(s) is not None:
        return True
    # the rules read the part after a colon again as a sentence of its own (a slice: '^' and look-behinds as there)
    return any(r.start.match(s[m.end():]) is not None for m in r.colon.finditer(s))
