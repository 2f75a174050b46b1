#!/usr/bin/env python3
"""Sentences that read like a duty but give no task, by kind (issue 11: find misses on unlabelled text).

    PYTHONPATH=$PWD .venv/bin/python scripts/find_untasked_duties.py [--texts DIR] [--show KIND|all] [--jsonl FILE]

Runs the extractor over every .txt of corpus-2025 (unlabelled; default ../shared/data/corpus-2025) and lists each
sentence or list item that holds a duty word (giao, chủ trì, triển khai, báo cáo, tham mưu …) AND a unit or office
holder (Sở, UBND xã/phường, Phòng, Ban, Chủ tịch, Công an …) but that no task came from (no task's sentence span
overlaps it). The header, the preamble (Căn cứ …), Kính gửi and Nơi nhận blocks, the execution clause of a Quyết
định and the articles of an issued Quy định / Quy chế (standing competences, not tasks: data/README conventions)
are left out and counted apart. Each sentence is put in the first kind whose test it passes (`KINDS`, written from
reading these sentences as a clerk would); the counts per kind and per document kind (kế hoạch, công văn, thông
báo, quyết định, chỉ thị …) are printed, so a session reruns it before and after a rule and compares.
`--show KIND` prints that kind's sentences (`--show all`: every one); `--jsonl` writes them all with their kind.
Only unlabelled text is read: a labelled file is never opened here.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.ingest.understanding import understand  # noqa: E402
from services.ingest.understanding.tasks import _logical_lines  # noqa: E402
from services.vntext.letters import UPPER  # noqa: E402

DUTY = re.compile(
    r"(?<!\w)(?:[Gg]iao|[Cc]hủ\s+trì|[Tt]ổ\s+chức\s+(?!chính\s+trị|đoàn\s+thể|xã\s+hội|cá\s+nhân|và\s+cá|,)|"
    r"[Tt]riển\s+khai|[Rr]à\s+soát|[Bb]áo\s+cáo|[Tt]ham\s+mưu|[Hh]oàn\s+thành|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|"
    r"[Kk]hẩn\s+trương|[Cc]hỉ\s+đạo|[Pp]hối\s+hợp|[Tt]hực\s+hiện|[Hh]ướng\s+dẫn|[Kk]iểm\s+tra|[Tt]ăng\s+cường|"
    r"[Cc]hủ\s+động|[Tt]heo\s+dõi|[Đđ]ôn\s+đốc|[Tt]ập\s+trung|[Xx]ây\s+dựng\s+kế\s+hoạch|[Tt]uyên\s+truyền)(?!\w)")
UNIT = re.compile(
    r"(?<!\w)(?:Sở|Bộ|Cục|Chi\s+cục|Phòng|Ban|Văn\s+phòng|Trung\s+tâm|Công\s+an|Quân\s+sự|Bộ\s+Chỉ\s+huy|Đảng\s+ủy|"
    r"Đảng\s+uỷ|Ủy\s+ban|Uỷ\s+ban|UBND|HĐND|MTTQ|Mặt\s+trận|Chủ\s+tịch|Giám\s+đốc|Bí\s+thư|Trưởng|Thủ\s+trưởng|"
    r"Hội(?!\s+(?:nghị|thảo|thi|chợ|diễn))|Đoàn(?!\s+kết)|Liên\s+đoàn|Kho\s+bạc|Thuế|Bảo\s+hiểm\s+xã\s+hội|"
    r"Báo(?!\s+cáo)|Đài|Trường(?!\s+hợp)|Bệnh\s+viện|"
    r"(?:[Cc]ác|[Nn]hững)\s+(?:cơ\s+quan|đơn\s+vị|sở|ban|ngành|phòng|xã|phường|địa\s+phương|đoàn\s+thể|tổ\s+chức)|"
    r"[Cc]ông\s+an\s+(?:xã|phường|các)|[Cc]hính\s+quyền|[Cc]ấp\s+ủy|UB\s+MTTQ|[Cc]ơ\s+quan\s+chuyên\s+môn|Chính\s+phủ|"
    r"Thủ\s+tướng|Quốc\s+hội|Tỉnh\s+ủy|Thành\s+ủy|Chi\s+bộ|[Tt]ổ\s+dân\s+phố|(?:[Cc]ác|[Tt]rưởng)\s+(?:thôn|ấp|bản|khu\s+phố)|"
    r"(?:[Cc]ác|[Nn]hững)\s+(?:tỉnh|huyện|trường|bệnh\s+viện))(?!\w)")
_SENT_BREAK = re.compile(rf"(?<=[.!?])\s+(?=[{UPPER}\d\"“(])")
_PREAMBLE = re.compile(r"^\W{0,3}(?:Căn\s+cứ\s+(?:Luật|Nghị|Quyết|Thông|Chỉ|Kế|Công|Văn|Hiến|Pháp|Chương|Tờ|Đề)|Xét\s|"
                       r"Theo\s+đề\s+nghị)")
_RECIPIENT_BLOCK = re.compile(r"^\W{0,3}(?:Nơi\s+nhận|NƠI\s+NHẬN|Kính\s+gửi|KÍNH\s+GỬI)\b")
_LIST_LINE = re.compile(r"^\s*[-+•*]\s*")
_EXECUTION = re.compile(r"chịu\s+trách\s+nhiệm\s+thi\s+hành|giám\s+sát\s+(?:việc\s+)?(?:tổ\s+chức\s+|triển\s+khai\s+)?thực\s+hiện\s+"
                        r"Nghị\s+quyết|(?:tổ\s+chức\s+)?thi\s+hành\s+(?:Nghị\s+quyết|Quyết\s+định)\s+này|có\s+hiệu\s+lực\s+(?:thi\s+hành\s+)?(?:kể\s+)?từ|"
                        r"(?:Quyết\s+định|Chỉ\s+thị|Nghị\s+quyết)\s+này\s+có\s+hiệu\s+lực")
_REGULATION_HEAD = re.compile(r"^\W{0,3}(?:QUY\s+ĐỊNH|QUY\s+CHẾ)(?:\s|$)")
_ISSUES_REGULATION = re.compile(r"[Bb]an\s+hành\s+kèm\s+theo\s+(?:[Qq]uyết\s+định|[Nn]ghị\s+quyết)\s+này\s+[“\"]?\s*"
                                r"(?:Quy\s+định|Quy\s+chế)|BAN\s+HÀNH\s+(?:QUY\s+ĐỊNH|QUY\s+CHẾ)|^Ban\s+hành\s+(?:Quy\s+định|Quy\s+chế)\s",
                                re.MULTILINE)
_DECIDES = re.compile(r"Điều\s+1\b|QUYẾT\s+ĐỊNH\s*:")
_OPENING = re.compile(r"^\W{0,3}(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)]|[-+•])?\s*(?:(?:Đồng\s+thời|Bên\s+cạnh\s+đó|Ngoài\s+ra|"
                      r"Theo\s+đó|Trong\s+đó|Riêng|Đối\s+với)\s*,?\s*)?")
_NORMATIVE = {"Luật", "Nghị định", "Thông tư", "Văn bản hợp nhất", "Pháp lệnh"}


@dataclass
class Untasked:
    file: str
    doc_kind: str
    start: int
    text: str
    before: str  # the line before the item (a heading that names the unit, the lead-in of a list)
    kind: str = ""


def _doc_kind(doc_type: str | None, text: str) -> str:
    if doc_type:
        return doc_type.lower()
    head = text[:3000]
    if re.search(r"Kính\s+gửi|KÍNH\s+GỬI", head):
        return "công văn"
    return "khác (trang, hỏi đáp, bách khoa)"


def _pieces(text: str) -> Iterator[tuple[str, int, int, str, str]]:
    """(where, start, end, piece, line before) per sentence of the extractor's paragraphs (hard-wrapped lines
    joined, a list item one paragraph: `tasks._logical_lines`); where = body or why it is left out."""
    in_recipients = False
    in_regulation = False
    issues_regulation = bool(_ISSUES_REGULATION.search(text, 0, 5000))
    previous = ""
    flat = text.replace("|", "\t").replace("**", "  ")  # as the extractor reads tables and bold marks
    for ln in _logical_lines(flat):
        line = ln.text
        if not line.strip():
            continue
        if _REGULATION_HEAD.match(line) and ln.parts[0][1].isupper() and issues_regulation and \
                _DECIDES.search(text, 0, ln.parts[0][0]):
            in_regulation = True  # the Quy định / Quy chế a Quyết định issues: the extractor stops there, so do we
            in_recipients = False
        if _RECIPIENT_BLOCK.match(line):
            in_recipients = True
            previous = line
            continue
        if in_recipients and (ln.marker is not None or len(line) < 60):
            continue
        in_recipients = False
        where = "regulation" if in_regulation else "preamble" if _PREAMBLE.match(ln.body) else "body"
        cut = 0
        for m in [*_SENT_BREAK.finditer(line), None]:
            end = m.start() if m else len(line)
            piece = line[cut:end].strip()
            if piece:
                a, b = ln.span(cut, end)
                yield where, a, b, piece, previous
            if m:
                cut = m.end()
        previous = line


def untasked(path: Path) -> tuple[list[Untasked], Counter[str], int, str]:
    text = path.read_text(encoding="utf-8")
    doc = understand(text)
    body = doc.text
    spans = sorted(t.span for t in doc.tasks if t.span)
    kind = _doc_kind(doc.doc_type, body)
    out: list[Untasked] = []
    left: Counter[str] = Counter()
    for where, a, b, piece, before in _pieces(body):
        if not (DUTY.search(piece) and UNIT.search(piece)):
            continue
        if any(s < b and a < e for s, e in spans):
            continue
        if where != "body":
            left[where] += 1
        elif _EXECUTION.search(piece):
            left["execution clause"] += 1
        elif kind in {k.lower() for k in _NORMATIVE}:
            left["normative document"] += 1
        elif kind.startswith("khác"):
            left["not an administrative document (web page, Q&A, encyclopedia)"] += 1
        else:
            out.append(Untasked(path.name, kind, a, piece, before))
    return out, left, len(doc.tasks), kind


def _re(pattern: str) -> Callable[[Untasked], bool]:
    rx = re.compile(pattern)
    return lambda u: bool(rx.search(u.text))


# Kinds, first match wins: (name, is a duty a department wants in its inbox?, test). Written from reading
# corpus-2025's untasked sentences as a clerk would (this module's --show all); the order puts the surest first.
KINDS: list[tuple[str, str, Callable[[Untasked], bool]]] = [
    # duties the extractor missed, each kind specific enough to be tried first (session rules33 built the rules for
    # these six)
    ("a high body given a duty, its basis set off by commas (Giao Chính phủ, căn cứ …, tổ chức …)", "yes", _re(
        r"^\W{0,3}(?:\d{1,2}[.)]\s*)?(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s+(?:Chính\s+phủ|Thủ\s+tướng|Quốc\s+hội)[^.;]{0,40},\s*"
        r"(?:căn\s+cứ|trên\s+cơ\s+sở)")),
    ("the document carried out named first, then the unit and its duty (Thực hiện …, X sẽ tổ chức …)", "yes", _re(
        r"^\W{0,3}Thực\s+hiện\s+[^;]{3,300}?,\s*(?:[A-ZĐ]|các\s)(?![^;]{0,80}ban\s+hành)")),
    ("the heads of a commune's villages and street groups asked (Trưởng thôn, Bí thư Chi bộ, các Tổ dân phố)", "yes",
     _re(r"(?:[Tt]rưởng\s+(?:các\s+)?(?:thôn|ấp|bản|khu\s+phố)|Bí\s+thư\s+Chi\s+bộ|Tổ\s+trưởng\s+Tổ\s+dân\s+phố|"
         r"các\s+Tổ\s+dân\s+phố)")),
    ("item under a unit heading: a basis holding commas before the verb (Trên cơ sở … của các sở, ngành, chủ trì …)",
     "yes", _re(r"^\W{0,3}(?:[a-zđ]\)|\d{1,2}[.)]|-)?\s*(?:Trên\s+cơ\s+sở|Căn\s+cứ)\s+[^;]{3,200}?,\s*(?:chủ\s+trì|"
                r"phối\s+hợp|tổ\s+chức|hướng\s+dẫn|xây\s+dựng|tham\s+mưu|triển\s+khai|rà\s+soát|thực\s+hiện|khẩn\s+trương|"
                r"chủ\s+động)")),
    ("named places as the subject (Các tỉnh A, B, C …; Thành phố A và các tỉnh B, C …)", "yes", _re(
        r"^\W{0,3}(?:[a-zđ]\)\s*|\d{1,2}[.)]\s*|-\s*)?(?:Các\s+tỉnh|Thành\s+phố\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*\s+và\s+các\s+tỉnh)\s+[A-ZĐ]")),
    ("a unit with its role set off before its duty (X với vai trò là …, …)", "yes", _re(r"với\s+vai\s+trò\s+(?:là\s+)?[^,;]{3,120},")),
    # not duties: what a clerk would not put in an inbox
    ("report of work done, background, figures", "no", _re(
        r"(?<!\w)(?:đã|đạt|vừa\s+qua|[Tt]hời\s+gian\s+qua|[Tt]rong\s+(?:những\s+)?năm\s+qua|[Tt]uy\s+nhiên|[Nn]guyên\s+nhân|"
        r"[Bb]ên\s+cạnh\s+những|kết\s+quả\s+(?:đạt|tích\s+cực)|[Gg]hi\s+nhận|biểu\s+dương|[Tt]hay\s+mặt|[Ss]au\s+khi\s+nghe|"
        r"[Tt]ham\s+dự|[Cc]ùng\s+dự|kết\s+luận\s+như\s+sau|ước\s+đạt|bước\s+đầu)(?!\w)")),
    ("the issuer's own act (ban hành, công bố, phê duyệt kèm theo)", "no", _re(
        r"^\W{0,3}(?:Ban\s+hành|Công\s+bố|Phê\s+duyệt|Bãi\s+bỏ)\s+(?:kèm\s+theo|danh\s+mục)|ban\s+hành\s+(?:Kế\s+hoạch|Quyết\s+định|"
        r"Chương\s+trình)|(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+[^,;.]{0,40}ban\s+hành")),
    ("closing: difficulties reported to a unit", "no", _re(r"vướng\s+mắc|phát\s+sinh|khó\s+khăn")),
    ("closing: the plan or directive to be carried out, by all", "no", _re(
        r"(?:nghiêm\s+túc|có\s+hiệu\s+quả)\s+(?:triển\s+khai|thực\s+hiện|tổ\s+chức)|triển\s+khai\s+(?:và\s+)?thực\s+hiện\s+"
        r"(?:nghiêm|có\s+hiệu\s+quả|[^.;]{0,30}(?:Chỉ\s+thị|Kế\s+hoạch|Quyết\s+định)\s+này)|^Trên\s+đây\s+là|"
        r"(?:biết|thông\s+báo),?\s+thực\s+hiện\./|để\s+[^.;]{0,80}biết")),
    ("aims and requirements of a plan (mục đích, yêu cầu)", "no", _re(
        r"^\W{0,3}(?:[a-zđ]\)\s*)?(?:Là\s+cơ\s+sở|Làm\s+cơ\s+sở|Giúp|Xác\s+định\s+(?:cụ\s+thể|rõ|nội\s+dung|trách)|"
        r"Bảo\s+đảm\s+sự|Đảm\s+bảo\s+sự|Nâng\s+cao\s+(?:nhận\s+thức|vai\s+trò|trách\s+nhiệm)|Phát\s+huy|Góp\s+phần|"
        r"Tăng\s+cường\s+(?:công\s+tác\s+phối\s+hợp|sự\s+lãnh\s+đạo)|Nội\s+dung\s+công\s+việc\s+phải)")),
    ("standing competence (quyết định, phân cấp, là cơ quan)", "no", _re(
        r"(?<!\w)(?:quyết\s+định\s+(?:việc|xác\s+lập|phê\s+duyệt|bổ\s+sung|các\s+nội\s+dung)|[Pp]hân\s+cấp|có\s+thẩm\s+quyền|"
        r"là\s+(?:cơ\s+quan|đơn\s+vị|chủ\s+sở\s+hữu)|hoạt\s+động\s+theo\s+nguyên\s+tắc|[Tt]rường\s+hợp|Đối\s+với\s+các\s+dự\s+án)")),
    ("encouragement, not a duty (khuyến khích, tạo điều kiện)", "no", _re(r"[Kk]huyến\s+khích|[Tt]ạo\s+điều\s+kiện")),
    ("answer to a request named as a topic (Về đề nghị …)", "no", _re(r"^\W{0,3}(?:\d\.\s*)?Về\s+(?:đề\s+nghị|kiến\s+nghị)")),
    ("members of a board listed", "no", _re(r"(?:Trưởng|Phó\s+Trưởng|thành\s+viên|thường\s+trực)\s+Ban\s+[Cc]hỉ\s+đạo\s+(?:là|gồm)")),
    ("lead-in of a list under a unit heading (… bao gồm:, … có trách nhiệm:)", "items", _re(r":\s*$")),
    ("a non-state actor's duty (doanh nghiệp, chủ rừng, tổ chức, cá nhân)", "no", _re(
        r"^\W{0,3}(?:[a-zđ]\)\s*|\d{1,2}[.)]\s*|-\s*)?(?:Các\s+)?(?:doanh\s+nghiệp|chủ\s+rừng|tổ\s+chức,\s+cá\s+nhân|"
        r"cơ\s+sở\s+giáo\s+dục|đơn\s+vị\s+cấp\s+nước|Hội,\s+hiệp\s+hội)", )),
    ("a unit opens the sentence (after a marker or an adverbial), its duty not read", "yes",
     lambda u: bool(UNIT.match(_OPENING.sub("", u.text, count=1)))),
    ("a plan's work list, a rule or a definition: no unit acts, one is only named inside", "no", _re(
        r"^\W{0,3}(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)]|[-+])?\s*(?:[A-ZĐ][a-zà-ỹđ]+\s+)?[a-zà-ỹđ]")),
]


def classify(u: Untasked) -> str:
    for name, _duty, test in KINDS:
        if test(u):
            return name
    return "unsorted"


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared" / "data" / "corpus-2025")
    ap.add_argument("--show", default=None, help="print the sentences of this kind ('all' for every one)")
    ap.add_argument("--jsonl", type=Path, default=None, help="write every untasked sentence with its kind")
    args = ap.parse_args()
    if not args.texts.is_dir():
        args.texts = Path("/work/shared/data/corpus-2025")
    found: list[Untasked] = []
    left: Counter[str] = Counter()
    tasks = 0
    docs: Counter[str] = Counter()
    for f in sorted(args.texts.glob("*.txt")):
        rows, lf, n, kind = untasked(f)
        for u in rows:
            u.kind = classify(u)
        found += rows
        left += lf
        tasks += n
        docs[kind] += 1
    by_doc = Counter(u.doc_kind for u in found)
    by_kind = Counter(u.kind for u in found)
    print(f"{sum(docs.values())} texts, {tasks} tasks; {len(found)} untasked duty-like sentences "
          f"(left out: {', '.join(f'{k} {v}' for k, v in sorted(left.items()))})")
    print("by document kind (documents / untasked sentences):")
    for k, n in docs.most_common():
        print(f"  {k:40} {n:4} / {by_doc.get(k, 0)}")
    print("by kind (a duty for an inbox? / count):")
    duty_of = {name: duty for name, duty, _t in KINDS} | {"unsorted": "?"}
    for k, n in by_kind.most_common():
        print(f"  {k:60} {duty_of.get(k, '?'):5} {n}")
    if args.show:
        for u in found:
            if args.show in ("all", u.kind):
                print(f"\n[{u.kind}] {u.file} ({u.doc_kind}) @{u.start}\n  before: {u.before[:160]}\n  {u.text[:600]}")
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as fh:
            for u in found:
                fh.write(json.dumps(u.__dict__, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
