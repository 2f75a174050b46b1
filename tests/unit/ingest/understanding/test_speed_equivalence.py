"""The faster forms of a few hot steps give exactly what the plain forms give (extraction output must not change)."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from services.ingest.understanding import (
    deadline_scope,
    deadlines,
    metadata,
    outline,
    references,
    task_units,
    tasks,
    unglue,
)
from services.vntext import tones
from services.vntext.letters import UPPER

PIECES = [
    " ", "  ", "    ", "\t", " \t ", "\n", ".", ". ", "! ", "? ", "…", ":", " : ", "): ", ").", "(", ")", "\"", "“",
    "như sau", "ý kiến", "chỉ đạo", "đề nghị", "HN.", "X.", "Sở Y tế", "giao", "Đ", "A", "b", "ế", "ký", "KÝ",
    "(Đã ký)", "[daky]", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG\nHOÀ XÃ  HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "hoà", "Uỷ", "quý", "QUỶ", "OÀ", "thuỷ", "oà1",
]
texts = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(PIECES), max_size=30).map("".join))


@settings(max_examples=250, deadline=None)
@given(body=texts)
def test_sentence_cuts_are_the_split_pattern_matches(body: str) -> None:
    want = [(m.start(), m.end()) for m in tasks._SENT_SPLIT.finditer(body)]
    assert [(m.start(), m.end()) for m in tasks._sentence_cuts(body)] == want


_COLUMNS = re.compile(r"\t[ \t]*| {4,}")


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_column_passes_cut_where_one_pass_does(text: str) -> None:
    two = metadata._SPACE_RUN_RE.sub("\n", metadata._TAB_RUN_RE.sub("\n", text))
    assert two == _COLUMNS.sub("\n", text)


_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_motto_passes_find_what_one_pass_does(text: str) -> None:
    two = metadata._MOTTO_PARTY_RE.sub(metadata._own_line, metadata._MOTTO_STATE_RE.sub(metadata._own_line, text))
    assert two == _MOTTO.sub(metadata._own_line, text)


@settings(max_examples=200, deadline=None)
@given(src=texts, phrase=texts)
def test_as_written_is_a_whitespace_free_substring_test(src: str, phrase: str) -> None:
    key = "".join(phrase.split())
    assert metadata._as_written(key, phrase, src) == (key in "".join(src.split()))


_OLD = re.compile(r"(?<![qQ])(" + "|".join(tones._OLD_TONE_MAP) + r")(?![^\W\d_])")


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_old_tone_placement_maps_as_before(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert tones.normalize_old_tones(text) == _OLD.sub(lambda m: tones._OLD_TONE_MAP[m.group(1)], nfc)


@settings(max_examples=200, deadline=None)
@given(src=texts, a=st.integers(0, 400), b=st.integers(0, 400), gap=st.sampled_from(["", " ", "\n", "  "]))
def test_as_written_finds_a_rewrapped_piece_of_the_text(src: str, a: int, b: int, gap: str) -> None:
    piece = src[min(a, b):max(a, b)]
    phrase = gap.join(piece.split()) if gap else piece.replace(" ", "\n")
    key = "".join(phrase.split())
    assert metadata._as_written(key, phrase, src) == (key in "".join(src.split()))
    assert metadata._as_written(key + "x", phrase + "x", src) == (key + "x" in "".join(src.split()))


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from([*PIECES, "ban hành", "ban hành\n", "\r\n", "\u2028", "\x0c"]), max_size=30)
       .map("".join))
def test_lines_with_a_word_are_those_of_splitlines(text: str) -> None:
    want = [line for line in text.splitlines() if "ban hành" in line]
    assert metadata._lines_with(text, "ban hành") == want


def _plain_segs(parts: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """One segment per run of non-space (the plain form of _Line.segs)."""
    segs: list[tuple[int, int]] = []
    length = 0
    for off, piece in parts:
        if segs:
            length += 1
        words = list(re.finditer(r"\S+", piece))
        for i, m in enumerate(words):
            segs.append((length + sum(len(w.group(0)) + 1 for w in words[:i]), off + m.start()))
        length += len(" ".join(piece.split()))
    return segs


@settings(max_examples=250, deadline=None)
@given(pieces=st.lists(st.text(alphabet="ab ế\t\u00a0\u2003.", max_size=20), min_size=1, max_size=5),
       probe=st.lists(st.integers(min_value=0, max_value=120), max_size=8))
def test_line_offsets_with_one_segment_per_single_spaced_piece(pieces: list[str], probe: list[int]) -> None:
    parts, off = [], 0
    for p in pieces:
        parts.append((off, p))
        off += len(p) + 1
    line = tasks._Line(" ".join(" ".join(p.split()) for p in pieces), parts, None, 9, 0, True)
    plain = tasks._Line(line.text, parts, None, 9, 0, True)
    plain._segs = _plain_segs(parts)
    for a in probe:
        assert line.span(a, a + 3) == plain.span(a, a + 3)


_GLUED_PLAIN = re.compile(rf"([{metadata._UP}]{{3}})(?=[{metadata._UP}][{metadata._LO}]{{2,}}(?:\s|$))")


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(["ỦY", "BAN", "NHÂN", "DÂN", "TỈNH", "Nghệ", "An", "Số", "QĐ", " ", "\n", "Ab", "ab",
                                      "ĐẠI", "Độc", "A", "ê", "1"]), max_size=25).map("".join))
def test_glued_capitals_cut_where_the_repeat_form_cuts(text: str) -> None:
    assert metadata._GLUED_RE.sub("\\1\n", text) == _GLUED_PLAIN.sub("\\1\n", text)


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(["Số", "SỐ", "số", ":", " ", "\t", "\n", "12", "/", "UBND", "-", "VP", "QĐ", "2025",
                                      "Hà Nội", ",", "ngày", "Sở", "S", "ố"]), max_size=30).map("".join))
def test_number_then_text_cuts_where_the_line_pattern_cuts(text: str) -> None:
    assert metadata._number_then_text(text) == metadata._NUMBER_THEN_TEXT_RE.sub(lambda m: m.group(1) + "\n", text)


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_a_line_ends_a_sentence_where_the_end_pattern_says(text: str) -> None:
    prev = text.rstrip()  # _logical_lines tests the line before, stripped on the right
    assert (prev[-1:] in tasks._SENTENCE_ENDS) == bool(tasks._ENDS_SENTENCE.search(prev))


_NUMBER_PIECES = [
    "1", "12", "317", "2025", "1234567", "5a", ".1", ".", ",", ":", "/", " /", "/ ", " / ", "-", "‐", "–", "—", " - ",
    "- ", "&", " & ", "QĐ", "UBND", "TB", "VP", "NQ", "TW", "BKHĐT", "V.I", "QH15", "TTr", "đ", "x", "a", " ", "  ",
    "\t", "\n", " \n", "\u00a0", "số", "Số", "số ", "Mẫu số ", "ngày ", "năm 2020", "٣", "３", "_", "(", ")",
]


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(alphabet="0123456789/- .aQĐ\n\t&", max_size=60),
                      st.lists(st.sampled_from(_NUMBER_PIECES), max_size=40).map("".join)))
def test_number_matches_are_those_of_finditer(text: str) -> None:
    want = [(m.start(), m.end()) for m in references.NUMBER_RE.finditer(text)]
    assert [(m.start(), m.end()) for m in references.number_matches(text)] == want


_GLUED_PIECES = ["tậptrung", "đồngchí", "báo cáoThủ", "dâncác", "Kếhoạch", "Sở", " ", "  ", "\n", "\t", ",", ".", "x",
                 "Prông", "\0", "ươ", "ng"]


def _old_back(text: str, cuts: list[int]) -> tuple[str, list[int]]:
    """The normalised spaced text and the per-character way back, as Unglued built them before _marks."""
    parts, last = [], 0
    for c in cuts:
        parts += [text[last:c], " "]
        last = c
    parts.append(text[last:])
    spaced_text = "".join(parts)
    norm_text, norm_orig = " ".join(spaced_text.split()), " ".join(text.split())
    back = unglue._back_fast(text, cuts, norm_text) if "\0" not in text else None
    return norm_text, back if back is not None else unglue._back_slow(norm_text, norm_orig)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_GLUED_PIECES), max_size=25).map("".join),
       extra=st.lists(st.integers(0, 200), max_size=3))
def test_unglued_way_back_is_the_per_character_one(text: str, extra: list[int]) -> None:
    for cuts in (unglue._cuts(text), sorted({*unglue._cuts(text), *(e for e in extra if e <= len(text))})):
        apart = unglue.Unglued(text, cuts)
        norm_text, back = _old_back(text, cuts)
        assert apart._norm_text == norm_text
        assert [apart._back_at(k) for k in range(len(norm_text))] == back


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_GLUED_PIECES), max_size=40).map("".join)),
       limit=st.integers(0, 120))
def test_glued_count_is_the_number_of_cuts(text: str, limit: int) -> None:
    assert unglue._glued_count(text, limit) == len(unglue._cuts(text, limit))


def _plain_prepare_lines(t: str) -> list[str]:
    """The line stage of metadata._prepare as it was (one loop over every line)."""
    lines = []
    for raw in t.split("\n"):
        if "  " not in raw and raw.isprintable():
            line = raw.strip(" ").lstrip("#").strip()
        else:
            line = " ".join(raw.split()).lstrip("#").strip()
        if line[:1].isupper():
            lines.extend(metadata._split_caps_then_name(line))
        else:
            lines.append(line)
    return lines


_LAYOUT_PIECES = [
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hồ Đức Phớc", "TM. ỦY BAN NHÂN DÂN", "GIÁM ĐỐC", "NGUYỄN VĂN AN", "Nguyễn Văn An",
    "Sở Y tế", "UBND tỉnh", "Ⓐ", "ǅa", "1.", "- ", "#", "##", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x0c", "|",
    "Nơi nhận:", "NƠI NHẬN", "nơi nhận", "Nơi", "nhận:", "Kính gửi:", "KÍNH GỬI", "\u212aính gửi: Sở", "- Như trên;",
    "MẬT", "KHẨN", "Độ mật: Mật", "Độ khẩn: Hỏa tốc", "HỎA TỐC", "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "ĐẢNG CỘNG SẢN VIỆT NAM", "./.", "/.", "x" * 160,
    "(Đã ký)", "(đã  KÝ)", "(ĐÃ\nký)", "[daky]", "(Đã ký và đóng dấu)", "(", "[", "(Đã", "ký)",
]
layout_texts = st.lists(st.sampled_from(_LAYOUT_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(layout_texts, st.text(max_size=80)))
def test_prepared_lines_are_those_of_the_plain_loop(text: str) -> None:
    assert metadata._prepare(text) == _plain_prepare_lines(_prepare_text(text))


def _prepare_text(text: str) -> str:
    """metadata._prepare's text passes (everything before the lines are cut), as the module writes them."""
    t = text.replace("\r\n", "\n").replace("\r", "\n").replace("|", "\n").replace("\u00a0", " ")
    if "\t" in t:
        t = metadata._TAB_RUN_RE.sub("\n", t)
    if "    " in t:
        t = metadata._SPACE_RUN_RE.sub("\n", t)
    if "Số" in t or "SỐ" in t:
        t = metadata._number_then_text(t)
    t = metadata._DECOR_RE.sub("\n", t)
    t = metadata._MOTTO_STATE_RE.sub(metadata._own_line, t)
    t = metadata._MOTTO_PARTY_RE.sub(metadata._own_line, t)
    t = metadata._SLOGAN_RE.sub(metadata._own_line, t)
    t = metadata._SIGNED_RE.sub(lambda m: "\n" + m.group(1) + "\n", t)
    t = metadata._GLUED_RE.sub("\\1\n", t)
    return metadata._GLUED_TITLE_RE.sub("\\1\n", t)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(["", "a", "Sở", " "]), max_size=120))
