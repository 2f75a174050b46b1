"""The sentence pre-filter (prefilter.py) never changes what is extracted: invented sentences made of the rules' own
vocabularies (strings their patterns match, unit names from the directory, verbs, time words) and random text give
the same tasks with the filter on and off, and a sentence it turns away gives no clause."""
from __future__ import annotations

import random
import re
from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.ingest.understanding import deadlines, prefilter, task_units, tasks
from services.vntext.units import directory

_parser: Any = pytest.importorskip("re._parser")
_c: Any = pytest.importorskip("re._constants")


def _sample(items: Any, rnd: random.Random, out: list[str]) -> None:
    """Append to `out` one string the parsed pattern `items` can match (look-arounds left out, spaces for \\s)."""
    for op, av in items:
        if op is _c.LITERAL:
            out.append(chr(av))
        elif op is _c.IN:
            chars = [chr(a) for o, a in av if o is _c.LITERAL] + [chr(a[0]) for o, a in av if o is _c.RANGE]
            cats = [a for o, a in av if o is _c.CATEGORY]
            if any(o is _c.NEGATE for o, _ in av):
                out.append(rnd.choice("xyz ")) if not chars else out.append("q")
            elif chars:
                out.append(rnd.choice(chars))
            elif cats:
                out.append(" " if cats[0] == _c.CATEGORY_SPACE else "a" if cats[0] == _c.CATEGORY_WORD else "1")
        elif op is _c.ANY:
            out.append(rnd.choice("ab "))
        elif op is _c.BRANCH:
            _sample(rnd.choice(av[1]), rnd, out)
        elif op is _c.SUBPATTERN:
            _sample(av[3], rnd, out)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            lo, hi, sub = av
            for _ in range(rnd.randint(lo, min(max(lo, 1), hi, lo + 2))):
                _sample(sub, rnd, out)
        elif op is _c.CATEGORY:
            out.append(" " if av == _c.CATEGORY_SPACE else "a")
        # AT, ASSERT, ASSERT_NOT, GROUPREF …: nothing written


def _phrases(p: re.Pattern[str], n: int = 60) -> list[str]:
    rnd = random.Random(7)
    parsed = _parser.parse(p.pattern, p.flags)
    out = set()
    for _ in range(n):
        buf: list[str] = []
        _sample(parsed, rnd, buf)
        out.add("".join(buf))
    return sorted(out)


_RULE_PATTERNS = [tasks._TRIGGER, tasks._BARE_SUBJECT, tasks._HIGH_BODIES, tasks._SENT_TO, tasks._DO_LEAD,
                  tasks._TOPIC_UNIT, tasks._WITH_UNIT, tasks._MANDATE, tasks._SHORT_OPENER, tasks._OPENER,
                  tasks._CONTINUES, tasks._CONDITION_FIRST, tasks._TOPIC, tasks._RESPONSIBLE, tasks._PHOI_HOP,
                  tasks._DUTY_NEXT, tasks._ACTOR_TRIGGER, tasks._NEXT_TRIGGER]
VOCAB = sorted({
    *(ph for p in _RULE_PATTERNS for ph in _phrases(p)),
    *directory().names[::7],
    *task_units._first_words(),
    *(w.capitalize() for w in task_units._first_words()),
    *task_units.VERBS[::3],
    *deadlines._PREFILTER_WORDS, *deadlines._CUE_HINTS, *deadlines._RECUR_HINTS,
    "trước ngày 15/11/2026", "ngày 5 tháng 3 năm 2026", "hằng tháng", "quý III/2026", "năm 2026",
    "các sở, ban, ngành", "UBND các huyện", "Sở Y tế", "Công an tỉnh", "chủ trì, phối hợp với",
    "có trách nhiệm", "khẩn trương", "tổ chức", "kiểm tra", "báo cáo", "người dân", "thông tin", "giao thông",
    "hội nghị", "lãnh đạo", "thị xã", "Đồng chí", "Riêng", "Đối với", "Nhiệm vụ của", "Thực hiện Công văn số 12/UBND",
})
GLUE = [" ", " ", " ", ", ", ": ", "; ", ". ", " và ", " “", "” ", "\"", " (", ") ", "\n", "1. ", "- ", "a) "]

