"""Real DOCX and PDF files, every kind of bad input, edXML messages and citation links — through the HTTP API."""
from __future__ import annotations

import base64
from typing import Any

import pytest
from fixtures import builders

from services.core.dispatch import wait_idle

BODY = ["Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát quy hoạch, hoàn thành trước ngày 30/11/2008."]


def upload(client: Any, name: str, data: bytes) -> str:
    r = client.post("/documents", files=[("files", (name, data, "application/octet-stream"))])
    assert r.status_code == 202, r.text
    return str(r.json()["items"][0]["document_id"])


def processed(client: Any, doc_id: str) -> dict[str, Any]:
    wait_idle(120)
    return dict(client.get(f"/documents/{doc_id}").json())


@pytest.mark.usefixtures("db_backend")
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_real_docx_and_pdf_come_back_with_text_and_metadata(client: Any, fmt: str) -> None:
    data = builders.make_docx(BODY) if fmt == "docx" else builders.make_pdf(BODY)
    doc = processed(client, upload(client, f"tb.{fmt}", data))
    assert doc["status"] == "done", doc
    assert doc["format"] == fmt
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc["text"]
    assert "Sở Xây dựng chủ trì" in doc["text"]
    assert doc["number"] == "317/TB-UBND"
    assert doc["issued_date"] == "2008-10-07"
    leads = [t["lead"] for t in doc["tasks"]]
    assert any("Xây dựng" in lead for lead in leads), doc["tasks"]


BAD_FILES = [
    ("ma-hoa.pdf", builders.make_encrypted_pdf, "encrypted_pdf", "failed"),
    ("mat-khau.docx", builders.make_encrypted_docx, "encrypted_docx", "failed"),
    ("bom.docx", lambda: builders.make_zip_bomb_docx("declared"), "zip_bomb", "failed"),
    ("hong.docx", lambda: builders.truncate(builders.make_docx(BODY)), "corrupt_docx", "failed"),
    ("hong.pdf", lambda: builders.truncate(builders.make_pdf(BODY)), "corrupt_pdf", "failed"),
    ("nham.docx", lambda: builders.make_pdf(BODY), "type_mismatch", "failed"),
    ("cu.doc", builders.make_legacy_doc, "legacy_doc", "failed"),
    ("nhi-phan.txt", lambda: bytes(range(256)) * 64, "undecodable_text", "failed"),
    ("scan.pdf", builders.make_scanned_pdf, "needs_ocr", "needs_ocr"),
    ("loi.xml", lambda: b"<edXML:edXMLEnvelope><unclosed>", "malformed_xml", "failed"),
    ("bom.xml", lambda: b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                        b"<edXMLEnvelope>&lol2;</edXMLEnvelope>", "xml_unsafe", "failed"),
    ("xxe.xml", lambda: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                        b"<edXMLEnvelope>&xxe;</edXMLEnvelope>", "xml_unsafe", "failed"),
]


@pytest.mark.usefixtures("db_backend")
@pytest.mark.parametrize(("name", "make", "code", "status"), BAD_FILES, ids=[b[2] + ":" + b[0] for b in BAD_FILES])
def test_bad_input_gets_its_code_keeps_the_original_and_the_worker_goes_on(client: Any, name: str, make: Any,
                                                                          code: str, status: str) -> None:
    data = make()
    doc = processed(client, upload(client, name, data))
    assert (doc["status"], doc["error_code"]) == (status, code), doc
    assert doc["error_message"]
    assert doc["text"] is None and doc["tasks"] == [] and doc["citations"] == []  # nothing half-written
    assert client.get(f"/documents/{doc['id']}/original").content == data  # the original is kept
    ok = processed(client, upload(client, "sau.txt", "Giao Sở Y tế chủ trì thực hiện.".encode()))
    assert ok["status"] == "done"  # the pipeline keeps running