def test_head_limit_is_the_71st_non_empty_line(lines: list[str]) -> None:
    nonempty = [i for i, ln in enumerate(lines) if ln]
    assert metadata._head_limit(lines) == (nonempty[min(len(nonempty) - 1, 70)] + 1 if nonempty else 0)


def _plain_is_motto(line: str) -> bool:
    return len(line) < 60 and re.sub(r"\s*[-–—]\s*", " - ", tones.normalize_old_tones(line).upper()) in metadata._MOTTOS


@settings(max_examples=300, deadline=None)
@given(line=st.one_of(layout_texts, st.text(max_size=40),
                      st.sampled_from(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hoà xã hội chủ nghĩa Việt Nam",
                                       "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ĐỘC LẬP—TỰ DO—HẠNH PHÚC",
                                       " ĐẢNG CỘNG SẢN VIỆT NAM", "-ĐỘC LẬP - TỰ DO - HẠNH PHÚC"])))
def test_motto_pre_test_keeps_every_motto(line: str) -> None:
    assert metadata._is_motto(line) == _plain_is_motto(line)


@settings(max_examples=300, deadline=None)
@given(line=st.one_of(layout_texts, st.text(alphabet="NnKkK\u212aơƠíÍ nhậNHẬgửiGỬI:", max_size=20)))
def test_recipient_lines_start_with_their_letter(line: str) -> None:
    if metadata._NOI_NHAN_RE.match(line) or line == "Nơi":
        assert line.startswith(("N", "n"))
    if metadata._KINH_GUI_RE.match(line):
        assert line.startswith(("K", "k", "\u212a"))


