"""services.ingest.identity, the pure part: fingerprints of folded text and the decision "same document"
(invented wording)."""
from __future__ import annotations

import random
from datetime import date

from services.ingest import identity
from services.ingest.identity import Identity, bands, identity_of, same_document, signature, similarity

BODY = " ".join(
    f"Mục {i}. Giao Phòng Kinh tế hạ tầng huyện Sông Lam rà soát tuyến kênh tưới số {i} tại xã Đồng Bằng, sửa chữa "
    f"các đoạn bị bồi lấp và báo cáo kết quả trước ngày {10 + i % 15}/5/2012." for i in range(12))


def noisy(text: str, rate: float, seed: int = 3) -> str:
    """A re-scan: some words misread (letters swapped), the layout different."""
    rng = random.Random(seed)
    words = [w[::-1] if rng.random() < rate else w for w in text.split()]
    return "\n".join(" ".join(words[i:i + 9]) for i in range(0, len(words), 9))


def test_folding_layout_case_and_diacritics_do_not_change_the_fingerprint() -> None:
    other_form = BODY.upper().replace(". ", ".\n\n").replace("Đồng", "Ðồng")  # upper case, new lines, eth for Đ
    assert signature(other_form) == signature(BODY)
    assert identity.folded_words("Uỷ ban  ĐỒNG Ý!") == [b"uy", b"ban", b"dong", b"y"]


def test_similarity_estimates_shared_wording() -> None:
    base = signature(BODY)
    assert similarity(base, signature(noisy(BODY, 0.03))) >= identity.SIMILAR
    unrelated = " ".join(f"Hội nghị tổng kết công tác thi đua khen thưởng khối {i} năm học mới" for i in range(40))
    assert similarity(base, signature(unrelated)) < 0.2
    assert similarity(base, ()) == 0.0 and signature("") == ()
    assert len(bands(base)) == identity.BINS // identity.ROWS and bands(()) == []
    shared = set(bands(base)) & set(bands(signature(noisy(BODY, 0.03))))
    assert shared, "a close copy shares at least one band: it is found by the indexed lookup"


def test_same_number_and_date_is_the_same_document() -> None:
    a = identity_of("12/TB-UBND", "UBND huyện Sông Lam", date(2012, 5, 2), BODY)
    b = identity_of("12/TB–UBND ", "ỦY BAN NHÂN DÂN HUYỆN SÔNG LAM", date(2012, 5, 2), "Một đoạn ngắn khác hẳn.")
    assert a.key == "12/TB-UBND|uy ban nhan dan huyen song lam|2012-05-02"
    assert same_document(a, b) == "number_date"  # the numbers and dates decide, whatever the text
    later = identity_of("12/TB-UBND", "UBND huyện Sông Lam", date(2013, 5, 2), BODY)
    assert same_document(a, later) is None  # one number, another year: another document
    other_body = identity_of("12/TB-UBND", "UBND huyện Núi Cao", date(2012, 5, 2), BODY)
    assert same_document(a, other_body) is None  # another issuer
    assert same_document(a, identity_of("13/TB-UBND", "UBND huyện Sông Lam", date(2012, 5, 2), BODY)) is None


def test_a_missing_date_or_number_needs_the_text_to_agree() -> None:
    a = identity_of("12/TB-UBND", None, date(2012, 5, 2), BODY)
    no_date = identity_of("12/TB-UBND", None, None, noisy(BODY, 0.02))
    assert same_document(a, no_date) == "number_text"
    unrelated = " ".join(f"Kế hoạch tổ chức giải bóng đá thiếu niên cụm {i} dịp hè" for i in range(40))
    assert same_document(a, identity_of("12/TB-UBND", None, None, unrelated)) is None
    scan = identity_of(None, None, date(2012, 5, 2), noisy(BODY, 0.03))
    assert same_document(a, scan) == "text"
    assert same_document(scan, identity_of(None, None, date(2012, 6, 2), BODY)) is None  # dates contradict
    short = Identity(None, None, None, signature("Giao Phòng Kinh tế rà soát."), 3)
    assert same_document(short, Identity(None, None, None, short.signature, 3)) is None  # too short to tell


def test_the_message_names_what_is_registered() -> None:
    class Registered:
        doc_type, number, issued_date, filename = "Thông báo", "12/TB-UBND", date(2012, 5, 2), "tb-12.docx"

    text = identity.registered_message(Registered())
    assert text.startswith("Văn bản này đã được đăng ký là Thông báo số 12/TB-UBND ngày 02/05/2012")
    assert "tb-12.docx" in text