def edxml(attachment: bytes, name: str = "tb317.docx") -> bytes:
    enc = base64.b64encode(attachment).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLHeader><edXML:MessageHeader>
  <edXML:From><edXML:OrganId>000.00.00.H41</edXML:OrganId><edXML:OrganName>UBND tỉnh Nghệ An</edXML:OrganName></edXML:From>
  <edXML:To><edXML:OrganName>Sở Xây dựng</edXML:OrganName></edXML:To>
  <edXML:Code><edXML:CodeNumber>317</edXML:CodeNumber><edXML:CodeNotation>TB-UBND</edXML:CodeNotation></edXML:Code>
  <edXML:PromulgationInfo><edXML:Place>Nghệ An</edXML:Place><edXML:PromulgationDate>2008-10-07</edXML:PromulgationDate></edXML:PromulgationInfo>
  <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Thông báo</edXML:TypeName></edXML:DocumentType>
  <edXML:Subject>Kết luận của Phó Chủ tịch UBND tỉnh về các dự án công nghệ thông tin</edXML:Subject>
  <edXML:SignerInfo><edXML:Competence>KT. CHỦ TỊCH</edXML:Competence><edXML:Position>Phó Chủ tịch</edXML:Position><edXML:FullName>Nguyễn Văn A</edXML:FullName></edXML:SignerInfo>
  <edXML:DueDate>2008-11-30</edXML:DueDate>
  <edXML:SteeringType>1</edXML:SteeringType>
  <edXML:ToPlaces><edXML:Place>Sở Kế hoạch và Đầu tư</edXML:Place></edXML:ToPlaces>
  <edXML:OtherInfo><edXML:Priority>1</edXML:Priority><edXML:PageAmount>2</edXML:PageAmount></edXML:OtherInfo>
 </edXML:MessageHeader></edXML:edXMLHeader>
 <edXML:AttachmentEncoded><edXML:Attachment>
  <edXML:ContentId>1</edXML:ContentId><edXML:AttachmentName>{name}</edXML:AttachmentName>
  <edXML:ContentType>application/vnd.openxmlformats-officedocument.wordprocessingml.document</edXML:ContentType>
  <edXML:ContentTransferEncoded>base64</edXML:ContentTransferEncoded><edXML:EncodedContent>{enc}</edXML:EncodedContent>
 </edXML:Attachment></edXML:AttachmentEncoded>
</edXML:edXMLEnvelope>""".encode()


def test_edxml_header_is_metadata_and_attachments_go_through_the_pipeline(client: Any) -> None:
    doc = processed(client, upload(client, "goi-tin.edxml", edxml(builders.make_docx(BODY))))
    assert doc["status"] == "done", doc
    assert doc["format"] == "edxml"
    assert doc["number"] == "317/TB-UBND"
    assert doc["doc_type"] == "Thông báo"
    assert doc["issuer"] == "UBND tỉnh Nghệ An"
    assert doc["issued_date"] == "2008-10-07"
    assert doc["subject"].startswith("Kết luận của Phó Chủ tịch")
    assert doc["signer"] == {"name": "Nguyễn Văn A", "title": "Phó Chủ tịch", "authority": "KT. CHỦ TỊCH"}
    assert {"Sở Xây dựng", "Sở Kế hoạch và Đầu tư"} <= set(doc["recipients"])
    assert "Sở Xây dựng chủ trì" in doc["text"]  # from the DOCX attachment
    assert any("Xây dựng" in t["lead"] for t in doc["tasks"])


def test_citations_link_both_ways_whatever_the_order(client: Any) -> None:
    later = upload(client, "kh.txt", ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 45/KH-UBND\nKẾ HOẠCH\nThực hiện Thông báo "
                                      "số 317/TB-UBND ngày 07/10/2008 của UBND tỉnh.\n").encode())
    wait_idle(60)
    earlier = upload(client, "tb.docx", builders.make_docx(BODY))  # the cited one arrives second
    wait_idle(60)
    cites = client.get(f"/documents/{later}/citations").json()
    assert [(c["number"], c["document_id"]) for c in cites["cites"]] == [("317/TB-UBND", earlier)]
    cited_by = client.get(f"/documents/{earlier}/citations").json()["cited_by"]
    assert [c["document_id"] for c in cited_by] == [later]
