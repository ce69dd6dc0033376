"""Unguessable per-person join links, and a short code with a PIN for phones."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

import sqlite_utils

from ...domain.conference import Conference

TOKEN_BYTES = 32  # 256 bits


def default_expiry(conference: Conference, after_end: timedelta = timedelta(hours=12)
                   ) -> datetime:
    """Links work until half a day after the planned end (a late or re-listed meeting)."""
    return conference.clock.planned_end + after_end


class CredentialRole(Enum):
    PARTICIPANT = "participant"
    CHAIR = "chair"
    MINUTE_TAKER = "minute_taker"


class CredentialError(Exception):
    """A link, code or PIN that must not let anyone in. The message is safe to show."""


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


class Credentials:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

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
            return self._row(str(existing[0]))
        code = self._conference_code(conference_id)
        used = {r[0] for r in self.db.execute(
            "SELECT pin FROM credentials WHERE code = ?", [code]).fetchall()}
        pin = f"{secrets.randbelow(10**6):06d}"
        while pin in used:
            pin = f"{secrets.randbelow(10**6):06d}"
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

    def _row(self, token: str) -> Credential:
        row = self.db.execute(
            "SELECT token, conference_id, attendee_id, role, code, pin, expires_at, revoked_at "
            "FROM credentials WHERE token = ?", [token]).fetchone()
        if row is None:
            raise CredentialError("This link is not valid. Please check it or ask the chair "
                                  "for a new one.")
        return Credential(row[0], row[1], row[2], CredentialRole(row[3]), row[4], row[5],
                          datetime.fromisoformat(row[6]), row[7] is not None)

    def check(self, token: str, conference_id: str, now: datetime) -> Credential:
        """The credential behind a token, or CredentialError saying plainly why not."""
        if not token or len(token) > 100:
            raise CredentialError("This link is not valid. Please check it or ask the chair "
                                  "for a new one.")
        candidate = self._row(token)
        # compare in constant time so timing reveals nothing about other tokens
        if not hmac.compare_digest(candidate.token, token):
            raise CredentialError("This link is not valid.")
        if candidate.conference_id != conference_id:
            raise CredentialError("This link is for a different conference.")
        if candidate.revoked:
            raise CredentialError("This link has been withdrawn. Please ask the chair for a "
                                  "new one.")
        if now > candidate.expires_at:
            raise CredentialError("This link has expired. Please ask the chair for a new one.")
        return candidate

    def by_code(self, code: str, pin: str, conference_id: str, now: datetime) -> Credential:
        digits = "".join(ch for ch in code if ch.isdigit())
        pin_digits = "".join(ch for ch in pin if ch.isdigit())
        row = self.db.execute(
            "SELECT token FROM credentials WHERE code = ? AND pin = ? AND revoked_at IS NULL",
            [digits, pin_digits]).fetchone()
        if row is None:
            raise CredentialError("That meeting code and PIN do not match. Please check them "
                                  "on your invitation.")
        return self.check(str(row[0]), conference_id, now)

    def by_pin(self, conference_id: str, pin: str, now: datetime) -> Credential:
        """A person's PIN alone, on a dial-in line that belongs to this conference."""
        pin_digits = "".join(ch for ch in pin if ch.isdigit())
        row = self.db.execute(
            "SELECT token FROM credentials WHERE conference_id = ? AND pin = ? AND "
            "revoked_at IS NULL", [conference_id, pin_digits]).fetchone()
        if row is None or not pin_digits:
            raise CredentialError("That PIN does not match. Please check it on your "
                                  "invitation.")
        return self.check(str(row[0]), conference_id, now)

    def for_conference(self, conference_id: str) -> list[Credential]:
        rows = self.db.execute(
            "SELECT token FROM credentials WHERE conference_id = ? AND revoked_at IS NULL",
            [conference_id]).fetchall()
        return [self._row(str(r[0])) for r in rows]
