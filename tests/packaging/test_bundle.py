"""The frozen build: PyInstaller bundle that runs demo and a screenshot on its own.

The slow test builds the bundle with ``build_installer.py`` into a temporary
folder (about 1-2 minutes on 2 cores), unless ``CRMDESK_BUNDLE_DIST`` names a
dist folder built earlier in the same CI run (skipped without PyInstaller,
unless ``CRMDESK_REQUIRE_BUNDLE`` is set, as ``.ci/run`` does), and then runs the bundled
executable offscreen with no system fonts at all, which proves that the
migrations, the Qt platform plug-ins and the bundled DejaVu font are inside.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build_installer.py"
EMPTY_FONTCONFIG = '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n'


def test_build_installer_help_says_what_and_where() -> None:
    result = subprocess.run([sys.executable, str(BUILD), "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    for words in ("--dist", "tar.gz", "crmdesk.app", ".desktop", "PyInstaller"):
        assert words in result.stdout


def test_desktop_file_template_is_complete() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        import build_installer
    finally:
        sys.path.remove(str(ROOT))
    text = build_installer.desktop_file("/opt/crmdesk/crmdesk", "crmdesk")
    entries = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    assert text.startswith("[Desktop Entry]")
    assert entries["Exec"] == "/opt/crmdesk/crmdesk" and entries["Icon"] == "crmdesk"
    assert entries["Type"] == "Application" and entries["Terminal"] == "false"
    assert "@" not in text


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reuse = os.environ.get("CRMDESK_BUNDLE_DIST")
    if reuse and (Path(reuse) / "crmdesk" / "crmdesk").is_file():
        return Path(reuse)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if os.environ.get("CRMDESK_REQUIRE_BUNDLE"):  # CI: a missing PyInstaller is a failure
            raise
        pytest.skip("pip install -e '.[build]' to test the bundle")
    out = tmp_path_factory.mktemp("bundle")
    subprocess.run([sys.executable, str(BUILD), "--dist", str(out / "dist"),
                    "--work", str(out / "work")], check=True, timeout=600)
    return out / "dist"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the bundle test runs on Linux")
def test_bundle_runs_demo_and_screenshot_without_system_fonts(dist: Path,
                                                               tmp_path: Path) -> None:
    exe = dist / "crmdesk" / "crmdesk"
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(EMPTY_FONTCONFIG)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(fonts_conf),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("CRMDESK_DB", None)
    db, png = tmp_path / "bundle.db", tmp_path / "bundle.png"

    def bundled(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), "--db", str(db), *args], capture_output=True,
                              text=True, env=env, timeout=180)

    demo = bundled("demo", "--contacts", "50")
    assert demo.returncode == 0, demo.stderr
    assert "50 contacts" in demo.stderr
    shot = bundled("--screenshot", str(png))
    assert shot.returncode == 0, shot.stderr
    assert png.stat().st_size > 50_000  # a real window with text, not an empty frame
    charts = tmp_path / "dashboard.png"
    shot = bundled("--screenshot", str(charts), "--view", "dashboard")
    assert shot.returncode == 0, shot.stderr  # the dashboard's Qt Charts draw in the bundle
    found = bundled("search", "--json", "--limit", "3", "a")
    assert found.returncode == 0 and found.stdout.lstrip().startswith("[")
    backup = bundled("backup", "--out", str(tmp_path / "copy.db"))
    assert backup.returncode == 0, backup.stderr  # alembic revisions found as data files
    restored = bundled("restore", str(tmp_path / "copy.db"))
    assert restored.returncode == 0, restored.stderr
    pdf = tmp_path / "phones.pdf"
    printed = bundled("print", "phone-list", "--out", str(pdf))
    assert printed.returncode == 0, printed.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts"):  # the bundled font is embedded, so the PDF has real text
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True)
        assert "DejaVu" in fonts.stdout

    first_run = subprocess.run([str(exe), "demo", "--contacts", "0"], capture_output=True,
                               text=True, env=env, timeout=180)
    assert first_run.returncode == 0, first_run.stderr  # no --db: the user's data folder
    assert (tmp_path / "data" / "crmdesk" / "crmdesk.db").is_file()

    internal = dist / "crmdesk" / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    for plugin in ("libqoffscreen.so", "libqxcb.so", "libqminimal.so"):
        assert (plugins / plugin).is_file()
    assert not list(internal.rglob("libQt6WebEngine*"))
    assert not list(internal.rglob("libqgtk3*"))  # would load the system GTK on bundled GLib
    assert list(internal.rglob("libQt6Charts.so*")), "the dashboard's charts"
    assert not list(internal.rglob("libqpdf*")), "Addons' plug-in for the Qt PDF left out"
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert (internal / "crmdesk" / "migrations" / "script.py.mako").is_file()
    assert list((internal / "crmdesk" / "importers" / "aliases").glob("*.tsv"))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the archive is the Linux one")
def test_linux_archive_has_folder_desktop_file_and_icon(dist: Path) -> None:
    archives = list(dist.glob("crmdesk-*-linux-*.tar.gz"))
    assert len(archives) == 1
    with tarfile.open(archives[0]) as tar:
        names = set(tar.getnames())
    top = archives[0].name.removesuffix(".tar.gz")
    for member in ("crmdesk/crmdesk", "crmdesk.desktop", "crmdesk.png", "crmdesk.svg",
                   "install.sh"):
        assert f"{top}/{member}" in names
