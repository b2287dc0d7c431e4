"""The no-outbound-connection rule for processes a test starts (the served app): every socket
connect, UDP send or name lookup that would leave the machine is refused and written to a log.

`tests/conftest.py` guards the test process itself; a server started with `subprocess` is a new
interpreter that fixture cannot reach. `sitecustomize_dir(folder)` writes a `sitecustomize.py`
that installs this guard at interpreter start-up: put the folder (and the repository) on
PYTHONPATH and set NETGUARD_LOG. The log's first line says the guard is on ("active <pid>"),
so a test can tell a guarded run from one where the guard never loaded."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

LOG_ENV = "NETGUARD_LOG"
REPO = Path(__file__).resolve().parents[2]
_LOCAL_NAMES = {"localhost", "ip6-localhost", "::1", "0:0:0:0:0:0:0:1"}


def is_loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    host = host.strip("[]").lower()
    return host in _LOCAL_NAMES or host.startswith(("127.", "::ffff:127."))


def _is_ip(host: Any) -> bool:
    """An address literal ("", "0.0.0.0" and "::" too): no lookup; `connect` decides."""
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%")[0])
    except ValueError:
        return host == ""
    return True


def _note(line: str) -> None:
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def _refuse(what: str, target: object) -> None:
    _note(f"blocked {what} {target!r}")
    raise ConnectionRefusedError(f"netguard: {what} to {target!r} refused (loopback only)")


def install() -> None:
    """Patch `socket` in this interpreter (idempotent)."""
    if getattr(socket, "_netguard", False):
        return
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo
    inet = (socket.AF_INET, socket.AF_INET6)

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in inet and not is_loopback(address[0]):
            _refuse("connect", address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if self.family in inet and not is_loopback(address[0]):
            _refuse("connect", address)
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *args: Any) -> Any:
        address = args[-1]
        if self.family in inet and not is_loopback(address[0]):
            _refuse("sendto", address)
        return real_sendto(self, data, *args)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback(host) and not _is_ip(host):  # a DNS lookup
            _note(f"blocked getaddrinfo {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"netguard: lookup of {host!r} refused")
        return real_getaddrinfo(host, *args, **kwargs)

    def lookup(real: Any) -> Any:
        def guarded(host: Any, *args: Any) -> Any:
            if not is_loopback(host) and not _is_ip(host):
                _note(f"blocked {real.__name__} {host!r}")
                raise socket.gaierror(socket.EAI_NONAME, f"netguard: lookup of {host!r} refused")
            return real(host, *args)

        return guarded

    socket.gethostbyname = lookup(socket.gethostbyname)
    socket.gethostbyname_ex = lookup(socket.gethostbyname_ex)
    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.socket.sendto = sendto  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = getaddrinfo
    socket._netguard = True  # type: ignore[attr-defined]
    _note(f"active {os.getpid()}")


def sitecustomize_dir(folder: Path) -> Path:
    """A folder with a sitecustomize.py that installs the guard; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        "from tests.hardening.netguard import install\n\ninstall()\n", encoding="utf-8"
    )
    return folder


def guarded_env(folder: Path, log: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a guarded child process: `env` (default: this one) plus PYTHONPATH
    with the sitecustomize folder and the repository first, and the log path."""
    base = dict(os.environ if env is None else env)
    paths = [str(sitecustomize_dir(folder)), str(REPO), base.get("PYTHONPATH", "")]
    return {**base, "PYTHONPATH": os.pathsep.join(p for p in paths if p), LOG_ENV: str(log)}


def blocked(log: Path) -> list[str]:
    """The refused attempts in a guard's log."""
    if not log.exists():
        return []
    return [ln for ln in log.read_text(encoding="utf-8").splitlines() if ln.startswith("blocked")]
