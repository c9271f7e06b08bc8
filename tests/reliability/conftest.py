"""Print how many SIGKILLs the reliability suite ran, and where, after the test run."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's reporter
    import sys

    module = sys.modules.get("test_kill_anywhere")
    kills = getattr(module, "KILLS", [])
    if kills:
        terminalreporter.write_line(f"reliability: {len(kills)} SIGKILLs, each in the middle "
                                    f"of a command's writes: {', '.join(kills)}")
