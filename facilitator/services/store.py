"""Durable event log of every conference, on SQLite through sqlite-utils."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from ..domain import events as ev
from ..domain.codec import event_from_record, event_to_record
from ..domain.conference import Conference
from ..domain.errors import DomainError
from .log_guard import UnsafeLogError


class StoreError(RuntimeError):
    """The database could not do what was asked: nothing was written, or (its message says so)
    nothing is acknowledged."""


@contextlib.contextmanager
def _acknowledged(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction, returning only once it is safely on disk (database.open_database)."""
    try:
        with db.atomic():
            yield
    except UnsafeLogError as unsafe:
        raise StoreError(str(unsafe)) from unsafe


@dataclass(frozen=True)
class ConferenceSummary:
    id: str
    title: str
    kind: str
    nation: str
    scheduled_start: str
    event_count: int


class EventStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._call: tuple[str, str] | None = None  # (conference, call id) being applied

    @contextlib.contextmanager
    def applying_call(self, conference_id: str, call_id: str) -> Iterator[None]:
        """Events appended meanwhile are stored with `call_id` (the chair's window's call),
        in their own transaction: a call is on disk as applied exactly when its events are."""
        self._call = (conference_id, call_id)
        try:
            yield
        finally:
            self._call = None

    def applied_call(self, conference_id: str, call_id: str) -> list[int] | None:
        """The numbers of the events a call stored, or None if it stored none."""
        row = self.db.execute(
            "SELECT numbers FROM applied_calls WHERE conference_id = ? AND call_id = ?",
            [conference_id, call_id]).fetchone()
        return None if row is None else [int(n) for n in json.loads(row[0])]

    def _record_call(self, conference_id: str, numbers: range) -> None:
        if self._call is None or self._call[0] != conference_id:
            return
        call_id = self._call[1]
        before = self.applied_call(conference_id, call_id) or []
        self.db.execute(
            "INSERT OR REPLACE INTO applied_calls (conference_id, call_id, numbers) "
            "VALUES (?, ?, ?)", [conference_id, call_id, json.dumps([*before, *numbers])])

    def create(self, events: Sequence[ev.Event]) -> Conference:
        """Store a new conference's first events in one transaction, then build it."""
        conference = Conference.from_events(events)
        created = events[0]
        assert isinstance(created, ev.ConferenceCreated)
        details = created.details
        with _acknowledged(self.db):
            if self.db["conferences"].count_where("id = ?", [details.id]):
                raise StoreError(f"conference {details.id} already exists")
            self.db["conferences"].insert({  # type: ignore[union-attr]
                "id": details.id, "title": details.title, "kind": details.kind.value,
                "nation": details.nation.value,
                "scheduled_start": details.scheduled_start.isoformat(),
                "created_at": datetime.now(UTC).isoformat(), "event_count": 0,
            })
            self._insert(details.id, 0, events)
        return conference

    def append(self, conference_id: str, expected_count: int, events: Sequence[ev.Event]) -> None:
        """Append events durably; refuse if someone else appended since `expected_count`."""
        if not events:
            return
        with _acknowledged(self.db):
            row = self.db.execute(
                "SELECT event_count FROM conferences WHERE id = ?", [conference_id]
            ).fetchone()
            if row is None:
                raise StoreError(f"no conference {conference_id} in the store")
            if row[0] != expected_count:
                raise StoreError(
                    f"conference {conference_id} changed elsewhere ({row[0]} events, expected "
                    f"{expected_count}): reload it"
                )
            self._insert(conference_id, expected_count, events)
            self._record_call(conference_id,
                              range(expected_count + 1, expected_count + len(events) + 1))

    def _insert(self, conference_id: str, start: int, events: Sequence[ev.Event]) -> None:
        rows = []
        for offset, event in enumerate(events, start=1):
            type_name, payload = event_to_record(event)
            rows.append((conference_id, start + offset, type_name, event.at.isoformat(),
                         event.actor, json.dumps(payload, ensure_ascii=False)))
        # Plain SQL: this is the hot path of every command (sqlite-utils' insert_all
        # re-reads the table's schema on every call).
        self.db.conn.executemany(
            "INSERT INTO events (conference_id, number, type, at, actor, payload) "
            "VALUES (?, ?, ?, ?, ?, ?)", rows,
        )
        self.db.execute(
            "UPDATE conferences SET event_count = ? WHERE id = ?",
            [start + len(events), conference_id],
        )

    def events(self, conference_id: str) -> list[ev.Event]:
        # One statement, so one snapshot: the events and their count read at the same moment
        # even while another connection (or process) is appending.
        joined = self.db.execute(
            "SELECT e.number, e.type, e.payload, c.event_count FROM events e "
            "JOIN conferences c ON c.id = e.conference_id WHERE e.conference_id = ? "
            "ORDER BY e.number", [conference_id],
        ).fetchall()
        if not joined:
            raise StoreError(f"no conference {conference_id} in the store")
        # A row gone missing would replay silently into a different state: refuse instead.
        rows = [(number, kind, payload) for number, kind, payload, _ in joined]
        counted = (joined[0][3],)
        numbers = [number for number, _, _ in rows]
        if numbers != list(range(1, len(rows) + 1)) or (counted and counted[0] != len(rows)):
            missing = sorted(set(range(1, max(numbers[-1], counted[0] if counted else 0) + 1))
                             - set(numbers))
            raise StoreError(
                f"conference {conference_id}: damaged event log (event(s) "
                f"{', '.join(map(str, missing[:5]))} missing)"
            )
        try:
            return [event_from_record(t, json.loads(p)) for _, t, p in rows]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as bad:
            raise StoreError(f"conference {conference_id}: damaged event log ({bad})") from bad

    def load(self, conference_id: str) -> Conference:
        try:
            return Conference.from_events(self.events(conference_id))
        except DomainError as bad:
            raise StoreError(f"conference {conference_id}: cannot replay its log ({bad})") from bad
        except (LookupError, TypeError, ValueError, AttributeError, AssertionError) as bad:
            # Readable rows that refer to something the log never created.
            raise StoreError(
                f"conference {conference_id}: cannot replay its log "
                f"({type(bad).__name__}: {bad})"
            ) from bad

    def resolve(self, prefix: str) -> str:
        """A full conference id from an unambiguous prefix of it."""
        # A literal prefix: '%' or '_' typed by someone are not wildcards.
        rows = self.db.execute(
            "SELECT id FROM conferences WHERE lower(substr(id, 1, length(?1))) = lower(?1) "
            "ORDER BY id", [prefix]
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
        if not rows:
            raise StoreError(f"no conference '{prefix}'")
        raise StoreError(f"'{prefix}' matches {len(rows)} conferences: give more of the id")

    def conferences(self) -> list[ConferenceSummary]:
        return [
            ConferenceSummary(r["id"], r["title"], r["kind"], r["nation"],
                              r["scheduled_start"], r["event_count"])
            for r in self.db["conferences"].rows_where(order_by="scheduled_start")
        ]