def _plain_stamps(lines: list[str], limit: int) -> tuple[str | None, str | None]:
    conf = urg = None
    for ln in lines[:limit]:
        s = re.sub(r"[\s.:!*]+", " ", tones.normalize_old_tones(ln)).strip().upper()
        s = tones.normalize_old_tones(s)
        if not metadata._is_caps(ln):
            m = re.match(r"^Độ\s+(mật|khẩn)\s*:\s*(.+)$", ln, re.IGNORECASE)
            if m:
                val = tones.normalize_old_tones(m.group(2).strip(" .").upper())
                if m.group(1).lower() == "mật" and val in metadata._CONF:
                    conf = conf or metadata._CONF[val]
                elif val in metadata._URG:
                    urg = urg or metadata._URG[val]
            continue
        if s in metadata._CONF and conf is None:
            conf = metadata._CONF[s]
        elif s in metadata._URG and urg is None:
            urg = metadata._URG[s]
    return conf, urg


@settings(max_examples=300, deadline=None)
@given(text=layout_texts, limit=st.integers(0, 40))
def test_stamps_as_before(text: str, limit: int) -> None:
    lines = metadata._prepare(text)
    assert metadata._stamps(lines, limit) == _plain_stamps(lines, limit)


def _plain_caps_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The block walk of _signature_candidates as it was: every line tested."""
    out, n, i = [], len(lines), 0
    while i < n:
        if not metadata._is_caps(lines[i]) or len(lines[i]) > 90:
            i += 1
            continue
        j = i
        while j < n and lines[j] and metadata._is_caps(lines[j]) and len(lines[j]) <= 90:
            j += 1
        out.append((i, j))
        i = j
    return out


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(["", "A", "AB", "KT. CHỦ TỊCH", "Ⓐ", "1 ĐB", "Sở Y tế", "X" * 91, "ǅA", "ab", "12"]),
                      max_size=40))
def test_caps_blocks_are_those_of_the_line_walk(lines: list[str]) -> None:
    assert metadata._caps_blocks(lines) == _plain_caps_blocks(lines)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="# \n\tab", max_size=30))
def test_hash_first_is_a_line_starting_with_hash(text: str) -> None:
    assert metadata._hash_first(text) == any(line.strip(" ").startswith("#") for line in text.split("\n"))


UNIT_PIECES = [
    " ", ", ", " và ", "; ", " cùng ", "các ", "Sở ", "sở ", "Tài chính", "Xây dựng", "Y tế", "UBND ", "huyện ",
    "Triệu Phong", "Ban Quản lý ", "khu công nghiệp", "Giám đốc ", "Chủ tịch ", "chủ trì", " phối hợp", "thực hiện",
    "trước ngày 15/7/2025", "Quý III/2025", "năm 2026", "hằng tháng", "(nếu có)", "liên quan", "đơn vị ", "ngành ",
    "Công an tỉnh", "các đồng chí ", "thành viên ", "Ban Chỉ đạo ", ": ", ".",
]
unit_texts = st.lists(st.sampled_from(UNIT_PIECES), max_size=16).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=unit_texts, at=st.integers(0, 40), support=st.booleans())
def test_remembered_unit_lists_are_the_computed_ones(text: str, at: int, support: bool) -> None:
    i = min(at, len(text))
    want = task_units._match_units(text, i, support)
    first = task_units.match_units(text, i, support)
    assert (first.start, first.end, first.units) == (want.start, want.end, want.units)
    first.units.append("changed by a caller")  # a caller's copy: the remembered answer stays as it was
    first.end = -5
    again = task_units.match_units(text, i, support)
    assert (again.start, again.end, again.units) == (want.start, want.end, want.units)


@settings(max_examples=200, deadline=None)
@given(text=unit_texts, issued=st.sampled_from([None, "2025-03-01", "2025-12-20"]), cell=st.booleans())
def test_remembered_deadlines_are_the_computed_ones(text: str, issued: str | None, cell: bool) -> None:
    want = deadlines._find_deadline(text, issued, cell=cell)
    assert deadlines.find_deadline(text, issued, cell=cell) == want
    assert deadlines.find_deadline(text, issued, cell=cell) == want


LINE_PIECES = [
    "\n", "\n\n", "\r\n", "  ", "\t", "1. ", "1.1. ", "a) ", "- ", "+ ", "I. ", "II.", "Điều 3. ", "Thứ nhất, ", "STT",
    "TT", "Sở Y tế chủ trì", "UBND các huyện", "Kính gửi: ", "Số: 5/UBND", "Hà Nội, ngày 3 tháng 7 năm 2025",
    "Ngày 10/11, ", "Đơn vị chủ trì: ", "Thời gian: ", "tổ chức thực hiện.", "báo cáo kết quả;", " và ", " của ",
    "với Ban", "Quản lý các khu công nghiệp", "Thông tin Y tế", "triển khai", "1.5 triệu", "x" * 70, "Trách nhiệm",
    # line breaks other than "\n" (their offsets, what strip() sees), a lone "\r", a non-printable space, a capital
    # outside ASCII first
    "\x0b", "\u2028", "\x85", "\r", "\u00a0", "Ấn định", "Ủy ban",
    # rules41: a heading that only names a unit, a page's number, a lower-case line after a blank one, a scan's "H."
    "Trung tâm Phát triển quỹ đất tỉnh", "Xây dựng ", "Đã ", "3", "\f", "phù hợp ", "H. NỘI DUNG", "HI. ",
]
line_texts = st.lists(st.sampled_from(LINE_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(line_texts, st.text(max_size=80)))
@example(text="- STT\nSố: 5/UBND")  # an upper-case item line before a capitalised one (found by hypothesis)
@example(text="1. Trung tâm Phát triển quỹ đất tỉnh\nLập phương án bồi thường.\n- Chuyển đổi cây trồng\n\f\n3\nphù hợp"
              " với mùa khô;\n\nvà báo cáo.\nH. NỘI DUNG\n- Tuyên truyền.")  # the rules41 branches, each once
def test_logical_lines_are_those_of_the_plain_walk(text: str) -> None:
    assert tasks._logical_lines(text) == _plain_logical_lines(text)


def _plain_marker_of(text: str) -> tuple[str | None, int, int]:
    """tasks._marker_of as it was (the ordinal test first, a new tuple for no marker)."""
    m_h = re.match(rf"HI{{0,2}}\.\s+(?=[{UPPER}]{{2}})", text)
    if m_h is not None and text.isupper():
        return "roman", 1, m_h.end()  # a scan's "II." read "H." (rules41)
    if text[:4] == "Thứ ":
        m_o = tasks._ORDINAL.match(text)
        return ("num", 2, m_o.end()) if m_o else (None, tasks._NONE_RANK, 0)
    if not text or text[0] not in tasks._MARKER_FIRST:
        return None, tasks._NONE_RANK, 0
    if text[0].islower() and ")" not in text[1:4]:
        return None, tasks._NONE_RANK, 0
    for name, rank, pat in tasks._MARKERS_BY_FIRST[text[0]]:
        m = pat.match(text)
        if m:
            if name == "roman" and not re.match(r"[IVX]+\s*[.)]", text):
                continue
            return name, rank, m.end()
    return None, tasks._NONE_RANK, 0


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(line_texts, st.text(max_size=20),
                      st.lists(st.sampled_from(["Thứ ", "Thứ nhất", ", ", "T", "I", "V", "X", "IV.", "1", ".", ")", "a",
                                                "đ", "-", " ", "Điều 3", "(", "+", "•"]), max_size=6).map("".join)))
def test_markers_are_those_of_the_plain_test(text: str) -> None:
    assert tasks._marker_of(text) == _plain_marker_of(text)


def test_upper_letters_are_the_class_of_the_pattern() -> None:
    for ch in map(chr, range(0x3000)):  # every letter of the class lies below 0x1F00
        assert (ch in tasks._UPPER_CHARS) == (tasks._STARTS_UPPER.match(ch) is not None), repr(ch)


def _plain_logical_lines(text: str) -> list[tasks._Line]:
    """_logical_lines as it was before its speed changes (each line stripped twice, markers found again)."""
    raw_lines: list[tuple[int, str]] = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        raw_lines.append((pos, piece.rstrip("\r\n")))
        pos += len(piece)
    lengths = sorted(len(line.strip()) for _, line in raw_lines if line.strip())
    wrap = lengths[(len(lengths) * 3) // 4] if lengths else 0
    groups: list[tuple[list[tuple[int, str]], bool]] = []
    blank_before = True
    table_mode = False  # a table laid out one cell per line with no blank lines: every line is a cell
    all_stripped = [line.strip() for _, line in raw_lines]
    for li, (off, line) in enumerate(raw_lines):
        stripped = line.strip()
        if not stripped or stripped == "|":  # (a Markdown table's cell separator line, as a blank line)
            blank_before = True
            table_mode = False
            continue
        if blank_before and groups and len(stripped) <= 9 and tasks._PAGE_NUMBER.fullmatch(stripped) and \
                outline.page_break_inside(groups[-1][0][-1][1], all_stripped, li):
            blank_before = False  # a page's number inside a sentence (rules41, kept in step with tasks.py)
            continue
        lead_ws = len(line) - len(line.lstrip())
        if blank_before and groups and not table_mode and stripped[0].islower() and \
                groups[-1][0][-1][1][-1:] not in ".;:!?…" and ")" not in stripped[1:4] and \
                tasks._marker_of(stripped)[0] is None:
            blank_before = False  # a sentence wrapped over a blank line goes on (rules41, kept in step with tasks.py)
        new = blank_before or not groups or table_mode
        if groups and not blank_before and len(groups[-1][0]) == 1 and len(stripped) <= 60 \
                and tasks._STT_HEAD.fullmatch(groups[-1][0][-1][1].strip()):  # (the cheap tests first: speed)
            table_mode = new = True
        if not new and len(groups) <= 2 and len(groups[-1][0]) == 1 and stripped == groups[-1][0][0][1] and \
                len(stripped) >= 20 and (len(groups) == 1 or len(groups[0][0]) == 1) and \
                tasks._marker_of(stripped)[0] is None:
            continue  # a title printed twice (rules36, kept in step with tasks.py)
        if not new and len(groups) == 1 and len(groups[0][0]) == 1 and \
                tasks._news_headline(groups[0][0][0][1], stripped, wrap):
            new = blank_before = True  # a news title above its story (rules36)
        if not new:
            prev = groups[-1][0][-1][1].rstrip()
            marker, _, _ = tasks._marker_of(stripped)
            prev_marker = tasks._marker_of(prev) if len(groups[-1][0]) == 1 else (None, tasks._NONE_RANK, 0)
            prev_only_marker = len(groups[-1][0]) == 1 and prev_marker[2] >= len(prev)
            if prev_only_marker:
                new = False
            elif marker is not None and marker not in ("num2",):
                new = True
            elif marker == "num2" and tasks._STARTS_UPPER.match(stripped, tasks._marker_of(stripped)[2]):
                new = True  # "1.1. Chỉ đạo …" under "1. Sở Giáo dục và Đào tạo" (a wrapped "1.5 triệu" goes on)
            elif "\t" in line or "\t" in prev:
                new = True
            elif ":" in stripped[:48] and (tasks._FIELD_START.match(stripped) or tasks._CARD_TITLE.match(stripped) or
                                           tasks._PORTAL_FIELD.match(stripped) or tasks._PORTAL_FIELD.match(groups[-1][0][0][1])) \
                    and not tasks._OPEN_END.search(prev):
                new = True  # "Đơn vị chủ trì: Tỉnh đoàn" / "Thời gian: Quý III/2025": each field of a card is a line
            elif prev[-1:] in tasks._SENTENCE_ENDS and tasks._STARTS_NEW.match(stripped):  # = tasks._ENDS_SENTENCE.search(prev), faster
                new = True
            elif len(groups[-1][0]) <= 2 and len(prev) < 80 and len(prev) < 0.6 * wrap and \
                    tasks._STARTS_UPPER.match(stripped) and not tasks._OPEN_END.search(prev) and tasks.match_units(stripped, 0).ok:
                new = True  # a short title ("Thông tin Y tế"), then "UBND các huyện … chủ trì …": the text starts
            elif len(prev) < 160 and tasks._STARTS_UPPER.match(stripped) and tasks._HEADER_LINE.match(prev):
                new = True  # "Kỳ Sơn, ngày 3 tháng 7 năm 2025" / "Số: 5/UBND": the body starts on the next line
            elif tasks._DATELINE.match(stripped) and len(prev) < 0.8 * wrap and not tasks._OPEN_END.search(prev):
                new = True  # a news headline, then "Ngày 10/11, UBND tỉnh …" / "(TTXVN) - …": the story starts anew
            elif tasks._KINH_GUI.match(stripped) or (tasks._KINH_GUI.match(groups[-1][0][0][1]) and tasks._STARTS_UPPER.match(stripped)):
                new = True  # the Kính gửi line stands alone; the body starts after it
            elif len(groups[-1][0]) == 1 and prev_marker[0] is not None and prev.isupper() and \
                    tasks._STARTS_UPPER.match(stripped) and not stripped.isupper():
                new = True  # "IV. TỔ CHỨC THỰC HIỆN" then "Giao Sở X …" (rules12's kind, kept in step with tasks.py)
            elif (len(groups[-1][0]) == 1 and prev_marker[0] is not None and len(prev) < 0.6 * wrap
                  and tasks._STARTS_UPPER.match(stripped) and not tasks._OPEN_END.search(prev) and tasks._starts_with_verb(stripped)):
                new = True  # a short numbered heading ("4. Trách nhiệm của Công an tỉnh") before its text
            elif tasks._STARTS_UPPER.match(stripped) and len(groups[-1][0]) == 1 and prev_marker[0] is not None and \
                    prev[-1:] not in ",;" and len(prev) - prev_marker[2] < 160 and \
                    outline.names_only(prev[prev_marker[2]:]) and \
                    outline.heading_ends(stripped, tasks._starts_with_verb(stripped)):
                new = True  # a heading that only names a unit (rules41, kept in step with tasks.py)
        if new:
            groups.append(([(off + lead_ws, stripped)], blank_before))
        else:
            groups[-1][0].append((off + lead_ws, stripped))
        blank_before = False
    # A group that is only a marker ("I.", "Điều 3.", "1.") takes the next group as its body.
    merged: list[tuple[list[tuple[int, str]], bool]] = []
    for g in groups:
        if merged:
            prev_parts = merged[-1][0]
            prev_text = " ".join(p[1] for p in prev_parts)
            _, _, mend = tasks._marker_of(prev_text)
            if mend and mend >= len(prev_text.rstrip()) and "\t" not in prev_text:
                merged[-1] = (prev_parts + g[0], merged[-1][1])
                continue
        merged.append(g)
    lines: list[tasks._Line] = []
    has_tabs = "\t" in text
    for parts, block_start in merged:
        # the pieces are stripped, non-empty lines: one split of their join collapses the same whitespace
        full = " ".join([piece for _, piece in parts])
        if "  " in full or not full.isprintable():  # only single ASCII spaces: nothing to collapse
            full = " ".join(full.split())
        if has_tabs and any("\t" in p[1] for p in parts):
            # keep tabs so table rows can be split; offsets approximate
            full = re.sub(r"[ \u00a0]+", " ", "\t".join(p[1] for p in parts))
            parts = [(parts[0][0], full.replace("\t", " "))]
        marker, rank, body_at = tasks._marker_of(full)
        lines.append(tasks._Line(full, parts, marker, rank, body_at, block_start))
    return lines


HINT_PIECES = [*deadlines._PREFILTER_WORDS, *deadlines._EVENT_HINTS, *deadlines._RECUR_HINTS, *deadlines._CUE_HINTS,
               " ", "trước", "ngày", "k", "h", "ằ", "Đ", "tháng 7", "2025"]
hint_texts = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(HINT_PIECES), max_size=6).map("".join),
                       st.sampled_from(HINT_PIECES).map(lambda w: w[1:]), st.sampled_from(HINT_PIECES).map(lambda w: w[:-1]))


@settings(max_examples=300, deadline=None)
@given(text=hint_texts)
def test_written_out_hint_tests_are_the_any_tests(text: str) -> None:
    assert deadlines._may_recur(text) == any(w in text for w in deadlines._RECUR_HINTS)
    assert deadlines._timing_word_in(text) == any(w in text for w in deadlines._PREFILTER_WORDS)
    assert deadlines._event_hint_in(text) == any(w in text for w in deadlines._EVENT_HINTS)
    low = text.lower()
    assert deadlines._cue_hint_in(low) == any(c in low for c in deadlines._CUE_HINTS)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(unit_texts, st.text(max_size=30), st.lists(st.sampled_from(LINE_PIECES), max_size=6).map("".join)),
       at=st.integers(0, 40))
def test_unit_patterns_skipped_by_their_first_character_cannot_match(text: str, at: int) -> None:
    j = min(at, len(text))
    can = task_units._start_mask(text[j:j + 1])
    for k, name in enumerate(task_units._AT_START):
        if getattr(task_units, name).match(text, j) is not None:
            assert can >> k & 1, name


DEADLINE_PIECES = [
    " ", "  ", "\t", "\n", ",", ".", "/", "-", "–", "1", "15", "7", "2025", "IV", "II", "I", "trước ngày ", "trước ",
    "ngày ", "tháng ", "THÁNG ", "Tháng ", "năm ", "NĂM", "quý ", "Quý ", "QUÝ ", "qúy ", "quy ", "Qui ", "hằng ", "Hàng ",
    "mỗi ", "tuần", "định kỳ", "Định kì", "định  kỳ", "tiếp theo", "và các năm ", "từ ", "đến ", "hoàn thành ", "vào ",
    "trong ", "giờ ", "15/7/2025", "10-12", "5 tháng 3", "quý II/2025", "tháng 6/2025", "ngày 20 hằng tháng",
    "từ ngày 01/4 ", "đến ngày 30/4/2025", "tới ", "hết ", "từ tháng 3 ",
]
deadline_texts = st.lists(st.sampled_from(DEADLINE_PIECES), max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(deadline_texts, st.text(max_size=40)))
def test_deadline_cores_are_held_by_every_match(text: str) -> None:
    """find_deadline skips a pattern where its core is found nowhere: every match of the pattern must hold it."""
    for core, patterns in ((deadlines._DATE_CORE, (deadlines._DATE_DEADLINE, deadlines._WINDOW)),
                           (deadlines._QUARTER_CORE, (deadlines._QUARTER,)), (deadlines._MONTH_CORE, (deadlines._MONTH,)),
                           (deadlines._RECUR_CORE, (deadlines._RECURRENCE,))):
        for pattern in patterns:
            if pattern.search(text) is not None:
                assert core.search(text) is not None, (core.pattern, pattern.pattern, text)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(unit_texts, st.text(max_size=30), st.lists(st.sampled_from(LINE_PIECES), max_size=6).map("".join)),
       at=st.integers(0, 40))
def test_remembered_first_word_test_is_the_plain_one(text: str, at: int) -> None:
    i = min(at, len(text))
    m_w = task_units._FIRST_WORD.match(text, i)
    want = m_w is not None and (m_w.group(0)[0].isdigit() or m_w.group(0).lower() in task_units._first_words())
    assert task_units.may_start_unit(text, i) == want
    assert task_units.may_start_unit(text, i) == want  # asked again: the remembered answer
    task_units.forget_units()
    assert task_units.may_start_unit(text, i) == want


_TRIGGER_PIECES = ["Giao", "giao", "Yêu", "yêu cầu", "Đề", "đề", "nghị", "Kiến", "kiến", "Chỉ", "chỉ", "thị", "đạo",
                   "Ủy", "uỷ", "quyền", "cho", "Phân", "công", "nhấn mạnh", "lưu", "ý", "đã", "đôn", "đốc", "Sở Y tế",
                   "İ", "x", ",", ":", " ", "  ", "\n", "\t", "\u00a0"]


@settings(max_examples=400, deadline=None)
@given(sentence=st.one_of(st.lists(st.sampled_from(_TRIGGER_PIECES), max_size=30).map("".join), st.text(max_size=60)))
@example(sentence="đã đôn  đốc các sở, giao")
@example(sentence="Kiến \n\t nghị Sở A")
def test_trigger_search_from_the_first_trigger_word_finds_the_same_matches(sentence: str) -> None:
    low = sentence.lower()
    spans = [(m.span(), m.group(0)) for m in tasks._TRIGGER.finditer(sentence)]
    assert [(m.span(), m.group(0)) for m in tasks._TRIGGER.finditer(sentence, tasks._trigger_from(sentence, low))] == spans


_SECTION_PIECES = [
    "NHIỆM VỤ", "NHIỆM\nVỤ", "Nhiệm vụ", "nhiệm  vụ", "nHIỆM VỤ", "CÔNG VIỆC", "Công\nviệc", "công việc", "VIỆC CẦN LÀM",
    "việc\ncần làm", "Việc cần làm", "I. ", "IV) ", " ", "\t", "\n", "\n\n", "TRONG THÁNG 12/2026", "quý III", ".", ":",
    "x" * 50, "Trên đây", "a",
]


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.lists(st.sampled_from(_SECTION_PIECES), max_size=25).map("".join), st.text(max_size=60)))
@example(text="I. Công\nviệc cần làm tháng 7")  # a word that starts inside another, on the next line
def test_section_heads_are_the_head_pattern_matches(text: str) -> None:
    want = [(m.span(), m.group("head")) for m in deadline_scope._SECTION_HEAD.finditer(text)]
    assert [(m.span(), m.group("head")) for m in deadline_scope.section_heads(text)] == want


_REPLY_PIECES = [
    "Văn bản", "Văn  bản", "Ý kiến", "Hồ sơ", "Danh sách", "Đề xuất", "Đăng ký", "Vồ sơ", " trả lời", " đề nghị", " xin",
    " được", " gửi", " nộp", " chuyển", " về ", " cho ", " đến ", "Sở Y tế", " ", "  ", "\t", "\n", ".", ". ", ";",
    ": ", ".\u00a0", ",", "x",
]


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.lists(st.sampled_from(_REPLY_PIECES), max_size=25).map("".join), st.text(max_size=60)),
       pos=st.integers(0, 30))
@example(text="a. \t Văn bản gửi về Sở. Hồ sơ nộp cho ", pos=0)
def test_replies_are_the_reply_pattern_matches(text: str, pos: int) -> None:
    want = [m.span() for m in deadline_scope._REPLY.finditer(text, pos)]
    assert [m.span() for m in deadline_scope.replies(text, pos)] == want


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.lists(st.sampled_from(["Số", "SỐ", "số", "Sở", "S", ":", " ", "\t", "\n", "|", "12", "x", "/",
                                                "UBND", "\u00a0", "\r"]), max_size=30).map("".join), st.text(max_size=40)))
@example(text="a| \tSố :7\nSỐ:1|Số:2")
def test_glued_number_is_the_line_pattern_sub(text: str) -> None:
    assert metadata._glued_number(text) == metadata._GLUED_NUMBER_RE.sub(r"\1 ", text)
