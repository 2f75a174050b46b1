"""Both search engines over the same corpus.

``engine_name`` is parametrised over "tantivy" (embedded, always available) and "es" (needs
VANBAN_TEST_ELASTICSEARCH_URL; skipped without it, a FAILURE when VANBAN_REQUIRE_SERVICES=1).  Every ES test run
uses its own index prefix and deletes it afterwards.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.search.engine import IndexDoc, SearchEngine, SearchQuery

ENGINES = ["tantivy", pytest.param("es", marks=pytest.mark.elasticsearch)]


def es_url_or_skip() -> str:
    url = os.environ.get("VANBAN_TEST_ELASTICSEARCH_URL")
    if not url:
        if os.environ.get("VANBAN_REQUIRE_SERVICES") == "1":
            pytest.fail("Elasticsearch is required (VANBAN_REQUIRE_SERVICES=1) but VANBAN_TEST_ELASTICSEARCH_URL "
                        "is not set", pytrace=False)
        pytest.skip("Elasticsearch not configured: set VANBAN_TEST_ELASTICSEARCH_URL "
                    "(`bash deploy/local/services.sh env`)")
    from services.search.es_engine import wait_for

    if not wait_for(url, timeout_s=30):
        pytest.fail(f"Elasticsearch at {url} is not reachable (cluster health did not answer)", pytrace=False)
    return url


def D(doc_id: str, text: str, **kw: object) -> IndexDoc:  # noqa: N802 - reads like a table
    base: dict[str, object] = dict(filename=f"{doc_id}.docx", number=None, doc_type=None, issuer=None,
                                   issued_date=None, subject=None, units=[])
    base.update(kw)
    return IndexDoc(id=doc_id, text=text, **base)  # type: ignore[arg-type]


CORPUS: list[IndexDoc] = [
    D("tb317", "Thông báo kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Xây dựng. Giao Sở Xây dựng chủ "
      "trì, phối hợp với Sở Tài chính rà soát quy hoạch, hoàn thành trước ngày 30/11/2008.",
      number="317/TB-UBND", doc_type="Thông báo", issuer="UBND tỉnh Nghệ An", issued_date=date(2008, 10, 7),
      subject="Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Xây dựng",
      units=["Sở Xây dựng", "Sở Tài chính"], has_open_tasks=True, audience="public"),
    D("qd1234", "Ủy ban nhân dân tỉnh ban hành quyết định giao nhiệm vụ chuyển đổi số. Giao Sở Thông tin và "
      "Truyền thông chủ trì triển khai; thực hiện Thông báo số 317/TB-UBND ngày 07/10/2008.",
      number="1234/QĐ-UBND", doc_type="Quyết định", issuer="Ủy ban nhân dân tỉnh Nghệ An",
      issued_date=date(2024, 3, 15), subject="Quyết định giao nhiệm vụ thực hiện kế hoạch chuyển đổi số",
      units=["Sở Thông tin và Truyền thông"], has_open_tasks=True),
    D("kh45", "Kế hoạch phòng cháy chữa cháy năm 2024. Sở TT&TT phối hợp với Công an tỉnh tuyên truyền về "
      "phòng cháy chữa cháy trong khu dân cư.",
      number="45/KH-UBND", doc_type="Kế hoạch", issuer="UBND tỉnh Nghệ An", issued_date=date(2024, 5, 2),
      subject="Kế hoạch phòng cháy chữa cháy năm 2024", units=["Công an tỉnh", "Sở TT&TT"]),
    D("ct12", "Thủ tướng Chính phủ yêu cầu các Bộ, ngành và địa phương tăng cường quản lý đất đai; Bộ Tài nguyên "
      "và Môi trường hướng dẫn kiểm tra việc sử dụng đất.",
      number="12/CT-TTg", doc_type="Chỉ thị", issuer="Thủ tướng Chính phủ", issued_date=date(2023, 1, 10),
      subject="Chỉ thị về tăng cường quản lý đất đai", units=["Sở Tài nguyên và Môi trường"], audience="public"),
    D("nd43", "Nghị định này quy định chi tiết một số điều của Luật Giáo dục. Bộ GD&ĐT chịu trách nhiệm hướng dẫn "
      "thi hành.",
      number="43/2019/NĐ-CP", doc_type="Nghị định", issuer="Chính phủ", issued_date=date(2019, 5, 20),
      subject="Nghị định quy định chi tiết Luật Giáo dục", audience="public"),
    D("tb99", "Thông báo về công tác nhân sự huyện Kỳ Sơn: quyết định giao nhiệm vụ cho cán bộ phụ trách "
      "quản lý đất đai.",
      number="99/TB-UBND", doc_type="Thông báo", issuer="UBND tỉnh Nghệ An", issued_date=date(2024, 6, 1),
      subject="Thông báo mật về công tác nhân sự Kỳ Sơn", units=["Sở Nội vụ"], level=2),
    D("cv88", "Sở Tài chính tham mưu UBND tỉnh về dự toán ngân sách năm 2025 và quyết định phân bổ kinh phí "
      "cho huyện Kỳ Sơn.",
      number="88/UBND-KT", doc_type="Công văn", issuer="UBND tỉnh Nghệ An", issued_date=date(2024, 7, 1),
      subject="Về dự toán ngân sách năm 2025", units=["Sở Tài chính"], audience="units",
      audience_units=["Sở Tài chính"]),
    D("bc156", "Báo cáo <b>kết quả</b> thực hiện nhiệm vụ năm 2022 & <script>alert('x')</script> hoà giải ở cơ "
      "sở; công trình thuỷ lợi Quỳ Hợp.",
      number="156/BC-UBND", doc_type="Báo cáo", issuer="UBND tỉnh Nghệ An", issued_date=date(2022, 12, 1),
      subject="Báo cáo kết quả thực hiện nhiệm vụ năm 2022", units=["Sở Nông nghiệp và Phát triển nông thôn"],
      audience="public"),
    D("ascii7", "Van ban go khong dau: quyet dinh giao nhiem vu kiem tra cong trinh.",
      number="7/QĐ-UBND", doc_type="Quyết định", issuer="UBND tỉnh Nghệ An", issued_date=date(2021, 2, 3),
      subject="quyet dinh giao nhiem vu kiem tra", audience="public"),
    D("kh20", "Kế hoạch phòng, chống ma túy trên địa bàn tỉnh năm 2023; Sở LĐ-TB&XH chủ trì công tác cai nghiện.",
      number="20/KH-UBND", doc_type="Kế hoạch", issuer="UBND tỉnh Nghệ An", issued_date=date(2023, 3, 3),
      subject="Kế hoạch phòng, chống ma túy năm 2023", units=["Sở Lao động - Thương binh và Xã hội"],
      audience="public"),
    D("tb21", "Mã số thuế và mà cả các thủ tục mã hóa dữ liệu; má lúm.",
      number="21/TB-STC", doc_type="Thông báo", issuer="Sở Tài chính", issued_date=date(2023, 4, 4),
      subject="Thông báo về mã số thuế", audience="public"),
]
BY_ID = {d.id: d for d in CORPUS}


def make_engine(name: str, tmp: Path) -> tuple[SearchEngine, Callable[[], None]]:
    if name == "tantivy":
        from services.search.tantivy_engine import TantivyEngine

        eng = TantivyEngine(tmp / "index")
        return eng, eng.close
    from services.search.es_engine import ElasticsearchEngine

    es = ElasticsearchEngine(es_url_or_skip(), index_prefix=f"vanban-test-{uuid.uuid4().hex[:10]}")

    def done() -> None:
        es.delete_all()
        es.close()

    return es, done


@contextmanager
def loaded(name: str, tmp: Path, docs: Sequence[IndexDoc]) -> Iterator[SearchEngine]:
    """An engine ``name`` holding ``docs``, searchable, dropped afterwards."""
    eng, done = make_engine(name, tmp)
    try:
        eng.index(docs)
        eng.refresh()
        yield eng
    finally:
        done()


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    """A read-only engine shared by the tests of a module, loaded with the module's ``DOCS`` (CORPUS when the
    module has none)."""
    docs = getattr(request.module, "DOCS", CORPUS)
    with loaded(request.param, tmp_path_factory.mktemp("search"), docs) as eng:
        yield eng


def hidden_changes_nothing(name: str, tmp: Path, docs: Sequence[IndexDoc], hidden: Sequence[IndexDoc],
                           observe: Callable[[SearchEngine], Any], *, present: str) -> None:
    """What ``observe`` sees (a unit user's hits, totals, facets, highlights, suggestions …) is the same before the
    ``hidden`` documents are indexed, while they are (the query ``present`` finds them for those who may see them)
    and after they are removed."""
    with loaded(name, tmp, docs) as eng:
        before = observe(eng)
        eng.index(hidden)
        eng.refresh()
        assert eng.search(SearchQuery(q=present)).total >= len(hidden)  # they are there, for those who may see them
        assert observe(eng) == before
        for d in hidden:
            eng.remove(d.id)
        eng.refresh()
        assert observe(eng) == before


def ids(eng: SearchEngine, q: str, **kw: Any) -> list[str]:
    """The ids of the first 20 hits of ``q`` (``kw``: other SearchQuery fields)."""
    return [h.id for h in eng.search(SearchQuery(q=q, limit=20, **kw)).hits]


@pytest.fixture(params=ENGINES)
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    """An empty engine for tests that write."""
    eng, done = make_engine(request.param, tmp_path)
    try:
        yield eng
    finally:
        done()
