#!/usr/bin/env python3
"""Sort every missed support unit and every wrong or missing deadline of TRAINING files into one kind each, per set.

    PYTHONPATH=$PWD .venv/bin/python scripts/support_deadline_kinds.py FILE.jsonl... [--shared ../shared] [-v]

Runs the extractor in-process and matches as the scorer does (../shared/tools/score_extraction.py: support is a bag
of units per document, one per task that names it; a deadline counts on the gold tasks whose lead has a predicted
task). Each miss gets ONE kind, the first that fits in the order below (a clerk's words for where it went wrong):

support (a gold partner no predicted task carries):
  NOLEAD        the gold task's lead has no predicted task at all (a lead matter: no task, no partner)
  COLLECTIVE    a collective ("các đơn vị liên quan", "các sở, ngành có liên quan", "các địa phương")
  AS_LEAD       the partner was read as the lead of a predicted task
  CUT_OR_LONG   a predicted partner overlaps it but is cut short or runs on ("Sở Tài" / "Sở Tài chính tổng hợp")
  OTHER_TASK    the same partner is carried, but on fewer duties than the labels (attached to another task only)
  NOT_READ      read nowhere
  (and, for the other side, FALSE: a predicted partner no gold task has)

deadline (a gold task with an ISO date whose lead is found, and no task of that lead carries the date; and SPURIOUS:
every task of a lead carries a date where the labels have none, no phrase and no recurrence):
  the kind is where the gold phrase stands and how it reads: RECURRING ("hằng tháng", "định kỳ"), EVENT
  ("trước Tết", "khi …"), TABLE_OR_CARD (a table row or a plan card's "Thời gian:" line), LISTWIDE ("Các nội dung
  trên hoàn thành trước …" after a list or section), NEXT_SENTENCE, OTHER_UNIT (the date went to the other unit's
  task), HOUR ("trước 17 giờ ngày"), CHAM_NHAT ("chậm nhất"), QUARTER ("trong quý III/2023"), MONTH ("trong tháng
  10/2025"), YEAR, SAME_SENTENCE (a plain date in the duty's own sentence); each with MISSED (no date) or WRONG
  (another date) appended.

Score-only files (the held-out third and the score-only labelled sets) are refused (scripts/labelled_access.py):
they are only ever scored, never read.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUPPORT_KINDS = ("NOLEAD", "COLLECTIVE", "AS_LEAD", "CUT_OR_LONG", "OTHER_TASK", "NOT_READ", "FALSE")
DEADLINE_KINDS = ("RECURRING", "EVENT", "TABLE_OR_CARD", "LISTWIDE", "NEXT_SENTENCE", "OTHER_UNIT", "HOUR",
                  "CHAM_NHAT", "QUARTER", "MONTH", "YEAR", "SAME_SENTENCE", "SPURIOUS")
_COLLECTIVE = re.compile(r"(?:liên\s+quan|các\s+địa\s+phương|các\s+đơn\s+vị$|các\s+cơ\s+quan$|"
                         r"các\s+(?:sở|cơ\s+quan|đơn\s+vị),?\s+(?:ban,\s+)?ngành$)", re.IGNORECASE)
_LISTWIDE = re.compile(r"(?:[Cc]ác|[Nn]hững)\s+(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|việc|yêu\s+cầu)\s+(?:nêu\s+)?trên|"
                       r"(?:nhiệm\s+vụ|nội\s+dung)\s+nêu\s+trên|[Tt]hời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện)\s*:")
_NORM = re.compile(r"\s+")


def _n(s: str | None) -> str:
    return _NORM.sub(" ", s or "").strip()


def _overlap(sc: Any, a: str, b: str) -> bool:
    fa, fb = sc.fold(a), sc.fold(b)
    return bool(fa and fb) and (fa in fb or fb in fa)


def support_kind(sc: Any, u: str, g: dict[str, Any], pred: list[dict[str, Any]], p_all: list[str]) -> str:
    lead_units = sc.split_units(g["lead"])
    if not any(sc.same_unit(x, y) for x in lead_units for p in pred for y in sc.split_units(p.get("lead") or "")):
        return "NOLEAD"
    if _COLLECTIVE.search(u.strip()):
        return "COLLECTIVE"
    if any(sc.same_unit(u, y) for p in pred for y in sc.split_units(p.get("lead") or "")):
        return "AS_LEAD"
    if any(sc.same_unit(u, x) for x in p_all):
        return "OTHER_TASK"
    if any(_overlap(sc, u, x) for x in p_all):
        return "CUT_OR_LONG"
    return "NOT_READ"


def deadline_kind(text: str, g: dict[str, Any], pred: list[dict[str, Any]], cands: list[dict[str, Any]]) -> str:
    phrase = _n(g.get("deadline_text"))
    flat = _n(text)
    low = phrase.lower()
    if g.get("recurring") or re.search(r"hằng|hàng\s+(?:tháng|quý|năm|tuần)|định\s+kỳ", low):
        return "RECURRING"
    if re.search(r"tết|(?<!\w)khi(?!\w)|đại\s+hội|kỳ\s+họp", low):
        return "EVENT"
    if any(p.get("deadline") == g["deadline"] for p in pred if p not in cands):
        return "OTHER_UNIT"
    pos = flat.find(phrase) if phrase else -1
    act = flat.find(_n(g.get("action"))[:60])
    if pos >= 0:
        line_start = text.rfind("\n", 0, max(text.find(g.get("deadline_text") or "\0"), 0)) + 1
        line = text[line_start:text.find("\n", line_start) if "\n" in text[line_start:] else len(text)]
        if re.match(r"\s*[-+*]?\s*(?:Thời\s+gian|Thời\s+hạn)", line) or "|" in line or "\t" in line:
            return "TABLE_OR_CARD"
        if act >= 0 and pos > act:
            between = flat[act:pos]
            if _LISTWIDE.search(flat[max(0, pos - 120):pos + len(phrase)]) and re.search(r"[.;:]\s", between):
                return "LISTWIDE"
            if re.search(r"[.!?]\s+\S", between[len(_n(g.get("action"))[:60]):]):
                return "NEXT_SENTENCE"
    if re.search(r"\d\s*(?:giờ|h)\b|\d\s*h\d", low):
        return "HOUR"
    if "chậm nhất" in low or "muộn nhất" in low:
        return "CHAM_NHAT"
    if "quý" in low or "quí" in low:
        return "QUARTER"
    if re.search(r"tháng\s+\d", low) and "ngày" not in low:
        return "MONTH"
    if re.search(r"năm\s+\d{4}", low) and "ngày" not in low and "tháng" not in low:
        return "YEAR"
    return "SAME_SENTENCE"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    from scripts.labelled_access import load_scorer, training_rows
    from services.ingest.understanding import understand

    sc = load_scorer(args.shared)
    total_s: Counter[str] = Counter()
    total_d: Counter[str] = Counter()
    rows_out = []
    for path in args.files:
        cs: Counter[str] = Counter()
        cd: Counter[str] = Counter()
        for rid, row in training_rows(path):
            gold = row.get("tasks") or []
            pred = understand(row["text"]).to_contract()["tasks"]
            out: list[str] = []
            g_sup = [(u, t) for t in gold for s in t.get("support", []) for u in sc.split_units(s)]
            p_sup = [(u, t) for t in pred for s in (t.get("support") or []) for u in sc.split_units(s)]
            p_all = [u for u, _ in p_sup]
            used: set[int] = set()
            for u, t in g_sup:
                j = next((j for j, (x, _) in enumerate(p_sup) if j not in used and sc.same_unit(u, x)), None)
                if j is not None:
                    used.add(j)
                    continue
                k = support_kind(sc, u, t, pred, p_all)
                cs[k] += 1
                out.append(f"  S:{k} {u!r} lead={t['lead']!r} action={t['action'][:110]!r}")
            for j, (u, t) in enumerate(p_sup):
                if j not in used:
                    cs["FALSE"] += 1
                    out.append(f"  S:FALSE {u!r} lead={t.get('lead')!r} sentence={_n(t.get('sentence'))[:200]!r}")
            for g in gold:
                units = sc.split_units(g["lead"])
                cands = [p for p in pred if any(sc.same_unit(u, x) for u in units
                                                for x in sc.split_units(p.get("lead") or ""))]
                if not cands:
                    continue
                if g.get("deadline"):
                    cd["gold"] += 1
                    if any(p.get("deadline") == g["deadline"] for p in cands):
                        cd["hit"] += 1
                        continue
                    k = deadline_kind(row["text"], g, pred, cands)
                    k += "" if k == "OTHER_UNIT" else (
                        "_MISSED" if all(not p.get("deadline") for p in cands) else "_WRONG")
                elif all(p.get("deadline") for p in cands) and not g.get("recurring") and not g.get("deadline_text"):
                    k = "SPURIOUS"
                else:
                    continue
                cd[k] += 1
                shown = [(p.get("deadline"), p.get("deadline_text")) for p in cands][:3]
                out.append(f"  D:{k} lead={g['lead']!r} gold={g.get('deadline')} {g.get('deadline_text')!r} "
                           f"action={g['action'][:90]!r}\n      pred={shown}")
            if out and args.verbose:
                print(f"== {path.name} {rid}\n" + "\n".join(out))
        rows_out.append((path.name, cs, cd))
        total_s.update(cs)
        total_d.update(cd)
    rows_out.append(("TOTAL", total_s, total_d))
    print("\nsupport misses by kind (one kind each)")
    print("set".ljust(34) + "".join(k[:10].rjust(11) for k in SUPPORT_KINDS))
    for name, cs, _ in rows_out:
        print(name[:33].ljust(34) + "".join(str(cs.get(k, 0)).rjust(11) for k in SUPPORT_KINDS))
    print("\ndeadline misses by kind (matched tasks; hit/gold first)")
    dk = sorted({k for _, _, cd in rows_out for k in cd if k not in ("gold", "hit")})
    for name, _, cd in rows_out:
        parts = ", ".join(f"{k}={cd[k]}" for k in dk if cd.get(k))
        print(f"{name[:33].ljust(34)} {cd.get('hit', 0)}/{cd.get('gold', 0)}  {parts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
