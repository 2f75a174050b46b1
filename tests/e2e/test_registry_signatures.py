"""Digital signatures (pyHanko): the tests build their own CA and signed PDFs — intact, tampered, changed after
signing, untrusted — and the registry reads who signed, when, with which certificate, and what became of it."""
from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fixtures.builders import make_pdf
from helpers.briefing import fast_headers
from helpers.registry import ok


def _name(cn: str) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ủy ban nhân dân tỉnh thử nghiệm"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject: str, issuer_name: Any, issuer_key: Any, key: Any, ca: bool) -> Any:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.now(UTC)
    b = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer_name).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
         .not_valid_after(now + timedelta(days=365))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                          crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                          crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A root CA, a signer certificate it issued, and a self-made certificate nobody trusts (PEM files)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    d = tmp_path_factory.mktemp("pki")
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = _cert("CA thử nghiệm vanban", _name("CA thử nghiệm vanban"), ca_key, ca_key, True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _cert("Lê Văn Bình", ca.subject, ca_key, key, False)
    rogue_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rogue = _cert("Người lạ", _name("Người lạ"), rogue_key, rogue_key, False)
    pem = serialization.Encoding.PEM
    files = {}
    for label, obj in (("ca", ca), ("cert", cert), ("rogue", rogue)):
        files[label] = d / f"{label}.pem"
        files[label].write_bytes(obj.public_bytes(pem))
    for label, k in (("key", key), ("rogue_key", rogue_key)):
        files[label] = d / f"{label}.pem"
        files[label].write_bytes(k.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    (d / "roots").mkdir()
    (d / "roots" / "ca.pem").write_bytes(files["ca"].read_bytes())
    files["roots"] = d / "roots"
    return files


def _sign(pdf: bytes, key: Path, cert: Path, chain: tuple[Path, ...]) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(str(key), str(cert), ca_chain_files=tuple(str(c) for c in chain))
    assert signer is not None
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)),
                           signers.PdfSignatureMetadata(field_name="ChuKyLanhDao"), signer=signer)
    return out.getvalue()


def _tamper(signed: bytes) -> bytes:
    """Change one byte inside the signed content (same length: the file still opens)."""
    at = signed.index(b"stream") + 20
    return signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1:]


def _add_after(signed: bytes) -> bytes:
    """An incremental update after signing that changes the document (a new page label in the catalog)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    w.root["/Lang"] = generic.TextStringObject("vi-VN")
    w.update_root()
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_signed_tampered_changed_and_untrusted(pki: dict[str, Path]) -> None:
    from services.registry.signatures import load_trust_roots, verify_pdf

    pdf = make_pdf()
    roots = load_trust_roots(pki["roots"])
    signed = _sign(pdf, pki["key"], pki["cert"], (pki["ca"],))
    [good] = verify_pdf(signed, roots)
    assert good.intact and good.valid and good.trusted and good.covers_whole_document and good.modification is None
    assert "Lê Văn Bình" in (good.signer or "") and "CA thử nghiệm vanban" in (good.issuer or "")
    assert good.field == "ChuKyLanhDao" and good.signed_at is not None
    assert abs((good.signed_at - datetime.now(UTC)).total_seconds()) < 600
    # without the trust root configured, the same signature is intact but not trusted
    [untrusted] = verify_pdf(signed, [])
    assert untrusted.intact and not untrusted.trusted and "KHÔNG" in untrusted.summary
    # one byte changed inside what was signed
    [bad] = verify_pdf(_tamper(signed), roots)
    assert not bad.intact and "thay đổi" in bad.summary
    # something added after signing
    [later] = verify_pdf(_add_after(signed), roots)
    assert later.intact and not later.covers_whole_document
    # a certificate nobody issued
    [rogue] = verify_pdf(_sign(pdf, pki["rogue_key"], pki["rogue"], ()), roots)
    assert rogue.intact and not rogue.trusted
    assert verify_pdf(pdf, roots) == [] and verify_pdf(b"not a pdf", roots) == []


def test_the_registered_pdf_shows_its_signature(client: Any, pki: dict[str, Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_REGISTRY_TRUST_ROOTS", str(pki["roots"]))
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    signed = _sign(make_pdf(), pki["key"], pki["cert"], (pki["ca"],))
    entry = ok(client.post("/registry/incoming", headers=clerk,
                           files={"file": ("qd-ky-so.pdf", signed, "application/pdf")}), 201)
    [sig] = ok(client.get(f"/registry/incoming/{entry['id']}/signatures", headers=clerk))
    assert sig["trusted"] and sig["intact"] and sig["valid"] and "Lê Văn Bình" in sig["signer"]
