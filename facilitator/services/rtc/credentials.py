"""Unguessable per-person join links, and a short code with a PIN for phones.

Only a participant's credential has a PIN: the chair's and the minute-taker's are links only.
Every PIN typed goes through the shared `PinGuard` (per source and per conference limits).
Tokens are compared with every credential of the conference in constant time, never looked up
by value (an index lookup's timing says something about the stored values).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import sqlite_utils

from ...domain.conference import Conference
from ...record.language import N_
from .pin_guard import Pause, PinGuard

TOKEN_BYTES = 32  # 256 bits
MAX_TOKEN_CHARS = 100
PIN_DIGITS = 8  # new PINs; 6-digit PINs issued before stay valid (compared as stored)
SHORTEST_PIN = 6
AFTER_END = timedelta(hours=12)


def default_expiry(conference: Conference, after_end: timedelta = AFTER_END) -> datetime:
    """Links work until half a day after the planned end (a late or re-listed meeting)."""
    return conference.clock.planned_end + after_end


class CredentialRole(Enum):
    PARTICIPANT = "participant"
    CHAIR = "chair"
    MINUTE_TAKER = "minute_taker"


class CredentialError(Exception):
    """A link, code or PIN that must not let anyone in. The message is safe to show; it is a
    catalogue message (`message`, with `values`), so the page can show it in Welsh."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values) if values else message)
        self.message = message
        self.values = values


class PinEntryPaused(CredentialError):
    """Too many wrong PINs: from this source for a while, or from anywhere (`everyone`)."""

    def __init__(self, pause: Pause) -> None:
        self.retry_after = pause.seconds
        self.everyone = pause.everyone
        if pause.everyone:
            super().__init__(N_("Too many wrong PINs have been typed for this meeting, so PIN "
                                "entry is paused for a while. Please use the link in your "
                                "invitation, or ask the chair."))
        else:
            super().__init__(N_("Too many wrong PINs from here. Please wait {seconds} seconds "
                                "and check the code and PIN on your invitation."),
                             seconds=max(1, round(pause.seconds)))


NOT_VALID = N_("This link is not valid. Please check it or ask the chair for a new one.")
WRONG_CODE = N_("That meeting code and PIN do not match. Please check them on your invitation.")
WRONG_PIN = N_("That PIN does not match. Please check it on your invitation.")


@dataclass(frozen=True)
class Credential:
    token: str
    conference_id: str
    attendee_id: str
    role: CredentialRole
    code: str  # the conference's short code, typed on a phone
    pin: str  # the person's PIN
    expires_at: datetime
    revoked: bool


def _digits(text: str) -> str:
    return "".join(ch for ch in text[:64] if ch in "0123456789")


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"),
                               b.encode("utf-8", "surrogatepass"))


