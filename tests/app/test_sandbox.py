"""Each test starts in config and data folders of its own, never the user's real ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from crmdesk import config
from crmdesk.settings import Settings, settings_path
from crmdesk.ui.app import application


@pytest.mark.parametrize("run", ["first", "second"])
def test_what_one_test_saves_the_next_never_sees(run: str, qapp, tmp_path_factory) -> None:
    application()  # the names the window's QSettings file is kept under
    window_state = QSettings()
    assert not settings_path().exists()
    assert not config.data_dir().exists()
    assert window_state.value("probe/run") is None
    Settings(default_region="SE").save()
    config.data_dir().mkdir(parents=True)
    (config.data_dir() / "crmdesk.log").write_text(run, encoding="utf-8")
    window_state.setValue("probe/run", run)
    window_state.sync()
    sandbox = config.config_dir().parent.parent
    assert Path(window_state.fileName()).is_relative_to(sandbox)
    assert config.data_dir().is_relative_to(sandbox)
    assert sandbox.is_relative_to(tmp_path_factory.getbasetemp())
