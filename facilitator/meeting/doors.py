"""The meeting's doors on its HTTPS server besides the join page: the chair's API, the chair's
channel (a window on another computer), the room's door (the meeting room's computer carrying
the room to a hub server) and the minute-taker's seat, each a client of the one meeting API."""

from __future__ import annotations

from ..services.rtc.server import ConferenceServer
from .api import MeetingApi
from .chair_channel import ChairChannel, SpeechStatus
from .chair_http import ChairApi
from .room_door import RoomDoor
from .seat_channel import MinutesChannel


def open_doors(server: ConferenceServer, meeting: MeetingApi,
               speech: SpeechStatus | None = None) -> tuple[ChairApi, MinutesChannel]:
    """Add the chair's API and channel and the minute-taker's channel to `server` (before it
    starts). `speech`: what the header says about transcription, for a remote window."""
    seat = MinutesChannel(server, meeting)
    chair = ChairApi(server, meeting, seat)
    channel = ChairChannel(server, meeting, speech)
    room = RoomDoor(server)
    server.doors.extend([chair.add_routes, seat.add_routes, channel.add_routes,
                         room.add_routes])
    return chair, seat
