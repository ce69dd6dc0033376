"""nginx (Debian's) in front of two hub servers, with deploy/nginx/'s configuration: each
conference's join page, signalling and chair's API reach the server hosting it, and a real
aiortc parent is heard there (media straight to that hub, never through nginx)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from facilitator.domain.clock import SystemClock
from facilitator.services.chair_link import ChairLink
from facilitator.services.rtc.certs import ensure_certificate
from facilitator.services.rtc.media_loop import new_media_loop

from ..meeting.hosting import JADE, LIAM, HostedConference, get
from ..meeting.server_process import ServerProcess, facilitator
from ..meeting.test_host_process import free_port
from ..rtc.harness import prepared_conference
from ..rtc.peers import tone_power

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEARD = 0.02

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(),
                                reason="nginx is not installed (scripts/setup.sh test)")


class Nginx:
    """nginx with its own prefix directory and configuration, on 127.0.0.1, by its PID."""

    def __init__(self, folder: Path, values: dict[str, str]) -> None:
        folder.mkdir(parents=True)
        mine = {**values, "PROXY_SETTINGS": str(folder / "facilitator-proxy.conf"),
                "ACCESS_LOG": str(folder / "access.log")}
        for name in ("facilitator.conf", "facilitator-proxy.conf"):
            text = (ROOT / "deploy" / "nginx" / name).read_text()
            # as envsubst with the names listed: ${NAME} only, nginx's $variables stay
            (folder / name).write_text(re.sub(r"\$\{([A-Z][A-Z0-9_]*)\}",
                                              lambda m: mine[m.group(1)], text))
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = "".join(f"    {kind}_temp_path {folder / kind};\n"
                       for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} info;\nevents {{ worker_connections 256; }}\n"
            f"http {{\n{temp}    include {folder / 'facilitator.conf'};\n}}\n")
        self.folder = folder
        command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"),
                   "-g", "daemon off;"]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGQUIT)  # graceful: workers finish, then exit
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def test_nginx_sends_each_conference_to_the_server_hosting_it(tmp_path: Path) -> None:
    port = free_port()
    public = f"https://127.0.0.1:{port}"
    servers: list[ServerProcess] = []
    conferences: list[HostedConference] = []
    nginx = None
    try:
        for shard in ("a", "b"):
            db = tmp_path / shard / "server.sqlite3"
            db.parent.mkdir()
            conference_id = prepared_conference(db, SystemClock())
            servers.append(ServerProcess(db, free_port(), "--shard", shard, "--public-url",
                                         public, "--trusted-proxy", "127.0.0.1"))
            link = ChairLink.parse(facilitator(db, "server-link", conference_id))
            assert link.base_url.startswith(f"{public}/c/{shard}-") and link.fingerprint is None
            conferences.append(HostedConference(conference_id, link.base_url, db))
        cert, key = ensure_certificate(tmp_path / "nginx-certificate", ["127.0.0.1"])
        values = {"LISTEN": f"127.0.0.1:{port}", "PUBLIC_NAME": "127.0.0.1",
                  "CERTIFICATE": str(cert), "CERTIFICATE_KEY": str(key)}
        for name, server in zip(("A", "B"), servers, strict=True):
            values[f"HUB_{name}"] = f"127.0.0.1:{server.port}"
            values[f"HUB_{name}_CERTIFICATE"] = str(server.db.parent / "certificates" /
                                                    "server-cert.pem")
            values[f"HUB_{name}_NAME"] = "localhost"
        nginx = Nginx(tmp_path / "nginx", values)
        asyncio.Runner(loop_factory=new_media_loop).run(
            asyncio.wait_for(_through_nginx(public, conferences), 90))
        assert [s.started() for s in servers] == [[c.conference_id] for c in conferences], \
            "a conference started on the wrong server"
        log = (tmp_path / "nginx" / "access.log").read_text()
        assert "/c/" not in log and "token" not in log, "a slug or token reached nginx's log"
    finally:
        if nginx is not None:
            nginx.stop()
        for server in servers:
            server.stop()


async def _through_nginx(public: str, conferences: list[HostedConference]) -> None:
    for _ in range(50):  # nginx up
        try:
            await get(public + "/")
            break
        except OSError:
            time.sleep(0.1)
    a, b = conferences
    status, page = await get(f"{a.base_url}/join/{a.token(JADE)}")
    assert status == 200 and "../static/join.js" in page
    status, _ = await get(f"{a.base_url}/static/join.js")
    assert status == 200
    status, _ = await get(f"{b.base_url}/join/{a.token(JADE)}")
    assert status == 404, "A's link opened something on B's server"
    for conference, tone in ((a, 440.0), (b, 1000.0)):
        jade, liam = conference.peer(JADE, tone), conference.peer(LIAM, 2500.0)
        await conference.join_and_admit(jade, liam)  # signalling and the API through nginx
        heard = await liam.listen_for(1.5)
        power = tone_power(heard, tone)
        print(f"through nginx: {conference.base_url[:40]}...: tone power {power:.3f}")
        assert tone_power(heard, tone) > HEARD, "the parent is not heard through nginx"
        await jade.close()
        await liam.close()