class Credentials:
    def __init__(self, db: sqlite_utils.Database, pin_guard: PinGuard | None = None) -> None:
        self.db = db
        self.pin_guard = pin_guard or PinGuard()

    def _conference_code(self, conference_id: str) -> str:
        row = self.db.execute(
            "SELECT code FROM credentials WHERE conference_id = ? LIMIT 1", [conference_id]
        ).fetchone()
        if row:
            return str(row[0])
        while True:
            code = f"{secrets.randbelow(10**8):08d}"
            taken = self.db.execute("SELECT 1 FROM credentials WHERE code = ? LIMIT 1",
                                    [code]).fetchone()
            if not taken:
                return code

    def issue_for(self, conference: Conference, attendee_id: str,
                  role: CredentialRole = CredentialRole.PARTICIPANT) -> Credential:
        """Checks the person against the conference (call in the thread that owns it)."""
        if role is not CredentialRole.CHAIR:
            conference.attendee(attendee_id)  # refuses an unknown person
        return self.issue(conference.id, attendee_id, default_expiry(conference), role)

    def issue(self, conference_id: str, attendee_id: str, expires: datetime,
              role: CredentialRole = CredentialRole.PARTICIPANT) -> Credential:
        """The person's credential for this conference (an existing live one is reused)."""
        existing = self.db.execute(
            "SELECT token FROM credentials WHERE conference_id = ? AND attendee_id = ? AND "
            "role = ? AND revoked_at IS NULL", [conference_id, attendee_id, role.value],
        ).fetchone()
        if existing:
            current = self._row(str(existing[0]))
            with self.db.atomic():
                if current.expires_at < expires:  # never shortened; the chair serving late
                    self.db.execute("UPDATE credentials SET expires_at = ? WHERE token = ?",
                                    [expires.isoformat(), current.token])
                if role is not CredentialRole.PARTICIPANT:  # from before they lost PINs
                    self.db.execute("UPDATE credentials SET pin = '' WHERE token = ?",
                                    [existing[0]])
            return self._row(str(existing[0]))
        code = self._conference_code(conference_id)
        pin = ""  # the chair's and the minute-taker's credentials are links only
        if role is CredentialRole.PARTICIPANT:
            used = {r[0] for r in self.db.execute(
                "SELECT pin FROM credentials WHERE code = ?", [code]).fetchall()}
            pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
            while pin in used:
                pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.db.atomic():
            self.db["credentials"].insert({  # type: ignore[union-attr]
                "token": token, "conference_id": conference_id, "attendee_id": attendee_id,
                "role": role.value, "code": code, "pin": pin,
                "created_at": datetime.now(expires.tzinfo).isoformat(),
                "expires_at": expires.isoformat(), "revoked_at": None,
            })
        return self._row(token)

    def revoke(self, token: str, at: datetime) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE credentials SET revoked_at = ? WHERE token = ?",
                            [at.isoformat(), token])

    _COLUMNS = ("SELECT token, conference_id, attendee_id, role, code, pin, expires_at, "
                "revoked_at FROM credentials ")

    @staticmethod
    def _credential(row: Any) -> Credential:
        return Credential(row[0], row[1], row[2], CredentialRole(row[3]), row[4], row[5],
                          datetime.fromisoformat(row[6]), row[7] is not None)

    def _row(self, token: str) -> Credential:
        row = self.db.execute(self._COLUMNS + "WHERE token = ?", [token]).fetchone()
        if row is None:
            raise CredentialError(NOT_VALID)
        return self._credential(row)

    def find(self, token: str, conference_id: str) -> Credential | None:
        """The conference's credential with this token, compared with every one of them in
        constant time (revoked and expired ones too: `check` says why they are refused)."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
            return None
        rows = self.db.execute(self._COLUMNS + "WHERE conference_id = ?",
                               [conference_id]).fetchall()
        found = None
        for row in rows:
            if _same(str(row[0]), token):
                found = row
        return self._credential(found) if found is not None else None

    def check(self, token: str, conference_id: str, now: datetime) -> Credential:
        """The credential behind a token, or CredentialError saying plainly why not."""
        candidate = self.find(token, conference_id)
        if candidate is None:
            raise CredentialError(NOT_VALID)
        if candidate.revoked:
            raise CredentialError(N_("This link has been withdrawn. Please ask the chair for a "
                                     "new one."))
        if now > candidate.expires_at:
            raise CredentialError(N_("This link has expired. Please ask the chair for a new "
                                     "one."))
        return candidate

    def _may_try(self, conference_id: str, source: str | None) -> None:
        pause = self.pin_guard.pause(conference_id, source)
        if pause is not None:
            raise PinEntryPaused(pause)

    def _by_pin(self, conference_id: str, code: str | None, pin: str, source: str | None,
                now: datetime, wrong: str) -> Credential:
        """A participant's live credential by PIN (and code), every PIN compared; a miss
        counts against `source` and the conference."""
        self._may_try(conference_id, source)
        pin_digits = _digits(pin)
        rows = self.db.execute(
            self._COLUMNS + "WHERE conference_id = ? AND role = ? AND revoked_at IS NULL",
            [conference_id, CredentialRole.PARTICIPANT.value]).fetchall()
        found = None
        for row in rows:
            stored_pin, stored_code = str(row[5]), str(row[4])
            pin_ok = _same(stored_pin, pin_digits) & (len(stored_pin) >= SHORTEST_PIN)
            code_ok = code is None or _same(stored_code, _digits(code))
            if pin_ok & code_ok:
                found = row
        if found is None:
            self.pin_guard.failed(conference_id, source)
            raise CredentialError(wrong)
        return self.check(str(found[0]), conference_id, now)

    def by_code(self, code: str, pin: str, conference_id: str, now: datetime, *,
                source: str | None) -> Credential:
        """The web form: the meeting code and a participant's PIN, from `source` (an IP)."""
        return self._by_pin(conference_id, code, pin, source, now, WRONG_CODE)

    def by_pin(self, conference_id: str, pin: str, now: datetime, *, source: str | None
               ) -> Credential:
        """A participant's PIN alone, on a dial-in line that belongs to this conference,
        from `source` (the address the call's signalling came from)."""
        return self._by_pin(conference_id, None, pin, source, now, WRONG_PIN)

    def conference_for_code(self, code: str) -> str | None:
        """The conference whose meeting code this is (a hub server's one phone line)."""
        digits = _digits(code)
        if not digits:
            return None
        row = self.db.execute("SELECT conference_id FROM credentials WHERE code = ? LIMIT 1",
                              [digits]).fetchone()
        return None if row is None else str(row[0])

    def pin_pause(self, conference_id: str, source: str | None) -> Pause | None:
        return self.pin_guard.pause(conference_id, source)

    def for_conference(self, conference_id: str) -> list[Credential]:
        rows = self.db.execute(self._COLUMNS + "WHERE conference_id = ? AND revoked_at IS NULL",
                               [conference_id]).fetchall()
        return [self._credential(r) for r in rows]
