"""The media hub: WebRTC peers (aiortc), signalling and the join page (aiohttp), mixing."""