words = st.sampled_from(VOCAB)
pieces = st.one_of(words, words, words, st.sampled_from(GLUE), st.sampled_from(GLUE),
                   st.text(alphabet="abcđêôơưáàảãạ ĐSởBộ0123456789/.,:;", max_size=12))
UNITS = sorted({*directory().names[::5], *_phrases(tasks._BARE_SUBJECT), *_phrases(tasks._HIGH_BODIES),
                "các sở, ban, ngành", "UBND các huyện, thành phố", "Chủ tịch UBND các xã", "Giám đốc Sở Tài chính"})
VERBS = sorted({*task_units.VERBS, *_phrases(tasks._DUTY_NEXT), *_phrases(tasks._RESPONSIBLE)})
OPENERS = sorted({*_phrases(tasks._TRIGGER), *_phrases(tasks._SENT_TO), *_phrases(tasks._DO_LEAD),
                  *_phrases(tasks._TOPIC_UNIT), *_phrases(tasks._SHORT_OPENER), *_phrases(tasks._OPENER),
                  *_phrases(tasks._CONTINUES), *_phrases(tasks._CONDITION_FIRST), *_phrases(tasks._WITH_UNIT),
                  "Để bảo đảm an toàn, ", "Trong thời gian tới, ", "“", "Về việc này: ", "Theo đó, "})
# a duty as the rules read one: an opener, who acts (or a word in its place), what to do, then anything
shaped = st.tuples(
    st.lists(st.sampled_from(OPENERS), max_size=2).map("".join),
    st.one_of(st.sampled_from(UNITS), words),
    st.sampled_from([" ", ", ", ": ", " (x) "]),
    st.sampled_from(VERBS),
    st.lists(pieces, max_size=8).map("".join),
).map(lambda t: "".join(t))
sentences = st.one_of(shaped, shaped, st.lists(pieces, min_size=1, max_size=24).map("".join))


def _clauses(sentence: str) -> list[Any]:
    return tasks._Extractor(sentence, None)._clauses(sentence)


def test_the_filter_is_built_from_the_rules_objects() -> None:
    r = prefilter._rules()
    assert r is not None, "a rule object the filter is made of was renamed: it lets everything through"
    assert r is not None and r.trigger_hints == tuple(tasks._TRIGGER_HINTS) and r.sent_to_prefix == "gửi"
    # a word that starts a unit in the directory starts one for the filter too, in any case
    for name in directory().names[::11]:
        assert r.start.match(name + " khẩn trương kiểm tra") or not _clauses(name + " khẩn trương kiểm tra")


def test_the_filter_turns_away_plain_prose_and_keeps_assignments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter, "ENABLED", True)
    assert not prefilter.may_assign("Trong năm qua, tình hình kinh tế trên địa bàn tiếp tục ổn định.")
    assert prefilter.may_assign("Giao Sở Xây dựng kiểm tra các công trình.")
    assert prefilter.may_assign("Để phòng dịch, Sở Y tế khẩn trương tổ chức tiêm chủng.")
    assert prefilter.may_assign("Về việc này: UBND các huyện rà soát ngay.")


@settings(max_examples=400, deadline=None)
@given(sentence=sentences)
def test_a_sentence_turned_away_gives_no_clause(sentence: str) -> None:
    old, prefilter.ENABLED = prefilter.ENABLED, True  # the filter itself (off by default in the product)
    try:
        turned_away = not prefilter.may_assign(sentence)
    finally:
        prefilter.ENABLED = old
    if not turned_away:
        return
    assert _clauses(sentence) == []
    for m in tasks._COLON.finditer(sentence):  # the rules read the part after a colon again
        assert _clauses(sentence[m.end():]) == []


def _extract(text: str, on: bool) -> list[dict[str, Any]]:
    old = prefilter.ENABLED
    prefilter.ENABLED = on
    try:
        return [asdict(t) for t in tasks.extract_tasks(text, "2026-03-01")]
    finally:
        prefilter.ENABLED = old


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(sentences, min_size=1, max_size=6))
def test_the_same_tasks_with_the_filter_on_and_off(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    assert _extract(text, True) == _extract(text, False)
