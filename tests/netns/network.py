"""A council's deployment in miniature, built with Linux network namespaces.

    home (parent's phone)    homer (home router, NAT)         inet           dmz (hub, coturn)
    192.168.77.2  --------- 192.168.77.1 | 203.0.113.2 --- 203.0.113.1      198.51.100.2 hub
                                          masquerade       198.51.100.1 --- 198.51.100.3 coturn
                                                                             10.20.0.1
                                                                                |
                                                                 council  10.20.0.2

With `council_nat`, the council's own network is behind its router's NAT too (as the chair's
laptop on a council's office network is): the DMZ sees the router's address, 10.20.0.2:

                                       dmz 10.20.0.1 --- 10.20.0.2 councilr (masquerade)
                                                          10.30.0.1
                                                             |
                                                          10.30.0.2 council

Every address lives only inside namespaces this module made (documentation ranges and a
private one), and nothing is added to the machine's own namespace: veth pairs are created
inside the namespaces. The home reaches the DMZ only through its router's NAT; nothing routes
from the home (or the internet) to the council network, and the DMZ forwards nothing.
Namespaces are deleted by name when the network is torn down.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field

HOME_ADDRESS = "192.168.77.2"
HOME_WAN = "203.0.113.2"  # the home router's public address
HUB_ADDRESS = "198.51.100.2"
TURN_ADDRESS = "198.51.100.3"
COUNCIL_ADDRESS = "10.20.0.2"  # the council's computers (or, with council_nat, its router)
COUNCIL_GATEWAY = "10.20.0.1"
COUNCIL_LAN_ADDRESS = "10.30.0.2"  # with council_nat: a computer behind the council's router
NAT_PORTS = ("20000-24999", "40000-44999")  # the home router's two source port ranges


class NamespacesUnavailable(Exception):
    """This machine (or this account) cannot make network namespaces: the test skips."""


def _missing_tools() -> list[str]:
    return [tool for tool in ("ip", "nft", "conntrack") if shutil.which(tool) is None]


@dataclass
class CouncilNetwork:
    tag: str = field(default_factory=lambda: f"cf{os.getpid() % 100000}")
    made: list[str] = field(default_factory=list)
    nat_ranges: dict[str, int] = field(default_factory=lambda: {"tcp": 0, "udp": 0})
    udp_dropped: bool = False
    council_nat: bool = False  # the council's network behind a router of its own (NAT)

    def name(self, short: str) -> str:
        return f"{self.tag}-{short}"

    # ---- commands -------------------------------------------------------------------------
    def ip(self, namespace: str, *args: str) -> None:
        _run("ip", "-n", self.name(namespace), *args)

    def exec(self, namespace: str, *command: str) -> str:
        """Run a command inside a namespace (as `ip netns exec` does); its output."""
        return _run("ip", "netns", "exec", self.name(namespace), *command)

    def prefix(self, namespace: str) -> list[str]:
        """The command prefix that starts a program inside a namespace."""
        return ["ip", "netns", "exec", self.name(namespace)]

    # ---- building -------------------------------------------------------------------------
    def build(self) -> CouncilNetwork:
        try:
            return self._build()
        except BaseException:
            self.teardown()
            raise

    def _build(self) -> CouncilNetwork:
        if os.geteuid() != 0:
            raise NamespacesUnavailable("network namespaces need root (CI runs as root)")
        missing = _missing_tools()
        if missing:
            raise NamespacesUnavailable(f"missing {', '.join(missing)}: bash scripts/setup.sh "
                                        "test installs iproute2, nftables and conntrack")
        names = ("home", "homer", "inet", "dmz", "council")
        for short in names + (("councilr",) if self.council_nat else ()):
            try:
                _run("ip", "netns", "add", self.name(short))
            except RuntimeError as refused:
                raise NamespacesUnavailable(
                    f"`ip netns add` failed ({refused}): this "
                    "machine or container does not allow network namespaces") from None
            self.made.append(short)
            self.ip(short, "link", "set", "lo", "up")
            self.exec(short, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
        self._link("home", "eth0", "homer", "lan0")
        self._link("homer", "wan0", "inet", "home0")
        self._link("inet", "dmz0", "dmz", "eth0")
        wan = "councilr" if self.council_nat else "council"  # what the DMZ's port reaches
        self._link("dmz", "council0", wan, "eth0")
        self._address("home", "eth0", f"{HOME_ADDRESS}/24")
        self._address("homer", "lan0", "192.168.77.1/24")
        self._address("homer", "wan0", f"{HOME_WAN}/24")
        self._address("inet", "home0", "203.0.113.1/24")
        self._address("inet", "dmz0", "198.51.100.1/24")
        self._address("dmz", "eth0", f"{HUB_ADDRESS}/24")
        self._address("dmz", "eth0", f"{TURN_ADDRESS}/24")
        self._address("dmz", "council0", f"{COUNCIL_GATEWAY}/24")
        self._address(wan, "eth0", f"{COUNCIL_ADDRESS}/24")
        self.ip("home", "route", "add", "default", "via", "192.168.77.1")
        self.ip("homer", "route", "add", "default", "via", "203.0.113.1")
        self.ip("dmz", "route", "add", "default", "via", "198.51.100.1")
        self.ip(wan, "route", "add", "default", "via", COUNCIL_GATEWAY)
        if self.council_nat:
            self._council_router()
        for router in ("homer", "inet"):
            self.exec(router, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        self._router_rules()
        return self

    def _link(self, a: str, a_name: str, b: str, b_name: str) -> None:
        self.ip(a, "link", "add", a_name, "type", "veth", "peer", "name", b_name,
                "netns", self.name(b))
        self.ip(a, "link", "set", a_name, "up")
        self.ip(b, "link", "set", b_name, "up")

    def _address(self, namespace: str, device: str, address: str) -> None:
        self.ip(namespace, "address", "add", address, "dev", device)

    def _router_rules(self) -> None:
        """The home router: masquerade out of its WAN port (source ports from the current
        range), and, when asked, drop every UDP packet it would forward."""
        tcp, udp = (NAT_PORTS[self.nat_ranges[p]] for p in ("tcp", "udp"))
        drop = "meta l4proto udp counter drop" if self.udp_dropped else ""
        rules = f"""
        flush ruleset
        table ip home {{
            chain forward {{
                type filter hook forward priority 0; policy accept;
                {drop}
            }}
            chain postrouting {{
                type nat hook postrouting priority 100; policy accept;
                oifname "wan0" meta l4proto tcp masquerade to :{tcp} random
                oifname "wan0" meta l4proto udp masquerade to :{udp} random
                oifname "wan0" masquerade
            }}
        }}
        """
        _run("ip", "netns", "exec", self.name("homer"), "nft", "-f", "-", stdin=rules)

    def _council_router(self) -> None:
        """The council's office network behind its own router: masquerade out of eth0."""
        self._link("councilr", "lan0", "council", "eth0")
        self._address("councilr", "lan0", "10.30.0.1/24")
        self._address("council", "eth0", f"{COUNCIL_LAN_ADDRESS}/24")
        self.ip("council", "route", "add", "default", "via", "10.30.0.1")
        self.exec("councilr", "sysctl", "-qw", "net.ipv4.ip_forward=1")
        _run("ip", "netns", "exec", self.name("councilr"), "nft", "-f", "-", stdin="""
        table ip council {
            chain postrouting {
                type nat hook postrouting priority 100; policy accept;
                oifname "eth0" masquerade random
            }
        }
        """)

    # ---- trouble ---------------------------------------------------------------------------
    def cut_council(self, cut: bool = True) -> None:
        """With council_nat: the council's office network loses its connection (its router
        forwards nothing, established connections too), or gets it back."""
        if cut:
            _run("ip", "netns", "exec", self.name("councilr"), "nft", "-f", "-", stdin="""
            table ip cut {
                chain forward { type filter hook forward priority -10; policy drop; }
            }
            """)
        else:
            self.exec("councilr", "nft", "delete", "table", "ip", "cut")

    def drop_home_udp(self, dropped: bool = True) -> None:
        """The home network lets no UDP out or in (a hotel's or a school's Wi-Fi)."""
        self.udp_dropped = dropped
        self._router_rules()  # established flows too: the forward chain sees every packet

    def change_nat_mapping(self, protocols: tuple[str, ...] = ("tcp", "udp")) -> None:
        """The home router forgets its mappings and maps from another port range: every flow
        from the home (or only its UDP) continues from new public ports, and what comes back
        to the old ones is dropped (as after a router's restart, or a carrier-grade NAT's
        time-out)."""
        for protocol in protocols:
            self.nat_ranges[protocol] = 1 - self.nat_ranges[protocol]
        self._router_rules()
        for protocol in protocols:
            subprocess.run([*self.prefix("homer"), "conntrack", "-D", "-p", protocol],
                           capture_output=True, check=False)  # 1 when there was none

    # ---- teardown -------------------------------------------------------------------------
    def teardown(self) -> None:
        """Delete the namespaces this network made, by name (their veth pairs go with them).
        Programs started inside them are stopped by whoever started them, by PID."""
        for short in reversed(self.made):
            subprocess.run(["ip", "netns", "delete", self.name(short)], capture_output=True,
                           check=False)
        self.made.clear()


def _run(*command: str, stdin: str | None = None) -> str:
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=30,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): "
                           f"{done.stderr.strip()}")
    return done.stdout
