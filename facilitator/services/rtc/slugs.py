"""Each conference's path on a hub server: `/c/<slug>/...`, the slug unguessable.

Never the conference's id or title (these are children's cases, and ids are not secrets).
A slug is `<shard>-<32 random URL-safe characters>` (192 bits): the shard names the hub
server that made it, so a proxy in front of several servers (deploy/nginx/) routes every
conference by its slug's first characters without knowing the conferences. Kept in the
database (m003), so a restarted or restored server keeps every link; looked up by comparing
with every slug in constant time, as tokens are.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import UTC, datetime

import sqlite_utils

SHARD = re.compile(r"[a-z0-9]{1,16}")
SLUG_BYTES = 24  # 32 characters
MAX_SLUG_CHARS = 64


class SlugError(ValueError):
    pass


def check_shard(shard: str) -> str:
    if not SHARD.fullmatch(shard):
        raise SlugError(f"a shard name is 1 to 16 lower-case letters or digits, not {shard!r}")
    return shard


class Slugs:
    def __init__(self, db: sqlite_utils.Database, shard: str = "h") -> None:
        self.db = db
        self.shard = check_shard(shard)

    def slug_for(self, conference_id: str) -> str:
        """The conference's slug, made the first time it is asked for (kept for good)."""
        row = self.db.execute("SELECT slug FROM hosted_slugs WHERE conference_id = ?",
                              [conference_id]).fetchone()
        if row:
            return str(row[0])
        if self.db.execute("SELECT 1 FROM conferences WHERE id = ?",
                           [conference_id]).fetchone() is None:
            raise SlugError("no such conference")
        slug = f"{self.shard}-{secrets.token_urlsafe(SLUG_BYTES)}"
        with self.db.atomic():
            self.db["hosted_slugs"].insert({  # type: ignore[union-attr]
                "conference_id": conference_id, "slug": slug,
                "created_at": datetime.now(UTC).isoformat()})
        return slug

    def conference_for(self, slug: str) -> str | None:
        """The conference a slug opens, or None; compared with every slug in constant time."""
        if not slug or len(slug) > MAX_SLUG_CHARS:
            return None
        found = None
        given = slug.encode("utf-8", "surrogatepass")
        for conference_id, stored in self.db.execute(
                "SELECT conference_id, slug FROM hosted_slugs").fetchall():
            if hmac.compare_digest(str(stored).encode("utf-8"), given):
                found = str(conference_id)
        return found
