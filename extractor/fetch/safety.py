"""Refuse private, loopback and other non-public addresses before any connection is made."""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

Resolver = Callable[[str, int], Sequence[str]]


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public_address(address: str) -> bool:
    """False for private, loopback, link-local, reserved, multicast and unspecified addresses."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class AddressVerdict:
    allowed: bool
    addresses: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class AddressGuard:
    """Resolves a URL's host and says whether the crawler may connect to it."""

    allow_private: bool = False
    resolver: Resolver = resolve_host

    def check(self, url: str) -> AddressVerdict:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = tuple(self.resolver(host, port))
        except (OSError, UnicodeError) as exc:
            return AddressVerdict(False, (), f"cannot resolve {host}: {exc}")
        if not addresses:
            return AddressVerdict(False, (), f"{host} resolves to no address")
        if self.allow_private:
            return AddressVerdict(True, addresses)
        private = [a for a in addresses if not is_public_address(a)]
        if private:
            logger.warning("refusing %s: %s resolves to non-public %s", url, host, ", ".join(private))
            return AddressVerdict(False, addresses, f"{host} resolves to non-public address {private[0]}")
        return AddressVerdict(True, addresses)
