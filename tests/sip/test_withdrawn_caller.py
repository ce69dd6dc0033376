"""A caller whose credential the chair withdraws hears goodbye and is hung up (real sipp)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from .harness import running_line
from .sipp import SIPP, Scenario, free_udp_port, run_sipp
from .test_dial_in import JADE, run, wait_until

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SIPP is None, reason="sipp missing: apt-get install sip-tester")]


def test_withdrawing_a_phone_callers_credential_ends_their_call(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_line(tmp_path) as hub:
            jade = hub.person(JADE)
            credential = hub.credentials.issue_for(hub.meeting.conference, jade)
            call = (Scenario(free_udp_port(), codecs=("PCMU",)).pause(300)
                    .dtmf_info(credential.pin + "#").expect_bye(30000))
            sipp = asyncio.ensure_future(run_sipp(call.xml(), hub.sip_address, tmp_path,
                                                  timeout=40))
            await wait_until(lambda: jade in hub.media.pcm_endpoints, 15)
            withdrawn = asyncio.get_running_loop().time()
            status, body = await hub.api("POST", "/api/revoke", {"token": credential.token})
            assert status == 200, body
            result = await sipp  # the line says goodbye and sends BYE
            assert result.ok, result.output
            # within the goodbye prompt, not when the silent line would time out anyway (30 s)
            assert asyncio.get_running_loop().time() - withdrawn < 15
            assert jade not in hub.media.pcm_endpoints

    run(scenario())
