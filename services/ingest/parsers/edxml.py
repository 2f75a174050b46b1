"""edXML messages (QCVN 102:2016/BTTTT, namespace http://www.mic.gov.vn/TBT/QCVN_102_2016).

The header becomes metadata directly (Code, PromulgationInfo, DocumentType, Subject, SignerInfo, DueDate,
SteeringType, ToPlaces, OtherInfo); the attachments are decoded and go through the normal parsers. Parsing is
defused: DTDs, entities and external references are refused (billion laughs, XXE), and sizes are bounded.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from services.core.errors import IngestError
from services.ingest.understanding.dates import iso_date

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


@dataclass
class EdxmlAttachment:
    name: str
    content_type: str | None
    data: bytes
    description: str | None = None


@dataclass
class EdxmlMessage:
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    place: str | None = None
    subject: str | None = None
    content: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signer_authority: str | None = None
    due_date: str | None = None
    steering_type: str | None = None
    recipients: list[str] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)
    attachments: list[EdxmlAttachment] = field(default_factory=list)


def looks_like_edxml(data: bytes) -> bool:
    head = data[:4096]
    return b"edXMLEnvelope" in head or NAMESPACE.encode() in head


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(el: Element | None, *path: str) -> Element | None:
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _text(el: Element | None, *path: str) -> str | None:
    node = _find(el, *path) if path else el
    if node is None:
        return None
    value = "".join(node.itertext()).strip()
    return re.sub(r"\s+", " ", value) or None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value) or None
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if not m:
            return None
        d, mo, y = (int(x) for x in m.groups())
    return iso_date(y, mo, d)


def parse_edxml(data: bytes, *, max_attachment_bytes: int = 50 * 1024 * 1024) -> EdxmlMessage:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError("xml_unsafe", "Tệp XML chứa khai báo DTD/thực thể không được phép (có thể là tấn công "
                          "XML); tệp không được xử lý.") from exc
    except (ParseError, ValueError) as exc:
        raise IngestError("malformed_xml", f"Tệp edXML không đúng cú pháp XML: {exc}.") from exc
    if _local(root.tag) != "edXMLEnvelope":
        raise IngestError("not_edxml", "Tệp XML không phải là gói tin edXML (QCVN 102:2016/BTTTT).")
    header = _find(root, "edXMLHeader", "MessageHeader")
    if header is None:
        raise IngestError("malformed_edxml", "Gói tin edXML thiếu phần MessageHeader.")
    msg = EdxmlMessage()
    number, notation = _text(header, "Code", "CodeNumber"), _text(header, "Code", "CodeNotation")
    if number or notation:
        msg.number = "/".join(x for x in (number, notation) if x)
    msg.doc_type = _text(header, "DocumentType", "TypeName")
    msg.issuer = _text(header, "From", "OrganName")
    msg.place = _text(header, "PromulgationInfo", "Place")
    msg.issued_date = _iso(_text(header, "PromulgationInfo", "PromulgationDate"))
    msg.subject = _text(header, "Subject")
    content = _find(header, "Content")
    msg.content = "".join(content.itertext()).strip() if content is not None else None
    msg.signer_authority = _text(header, "SignerInfo", "Competence")
    msg.signer_title = _text(header, "SignerInfo", "Position")
    msg.signer_name = _text(header, "SignerInfo", "FullName")
    msg.due_date = _iso(_text(header, "DueDate"))
    msg.steering_type = _text(header, "SteeringType")
    places = _find(header, "ToPlaces")
    if places is not None:
        msg.recipients = [t for t in (_text(p) for p in places) if t]
    for name in ("To",):
        for el in (c for c in header if _local(c.tag) == name):
            organ = _text(el, "OrganName")
            if organ and organ not in msg.recipients:
                msg.recipients.append(organ)
    other = _find(header, "OtherInfo")
    if other is not None:
        msg.other = {_local(c.tag): v for c in other if (v := _text(c))}
    encoded = _find(root, "AttachmentEncoded")
    for att in (c for c in (encoded if encoded is not None else []) if _local(c.tag) == "Attachment"):
        msg.attachments.append(_attachment(att, max_attachment_bytes))
    return msg


def _attachment(att: Element, limit: int) -> EdxmlAttachment:
    name = _text(att, "AttachmentName") or _text(att, "ContentId") or "dinh-kem"
    node = _find(att, "EncodedContent")  # (an Element without children is falsy: test against None)
    raw = "".join(node.itertext()) if node is not None else ""
    if len(raw) * 3 // 4 > limit:
        raise IngestError("too_large", f"Tệp đính kèm “{name}” vượt quá dung lượng cho phép.")
    try:
        data = base64.b64decode(re.sub(r"\s+", "", raw), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise IngestError("malformed_edxml", f"Tệp đính kèm “{name}” không giải mã được (base64 hỏng).") from exc
    return EdxmlAttachment(name=name, content_type=_text(att, "ContentType"), data=data,
                           description=_text(att, "Description"))


def header_metadata(msg: EdxmlMessage) -> dict[str, Any]:
    return {k: v for k, v in {
        "number": msg.number, "doc_type": msg.doc_type, "issuer": msg.issuer, "issued_date": msg.issued_date,
        "place": msg.place, "subject": msg.subject, "due_date": msg.due_date, "steering_type": msg.steering_type,
    }.items() if v}
