#!/usr/bin/env python3
"""The search analysis gives the SAME index fields as a reference version of it, on the real texts.

    nice .venv/bin/python scripts/check_analysis_same.py [--ref 1af1fa9] [--limit 0]

Loads services/search/analysis.py as it was at git revision ``--ref`` (before the indexing speed-ups) beside the
current one, and compares, for every text of ../shared/data/corpus-2025 and ../shared/data/laws (whole, and cut
into lines, the length of a subject), ``tokenize`` and every field of ``analyze([...]).as_fields()`` and of ``analyze_fields`` (syl, fold,
bi, fold_bi, abbr).  Prints the counts and exits 1 on the first difference.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.search import analysis as current  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
if not SHARED.is_dir():  # a helper worktree: /work/wt/<name> → /work/shared
    SHARED = ROOT.parents[1] / "shared" / "data"


def reference(rev: str) -> object:
    src = subprocess.run(["git", "show", f"{rev}:services/search/analysis.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="vanban-analysis-ref-")) / "analysis_ref.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("analysis_ref", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["analysis_ref"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default="1af1fa9", help="git revision of the reference analysis.py")
    ap.add_argument("--limit", type=int, default=0, help="at most this many files per folder (0: all)")
    args = ap.parse_args()
    ref = reference(args.ref)
    t0 = time.perf_counter()
    n_texts = n_parts = n_tokens = 0
    for folder in ("corpus-2025", "laws"):
        files = sorted((SHARED / folder).glob("*.txt"))
        if not files:
            raise SystemExit(f"no texts under {SHARED / folder}")
        for f in files[:args.limit or None]:
            raw = f.read_text(encoding="utf-8", errors="replace")
            lines = [ln for ln in raw.splitlines() if ln.strip()]
            cases = [raw, unicodedata.normalize("NFD", raw[:20_000]), *lines]
            for text in cases:
                a, b = current.tokenize(text), ref.tokenize(text)  # type: ignore[attr-defined]
                if a != b:
                    print(f"tokenize differs: {f.name}: {text[:120]!r}")
                    return 1
                n_tokens += len(a)
            for parts in ([lines[0] if lines else "", raw], lines[:50]):
                fb = ref.analyze(parts).as_fields()  # type: ignore[attr-defined]
                fa = current.analyze(parts).as_fields()
                fast = current.analyze_fields(parts) if hasattr(current, "analyze_fields") else fa
                if fast != fb:
                    fa = fast
                if fa != fb:
                    bad = [k for k in fa if fa[k] != fb[k]]
                    print(f"analyze differs in {bad}: {f.name}")
                    return 1
                n_parts += len(parts)
            n_texts += 1
    print(f"identical: {n_texts} texts, {n_parts} analysed parts, {n_tokens} tokens "
          f"({time.perf_counter() - t0:.1f} s; reference {args.ref})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
