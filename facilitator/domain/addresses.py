"""Postal addresses: where a letter goes when it goes by post.

An address is optional and belongs to one recipient: an attendee, or a subject child (the chair
writes to the child, who may not attend). It is printed under the recipient's name where a UK
window envelope shows it. A letter recorded as sent by post to someone without an address is
refused: it cannot have been posted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import DomainError

MAX_ADDRESS_LINES = 6  # with the name: 7 lines, what the envelope's window shows
MAX_LINE_CHARS = 45  # what fits across the window (85 mm) at the letters' size


def clean_address(lines: Iterable[str]) -> tuple[str, ...]:
    """The address as it will be printed: lines stripped, blank ones dropped; refused if it
    would not fit the envelope's window. No lines at all means no address."""
    cleaned = tuple(" ".join(line.split()) for line in lines if line.strip())
    if len(cleaned) > MAX_ADDRESS_LINES:
        raise DomainError(f"an address has at most {MAX_ADDRESS_LINES} lines (this one has "
                          f"{len(cleaned)}): it must fit the envelope's window")
    for line in cleaned:
        if len(line) > MAX_LINE_CHARS:
            raise DomainError(f"the address line '{line[:20]}...' has {len(line)} characters: "
                              f"at most {MAX_LINE_CHARS} fit the envelope's window")
    return cleaned


def address_lines(text: str) -> tuple[str, ...]:
    """Lines from text typed in one box or one field: one per line, else split at commas
    ('Flat 3, 27 Millbrook Road, Fernbridge, FB2 4LN')."""
    parts = text.splitlines() if "\n" in text.strip() else text.split(",")
    return clean_address(parts)


def recipient_keys(children_of: Mapping[str, str | None], recipient_id: str) -> tuple[str, ...]:
    """Where to look for a recipient's address: their own id, then the other id of the same
    child (the subject child's id and the id of the attendee who is that child)."""
    keys = [recipient_id]
    child = children_of.get(recipient_id)
    if child:
        keys.append(child)
    keys += [attendee for attendee, of in children_of.items() if of == recipient_id]
    return tuple(dict.fromkeys(keys))
