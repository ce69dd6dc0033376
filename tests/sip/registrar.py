"""A real registrar and proxy on 127.0.0.1: Debian's kamailio with a minimal configuration
(digest authentication of REGISTER against one user and password, in-memory location table,
calls to that user routed to where it registered, Record-Route so the dialog goes through)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

KAMAILIO = shutil.which("kamailio") or (
    "/usr/sbin/kamailio" if Path("/usr/sbin/kamailio").exists() else None)
MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules"

CONFIG = """#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=2
# on SIGTERM the main process waits this long for its children, then kills them (default 60 s:
# a child slow to stop held a test's `wait()` past its whole time)
exit_timeout=3
auto_aliases=no
listen=udp:127.0.0.1:{port}
alias="127.0.0.1:{port}"
mpath="{modules}/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
modparam("registrar", "max_expires", 3600)

request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    if (is_method("REGISTER")) {{
        if (!pv_www_authenticate("$td", "{password}", "0")) {{
            www_challenge("$td", "0");
            exit;
        }}
        if ($au != "{user}") {{ sl_send_reply("403", "Forbidden"); exit; }}
        xlog("L_INFO", "registered $au from $si:$sp\\n");
        if (!save("location")) {{ sl_reply_error(); }}
        exit;
    }}
    if (has_totag()) {{
        if (loose_route()) {{ t_relay(); exit; }}
        if (is_method("ACK")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
        sl_send_reply("404", "Not here");
        exit;
    }}
    if (is_method("CANCEL")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
    if (is_method("INVITE")) {{ record_route(); }}
    if (!lookup("location")) {{ sl_send_reply("404", "Not Found"); exit; }}
    xlog("L_INFO", "routing $rm for $tU to $ru\\n");
    t_relay();
}}
"""


@contextlib.asynccontextmanager
async def kamailio(directory: Path, port: int, user: str, password: str
                   ) -> AsyncIterator[asyncio.subprocess.Process]:
    assert KAMAILIO is not None, "kamailio is missing: apt-get install kamailio"
    config = directory / "kamailio.cfg"
    config.write_text(CONFIG.format(port=port, modules=MODULES, user=user, password=password),
                      encoding="utf-8")
    log = (directory / "kamailio.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        KAMAILIO, "-DD", "-E", "-f", str(config), "-m", "32", "-M", "4",
        "-Y", str(directory), "-P", str(directory / "kamailio.pid"),
        stdout=log, stderr=log)
    try:
        await asyncio.sleep(0.7)  # binds in well under a second
        assert process.returncode is None, (directory / "kamailio.log").read_text()
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()
