"""The live meeting: one owner, one door, one feed, one egress guard.

- `runtime.MeetingRuntime`: the only composition root of a live conference (session, store,
  media hub and its doors, speech, room sound, phone line), owning the session on the media
  loop. The chair's window, `facilitator serve --headless` and the tests all start one.
- `api.MeetingApi`: the named use cases everyone calls (window, chair's HTTP API, minute-taker
  channel, phone line, command line); nothing else touches the session or the domain commands.
- `feed.Feed`: one ordered stream of what happened (stored events, hub notices, partial text),
  from which the chair's window keeps its read-only copy of the conference.
- `egress.EgressGuard`: every piece of content that leaves for a person is checked here against
  the audience of the segments it came from (`domain.audience.may_receive`).
"""
