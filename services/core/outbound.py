"""Outbound requests to addresses users configure (unit webhooks): never to this host or its private networks.

`safe_outbound_url(url)` resolves the host and refuses loopback, private (RFC 1918, ULA), link-local (including the
cloud metadata address 169.254.169.254), carrier-grade NAT, multicast, reserved and unspecified addresses, unless
VANBAN_ALLOW_PRIVATE_WEBHOOKS is set (a closed network whose receivers live on private addresses).
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from services.core.config import get_settings
from services.core.errors import CoreError, VanbanError

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data", "metadata.azure.com"})
CGNAT = ipaddress.ip_network("100.64.0.0/10")


def unsafe_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return unsafe_address(ip.ipv4_mapped)
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified or (isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT)
            or not ip.is_global)


def refused(url: str, why: str) -> VanbanError:
    return CoreError.unsafe_url(url=url[:200], why=why)


def safe_outbound_url(url: str, *, allow_private: bool | None = None) -> str:
    """Return `url` if it may be called; raise VanbanError("unsafe_url") otherwise. Call it when the URL is saved
    AND right before each request (DNS may have changed in between)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise refused(url, "chỉ nhận http:// hoặc https:// với tên máy chủ")
    if parts.username or parts.password:
        raise refused(url, "không được chứa tên đăng nhập hay mật khẩu")
    allow = get_settings().allow_private_webhooks if allow_private is None else allow_private
    if allow:
        return url
    host = parts.hostname.rstrip(".").lower()
    if host in METADATA_HOSTS or host == "localhost" or host.endswith((".localhost", ".internal", ".local")):
        raise refused(url, "máy chủ nội bộ")
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise refused(url, "không phân giải được tên máy chủ") from exc
        addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    if not addresses or any(unsafe_address(ip) for ip in addresses):
        raise refused(url, "địa chỉ nội bộ, loopback hoặc link-local")
    return url
