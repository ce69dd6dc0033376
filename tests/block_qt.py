"""pytest plugin: make Qt (and the ui package) impossible to import, to prove the domain needs none.

    python -m pytest tests/domain -p tests.block_qt -p no:pytest-qt

Loaded with -p, this module installs a sys.meta_path finder before any test module is imported;
any import of PySide6, shiboken6, qasync or ui (or a submodule) raises ImportError, exactly as on
a machine without them. pytest-qt must be disabled (-p no:pytest-qt) since it imports Qt itself.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

import pytest

BLOCKED = ("PySide6", "shiboken6", "qasync", "ui")


def _blocked(fullname: str) -> bool:
    return fullname.split(".", 1)[0] in BLOCKED


class QtBlocker(MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if _blocked(fullname):
            raise ImportError(f"{fullname} is blocked by tests.block_qt (Qt-free run)",
                              name=fullname)
        return None


_already = sorted(name for name in sys.modules if _blocked(name))
if _already:
    raise RuntimeError(f"tests.block_qt loaded too late: already imported {', '.join(_already)}")
sys.meta_path.insert(0, QtBlocker())


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("pytest-qt"):
        raise pytest.UsageError("tests.block_qt: pytest-qt imports Qt; add -p no:pytest-qt")


def pytest_report_header() -> str:
    return f"Qt imports blocked (tests.block_qt): {', '.join(BLOCKED)}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaked = sorted(name for name in sys.modules if _blocked(name))
    if leaked:  # pragma: no cover - only if something bypassed the finder
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\ntests.block_qt: Qt modules were imported anyway: {', '.join(leaked)}",
              file=sys.stderr)
