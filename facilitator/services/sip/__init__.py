"""The conference's telephone line: a small SIP user agent on asyncio (UDP), RTP with
G.711/G.722 and RFC 4733 DTMF, spoken prompts, and callers joining the media hub."""
