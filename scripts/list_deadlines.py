#!/usr/bin/env python3
"""List, task by task, the deadline the extractor chose and the time phrases around the duty, to read as a clerk would.

    PYTHONPATH=$PWD .venv/bin/python scripts/list_deadlines.py [--texts DIR] [--kind KIND] [--counts] [--limit N]

For every task of every .txt in DIR (default ../shared/data/corpus-2025: unlabelled 2025 documents) it prints the
lead, the deadline chosen (ISO, the phrase, the recurrence) and the time-like phrases ("trước ngày …", "chậm nhất",
"trong tháng …", "quý III/2025", "năm 2025", "hằng tháng", "định kỳ", "thường xuyên", "kịp thời", "trước Tết",
"đến năm 2030", "giai đoạn 2026–2030" …) found in the task's sentence, its list item (line), its heading and the next
sentence, with a rough kind for the reader to check (never a verdict: the kinds are where to look first):

  chosen:  GOAL_YEAR (a target year of a goal: "đến năm 2030 đạt 80%"), CITED_DATE (the date of a cited document),
           PERIOD ("giai đoạn 2026–2030", "năm 2026-2030"), FROM_ELSEWHERE (the phrase is not in the sentence:
           carried from a heading, a list, a time line), IN_SENTENCE
  none:    MISS_SENTENCE (the sentence holds a dated time phrase), MISS_ITEM (the line does), MISS_NEXT (the next
           sentence does), MISS_LISTWIDE (a later "Các nội dung trên hoàn thành trước …" line), MISS_HEADING,
           MISS_ROW (a flattened table row's cell reads as a time), CONTINUOUS ("thường xuyên", "kịp thời": no date by
           the labelling convention), NONE

`--counts` prints only the counts of the kinds. `--jsonl FILE` adds the texts of a training file (never its labels;
score-only files and held-out items are refused, scripts/labelled_access.py). Reads no labels.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.ingest.understanding import understand  # noqa: E402
from services.ingest.understanding.deadlines import find_deadline  # noqa: E402

# time-like phrases, with a few words before them (what a clerk looks at)
_PHRASE = re.compile(
    r"(?:(?:trước|chậm\s+nhất(?:\s+là)?|muộn\s+nhất|hoàn\s+thành(?:\s+(?:trước|trong|xong))?|xong\s+trước|đến\s+hết|"
    r"trong|vào|đến|từ|tới|cuối|kể\s+từ)\s+)?"
    r"(?:(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2})?\s*,?\s*)?ngày\s*\d{1,2}(?:\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{4})?|"
    r"\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
    r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
    r"|tháng\s+\d{1,2}(?:\s*[/\-]\s*\d{4}|\s+năm\s+\d{4})?"
    r"|qu[ýí]\s+(?:IV|III|II|I|[1-4])(?:\s*(?:/|năm)\s*\d{4})?"
    r"|(?:giai\s+đoạn|thời\s+kỳ)\s+\d{4}\s*[-–]\s*\d{4}"
    r"|năm\s+\d{4}(?:\s*[-–]\s*\d{4})?"
    r"|(?:6|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?"
    r"|(?:định\s+kỳ|định\s+kì)(?:\s+(?:hằng|hàng|mỗi)\s+\w+)?|(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)"
    r"|thường\s+xuyên|kịp\s+thời|ngay\s+sau\s+khi|trước\s+(?:Tết|tết|kỳ\s+họp|mùa\s+\w+)|cuối\s+năm|năm\s+nay)",
    re.IGNORECASE)
_HEADING = re.compile(r"^[ \t]*(?:[IVX]{1,4}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?\s|[a-zđ][).])[^\n]{0,160}$|^[^\na-zà-ỹ]{8,160}$",
                      re.MULTILINE)
_CONTINUOUS = re.compile(r"(?<!\w)(?:thường\s+xuyên|kịp\s+thời|liên\s+tục|ngay)(?!\w)", re.IGNORECASE)
_GOAL = re.compile(r"(?<!\w)(?:đạt|phấn\s+đấu|mục\s+tiêu|tỷ\s+lệ|tỉ\s+lệ|ít\s+nhất|tối\s+thiểu|trên|dưới|\d+\s*%|"
                   r"100%|cơ\s+bản\s+(?:hoàn\s+thành|xóa|xoá)|có\s+\d)(?!\w)", re.IGNORECASE)
_CITED = re.compile(r"(?:số|Số)\s+\S+\s+(?:ngày\s+)?\S*$")
_LISTWIDE = re.compile(r"(?:[Cc]ác|[Nn]hững)\s+(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|việc|yêu\s+cầu)\s+(?:nêu\s+)?trên"
                       r"[^.\n]{0,120}")
_SENT_END = re.compile(r"[.;!?](?=\s)|\n")


def phrases(s: str) -> list[str]:
    return [" ".join(m.group(0).split()) for m in _PHRASE.finditer(s or "")]


def dated(s: str, issued: str | None) -> str | None:
    dl = find_deadline(s, issued) if s else None
    return f"{dl.date} «{dl.text}»" if dl is not None and dl.date else None


def context(text: str, span: tuple[int, int] | None) -> tuple[str, str, str]:
    """(the line holding the sentence, the nearest heading before it, the next sentence)."""
    if not span:
        return "", "", ""
    a, b = span
    ls = text.rfind("\n", 0, a) + 1
    le = text.find("\n", b)
    line = text[ls:le if le >= 0 else len(text)].strip()
    head = ""
    for m in _HEADING.finditer(text, max(0, ls - 4000), ls):
        head = m.group(0).strip()
    nxt_at = b
    while nxt_at < len(text) and text[nxt_at] in " \t\n.;":
        nxt_at += 1
    m_end = _SENT_END.search(text, nxt_at)
    nxt = text[nxt_at:m_end.start() + 1 if m_end else min(len(text), nxt_at + 300)][:300].strip()
    return line, head, nxt


def kind_of(text: str, t: dict, issued: str | None, line: str, head: str, nxt: str) -> str:
    sent = t["sentence"] or ""
    dt = t["deadline_text"] or ""
    if t["deadline"]:
        at = sent.find(dt) if dt else -1
        if re.search(r"giai\s+đoạn|thời\s+kỳ|\d{4}\s*[-–]\s*\d{4}", dt):
            return "PERIOD"
        if at < 0:
            return "FROM_ELSEWHERE"
        if _CITED.search(sent[max(0, at - 40):at]):
            return "CITED_DATE"
        if re.search(r"năm\s+\d{4}", dt) and not re.search(r"\d{1,2}\s*[/.\-]\s*\d|tháng|qu[ýí]", dt):
            clause_end = _SENT_END.search(sent, at + len(dt))
            clause = sent[at:clause_end.start() if clause_end else len(sent)]
            if _GOAL.search(clause) or (issued and int(t["deadline"][:4]) - int(issued[:4]) >= 3):
                return "GOAL_YEAR"
        return "IN_SENTENCE"
    if t["recurrence"] or dt:
        return "RECUR_OR_PHRASE"
    if dated(sent, issued):
        return "MISS_SENTENCE"
    if line and line != sent and dated(line, issued):
        return "MISS_ITEM"
    if nxt and dated(nxt, issued):
        return "MISS_NEXT"
    if t.get("_listwide"):
        return "MISS_LISTWIDE"
    if head and (dated(head, issued) or dated(head.lower(), issued)):
        return "MISS_HEADING"
    if "|" in sent or "\t" in sent:
        if any(find_deadline(c.strip(), issued, cell=True) for c in re.split(r"[|\t]", sent) if c.strip()):
            return "MISS_ROW"
    if _CONTINUOUS.search(sent):
        return "CONTINUOUS"
    return "NONE"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared" / "data" / "corpus-2025")
    ap.add_argument("--jsonl", type=Path, action="append", default=[],
                    help="also the texts of a TRAINING file (score-only files are refused; the labels are not read)")
    ap.add_argument("--kind", action="append", help="print only tasks of these kinds")
    ap.add_argument("--counts", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    if not args.texts.is_dir():
        args.texts = Path("/work/shared/data/corpus-2025")
    counts: Counter[str] = Counter()
    shown = 0
    sources: list[tuple[str, str]] = [(f.name, f.read_text(encoding="utf-8")) for f in sorted(args.texts.glob("*.txt"))]
    if args.jsonl:
        from scripts.labelled_access import training_rows
        for path in args.jsonl:
            sources += [(f"{path.name}:{rid}", row["text"]) for rid, row in training_rows(path)]
    for name, text in sources:
        doc = understand(text).to_contract()
        text, issued = doc["text"], doc["issued_date"]
        listwide = [(m.start(), m.group(0)) for m in _LISTWIDE.finditer(text) if dated(m.group(0), issued)]
        for t in doc["tasks"]:
            span = tuple(t["source"]["span"]) if t["source"]["span"] else None
            line, head, nxt = context(text, span)  # type: ignore[arg-type]
            t["_listwide"] = [s for at, s in listwide if span and 0 < at - span[1] < 3000]
            kind = kind_of(text, t, issued, line, head, nxt)
            counts[kind] += 1
            if args.counts or (args.kind and kind not in args.kind):
                continue
            if args.limit and shown >= args.limit:
                continue
            shown += 1
            print(f"== {name} #{t['position']} [{kind}] issued={issued} lead={t['lead']!r}")
            print(f"   chosen: {t['deadline']} «{t['deadline_text']}» recur={t['recurrence']!r}")
            print(f"   sentence: {' '.join((t['sentence'] or '').split())[:400]}")
            for name, s in (("sentence", t["sentence"]), ("item", line if line != t["sentence"] else ""),
                            ("heading", head), ("next", nxt)):
                ps = phrases(s)
                if ps:
                    print(f"   {name} phrases: {ps[:8]}")
            if head:
                print(f"   heading: {head[:160]}")
            if nxt:
                print(f"   next: {' '.join(nxt.split())[:200]}")
            for s in t["_listwide"]:
                print(f"   list-wide later: {s[:160]}")
    print("COUNTS", dict(sorted(counts.items())), "tasks", sum(counts.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
