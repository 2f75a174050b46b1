"""Digital signatures of PDFs (PAdES / CMS) with pyHanko: who signed, when, with which certificate, whether the
signature is intact, whether the file changed since, and whether the certificate chains to a trusted root.

Trust roots are configurable (VANBAN_REGISTRY_TRUST_ROOTS: a PEM/DER file or a directory of them — a province
installs the government CA roots there); nothing is fetched from the network (no OCSP/CRL/AIA): validation uses what
the file carries and the configured roots.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from services.registry.errors import RegistryError
from services.registry.settings import get_registry_settings

log = logging.getLogger("vanban.registry.signatures")


@dataclass
class SignatureInfo:
    field: str | None
    signer: str | None
    issuer: str | None
    serial: str | None
    signed_at: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_document: bool
    modification: str | None
    summary: str


def load_trust_roots(path: Path | None = None) -> list[Any]:
    from pyhanko.keys import load_certs_from_pemder

    path = path or get_registry_settings().registry_trust_roots
    if path is None:
        return []
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    certs: list[Any] = []
    for f in files:
        try:
            certs.extend(load_certs_from_pemder([str(f)]))
        except Exception as exc:  # noqa: BLE001 - one bad file does not hide the other roots
            log.warning("trust root %s unreadable: %s", f, exc)
    return certs


def _summary(intact: bool, valid: bool, trusted: bool, whole: bool) -> str:
    if not intact:
        return "Chữ ký không còn nguyên vẹn: nội dung đã bị thay đổi sau khi ký."
    if not valid:
        return "Chữ ký không hợp lệ."
    parts = ["Chữ ký hợp lệ, nội dung nguyên vẹn"]
    parts.append("chứng thư số được tin cậy" if trusted else "chứng thư số KHÔNG thuộc tổ chức chứng thực được tin cậy")
    if not whole:
        parts.append("tệp có thêm nội dung sau khi ký")
    return "; ".join(parts) + "."


def verify_pdf(data: bytes, trust_roots: list[Any] | None = None) -> list[SignatureInfo]:
    """Every signature of the PDF, validated; [] for a file that is not a PDF or has none."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        return []
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise RegistryError.corrupt_pdf() from exc
    roots = load_trust_roots() if trust_roots is None else trust_roots
    out: list[SignatureInfo] = []
    for sig in signatures:
        vc = ValidationContext(trust_roots=roots, allow_fetching=False)
        cert = sig.signer_cert
        signer = cert.subject.human_friendly if cert is not None else None
        issuer = cert.issuer.human_friendly if cert is not None else None
        serial = format(cert.serial_number, "x") if cert is not None else None
        try:
            status = validate_pdf_signature(sig, vc)
        except (SignatureValidationError, ValueError) as exc:
            out.append(SignatureInfo(sig.field_name, signer, issuer, serial, sig.self_reported_timestamp, False, False,
                                     False, False, None, f"Không kiểm tra được chữ ký: {exc}"))
            continue
        whole = str(getattr(status.coverage, "name", "")) == "ENTIRE_FILE"
        level = getattr(status, "modification_level", None)
        modification = None if level is None or level.name == "NONE" else level.name.lower()
        when = status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
        out.append(SignatureInfo(sig.field_name, signer, issuer, serial, when, bool(status.intact),
                                 bool(status.valid), bool(status.trusted), whole, modification,
                                 _summary(bool(status.intact), bool(status.valid), bool(status.trusted), whole)))
    return out
