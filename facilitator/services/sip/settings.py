"""Settings of the conference's phone line, and where its password is kept.

The password is looked up in the operating system's keyring (Secret Service, macOS
Keychain, Windows Credential Locker) under KEYRING_SERVICE and "user@registrar"; where no
keyring is available it may come from the FACILITATOR_SIP_PASSWORD environment variable.
It is never written to the database, the settings or the logs.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

log = logging.getLogger(__name__)
KEYRING_SERVICE = "conference-facilitator-sip"
DEFAULT_EXPIRES, MIN_EXPIRES = 300, 60  # seconds a registration is asked to last
PASSWORD_ENV = "FACILITATOR_SIP_PASSWORD"


@dataclass(frozen=True)
class SipSettings:
    listen_host: str = "0.0.0.0"
    listen_port: int = 5060
    registrar: str = ""  # "pbx.example.org" or "pbx.example.org:5080"; empty: no REGISTER
    user: str = ""  # the extension (auth user) on the PBX or trunk
    domain: str = ""  # the SIP domain, when it is not the registrar's host
    number: str = ""  # the number people dial, as it may arrive in the Request-URI
    password: str | None = None  # None: from the keyring or the environment
    expires: int = DEFAULT_EXPIRES  # the registration's lifetime (--sip-expires, >= 60)
    registrar_check: float = 30.0  # re-REGISTER this often: a restarted PBX has lost us
    registrar_retry: float = 2.0  # first retry after a failure, doubling up to a minute
    contact_host: str = ""  # our address as the PBX sees it; found from the route if empty
    rtp_ports: tuple[int, int] = (0, 0)  # (first, last) for a firewall; (0, 0): any
    trusted_hosts: tuple[str, ...] = ()  # who may call in; empty: the registrar, or anyone
    max_calls: int = 12
    answer_delay: float = 0.3  # ring briefly before answering (lets a CANCEL arrive)
    languages: tuple[str, ...] | None = None  # prompt languages; None: from the nation
    pin_timeout: float = 15.0  # seconds of silence before the PIN prompt is repeated
    keepalive_interval: float = 15.0  # in-dialog OPTIONS this often while held or silent
    request_timeout: float = 8.0  # no answer to our OPTIONS or REGISTER by then: gone

    @property
    def registrar_address(self) -> tuple[str, int] | None:
        if not self.registrar:
            return None
        host, colon, port = self.registrar.rpartition(":")
        if colon and port.isdigit() and host:
            return host.strip("[]"), int(port)
        return self.registrar.strip("[]"), 5060

    @property
    def sip_domain(self) -> str:
        address = self.registrar_address
        return self.domain or (address[0] if address else "")


def keyring_key(settings: SipSettings) -> str:
    return f"{settings.user}@{settings.registrar}"


def find_password(settings: SipSettings) -> str | None:
    """The registration password: given, from the keyring, or from the environment."""
    if settings.password is not None:
        return settings.password
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            stored = keyring.get_password(KEYRING_SERVICE, keyring_key(settings))
        except KeyringError as problem:
            log.info("no usable keyring (%s)", problem)
            stored = None
        if stored is not None:
            return str(stored)
    except ImportError:  # pragma: no cover - keyring is a dependency
        pass
    return os.environ.get(PASSWORD_ENV)


def store_password(settings: SipSettings, password: str) -> bool:
    """Keep the password in the OS keyring; False when there is no usable keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(settings), password)
    except KeyringError as problem:
        log.warning("could not store the SIP password in the keyring: %s", problem)
        return False
    return True
