"""Writing edXML packages (QCVN 102:2016/BTTTT): the envelope that services.ingest.parsers.edxml reads.

Deterministic: the same document gives the same bytes (no clock inside), so a package re-sent after a crash is the
same file and ingest's duplicate detection recognises it.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PRIORITY = {"normal": "0", "urgent": "1", "very_urgent": "2", "flash": "3"}


@dataclass
class EdxmlFile:
    name: str
    data: bytes
    content_type: str | None = None
    description: str | None = None


@dataclass
class EdxmlDocument:
    organ_name: str
    organ_id: str
    code_number: str
    code_notation: str
    doc_type: str
    subject: str
    promulgation_date: date
    place: str = ""
    content: str = ""
    signer_name: str = ""
    signer_title: str = ""
    signer_competence: str = ""
    due_date: date | None = None
    to: list[str] = field(default_factory=list)  # the addressee(s) of this package
    to_places: list[str] = field(default_factory=list)  # nơi nhận, as printed
    urgency: str = "normal"
    pages: int | None = None
    copies: int | None = None
    document_id: str = ""  # our id, so that replies and status messages can refer to it
    attachments: list[EdxmlFile] = field(default_factory=list)


def _el(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        node.text = _xml_safe(text)
    return node


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def _organ(parent: etree._Element, tag: str, name: str, organ_id: str = "") -> None:
    node = _el(parent, tag)
    _el(node, "OrganId", organ_id)
    _el(node, "OrganName", name)


def write_document(doc: EdxmlDocument) -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}edXMLEnvelope", nsmap={"edXML": NAMESPACE})
    header = _el(_el(root, "edXMLHeader"), "MessageHeader")
    _organ(header, "From", doc.organ_name, doc.organ_id)
    for name in doc.to:
        _organ(header, "To", name)
    _el(header, "DocumentId", doc.document_id)
    code = _el(header, "Code")
    _el(code, "CodeNumber", doc.code_number)
    _el(code, "CodeNotation", doc.code_notation)
    prom = _el(header, "PromulgationInfo")
    _el(prom, "Place", doc.place)
    _el(prom, "PromulgationDate", doc.promulgation_date.isoformat())
    dtype = _el(header, "DocumentType")
    _el(dtype, "Type", "1")
    _el(dtype, "TypeName", doc.doc_type)
    _el(header, "Subject", doc.subject)
    _el(header, "Content", doc.content)
    signer = _el(header, "SignerInfo")
    _el(signer, "Competence", doc.signer_competence)
    _el(signer, "Position", doc.signer_title)
    _el(signer, "FullName", doc.signer_name)
    if doc.due_date:
        _el(header, "DueDate", doc.due_date.isoformat())
    places = _el(header, "ToPlaces")
    for name in doc.to_places:
        _el(places, "Place", name)
    other = _el(header, "OtherInfo")
    _el(other, "Priority", PRIORITY.get(doc.urgency, "0"))
    if doc.pages:
        _el(other, "PageAmount", str(doc.pages))
    if doc.copies:
        _el(other, "PromulgationAmount", str(doc.copies))
    _el(root.find(f"{{{NAMESPACE}}}edXMLHeader"), "TraceHeaderList")
    manifest = _el(_el(root, "edXMLBody"), "edXMLManifest")
    encoded = _el(root, "AttachmentEncoded")
    for i, att in enumerate(doc.attachments, 1):
        ref = _el(manifest, "Reference")
        _el(ref, "ContentId", f"cid:{i}")
        _el(ref, "AttachmentName", att.name)
        node = _el(encoded, "Attachment")
        _el(node, "ContentId", f"cid:{i}")
        _el(node, "AttachmentName", att.name)
        _el(node, "ContentType", att.content_type or "application/octet-stream")
        if att.description:
            _el(node, "Description", att.description)
        _el(node, "EncodedContent", base64.b64encode(att.data).decode("ascii"))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_status(organ_name: str, organ_id: str, to: str, code: str, promulgation_date: date, document_id: str,
                 status_code: str, description: str, at: str) -> bytes:
    """A status message about a document sent earlier (here: its recall, thu hồi), for one recipient."""
    root = etree.Element(f"{{{NAMESPACE}}}edXMLEnvelope", nsmap={"edXML": NAMESPACE})
    header = _el(_el(root, "edXMLHeader"), "Status")
    _organ(header, "From", organ_name, organ_id)
    _organ(header, "To", to)
    resp = _el(header, "ResponseFor")
    _el(resp, "OrganId", organ_id)
    _el(resp, "Code", code)
    _el(resp, "PromulgationDate", promulgation_date.isoformat())
    _el(resp, "DocumentId", document_id)
    _el(header, "StatusCode", status_code)
    _el(header, "Description", description)
    _el(header, "Timestamp", at)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
