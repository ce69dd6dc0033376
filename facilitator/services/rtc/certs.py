"""A self-signed TLS certificate for the join page, made on first run (or a configured one)."""

from __future__ import annotations

import ipaddress
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ..secret_file import private_dir, write_secret


def ensure_certificate(folder: Path, hostnames: list[str]) -> tuple[Path, Path]:
    """Return (certificate, key) in `folder`, creating a self-signed pair if none exists."""
    cert_path, key_path = folder / "server-cert.pem", folder / "server-key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    private_dir(folder)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Conference Facilitator")])
    alt_names: list[x509.GeneralName] = []
    for host in hostnames:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=825))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .sign(key, hashes.SHA256())
    )
    write_secret(key_path, key.private_bytes(  # 0600 from its creation
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def fingerprint(cert: Path) -> str:
    """SHA-256 of the certificate (DER), as the minute-taker's link carries it for pinning."""
    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    return certificate.fingerprint(hashes.SHA256()).hex()
