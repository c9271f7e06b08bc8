"""Print how many SIGKILLs the reliability suite ran, and where, after the test run."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's reporter
    import sys

    module = sys.modules.get("test_kill_anywhere")
    kills = getattr(module, "KILLS", [])
    if kills:
        hit = sum("ended first" not in k for k in kills)
        terminalreporter.write_line(f"reliability: {len(kills)} SIGKILLs, {hit} of them "
                                    f"mid-command: {', '.join(kills)}")
