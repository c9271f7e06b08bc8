#!/usr/bin/env python3
"""Build crmdesk into a program a salesperson installs without pip.

    python build_installer.py [--dist DIR] [--work DIR] [--no-archive] [--smoke-test]

Needs PyInstaller (``pip install -e '.[build]'``).  Makes, in DIR (default ``dist/``):

  Linux    crmdesk/                               one-folder bundle; run crmdesk/crmdesk
           crmdesk-<version>-linux-<arch>.tar.gz  that folder + crmdesk.desktop, the icon
                                                  and install.sh (per-user install, no root)
  Windows  crmdesk/  (crmdesk.exe windowed, crmdesk-cli.exe for the command line)
           crmdesk-<version>-windows-<arch>.zip
  macOS    crmdesk.app                            double-clickable application bundle
           crmdesk-<version>-macos-<arch>.zip

The bundle takes the same command line as the installed ``crmdesk`` (demo,
import, print, backup, --screenshot ...).  The PyInstaller recipe is
``packaging/crmdesk.spec``; only the Linux build is tested here (CI runs
``tests/packaging/test_bundle.py``), Windows and macOS are written to the
same recipe and must be built on those systems (PyInstaller does not
cross-compile).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SPEC = ROOT / "packaging" / "crmdesk.spec"
DESKTOP_TEMPLATE = ROOT / "packaging" / "crmdesk.desktop.in"
INSTALL_SH = ROOT / "packaging" / "install.sh"
ICONS = ROOT / "crmdesk" / "resources" / "icons"


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from crmdesk import __version__

    return __version__


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform,
                                                                           sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "arm64", "aarch64": "aarch64"}.get(machine, machine)
    return f"{system}-{machine}"


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is missing: pip install -e '.[build]'") from None
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    subprocess.run(command, check=True, cwd=ROOT)


def desktop_file(exec_path: str = "crmdesk", icon: str = "crmdesk") -> str:
    text = DESKTOP_TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@EXEC@", exec_path).replace("@ICON@", icon)


def linux_archive(dist: Path, name: str) -> Path:
    """A tar.gz with crmdesk/, crmdesk.desktop, the icon and install.sh under one folder."""
    archive = dist / f"{name}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        extras = Path(tmp)
        (extras / "crmdesk.desktop").write_text(desktop_file(), encoding="utf-8")
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(dist / "crmdesk", arcname=f"{name}/crmdesk")
            tar.add(extras / "crmdesk.desktop", arcname=f"{name}/crmdesk.desktop")
            tar.add(ICONS / "crmdesk-256.png", arcname=f"{name}/crmdesk.png")
            tar.add(ICONS / "crmdesk.svg", arcname=f"{name}/crmdesk.svg")
            tar.add(INSTALL_SH, arcname=f"{name}/install.sh")
    return archive


def zip_folder(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, Path(folder.name) / path.relative_to(folder))
    return archive


def executable(dist: Path) -> Path:
    """The bundled command-line executable."""
    if sys.platform == "win32":
        return dist / "crmdesk" / "crmdesk-cli.exe"
    if sys.platform == "darwin":
        return dist / "crmdesk.app" / "Contents" / "MacOS" / "crmdesk"
    return dist / "crmdesk" / "crmdesk"


def smoke_test(dist: Path) -> None:
    """Run the bundle: create a demo database and render a screenshot offscreen."""
    exe = executable(dist)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        db, png = Path(tmp) / "smoke.db", Path(tmp) / "smoke.png"
        for args in (["demo", "--contacts", "50"], ["--screenshot", str(png)]):
            subprocess.run([str(exe), "--db", str(db), *args], check=True, env=env,
                           timeout=120)
        if not png.is_file() or png.stat().st_size < 10_000:
            raise SystemExit(f"the bundle's screenshot {png} is missing or blank")
    print(f"smoke test passed: {exe}")


def remove_dangling_links(bundle: Path) -> list[Path]:
    """Drop symlinks to libraries the spec left out (PyInstaller links them regardless)."""
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    for link in dangling:
        link.unlink()
    return dangling


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", metavar="DIR",
                        help="output folder for the bundle and the archive (default: dist/)")
    parser.add_argument("--work", type=Path, default=None, metavar="DIR",
                        help="PyInstaller's work folder (default: build/ next to --dist's "
                             "parent; reusing it makes rebuilds faster)")
    parser.add_argument("--no-archive", action="store_true",
                        help="only the bundle folder, no tar.gz/zip")
    parser.add_argument("--clean", action="store_true",
                        help="empty PyInstaller's cache first")
    parser.add_argument("--smoke-test", action="store_true",
                        help="afterwards run the bundle: demo data and an offscreen screenshot")
    args = parser.parse_args(argv)

    dist = args.dist.resolve()
    work = (args.work or dist.parent / "build").resolve()
    dist.mkdir(parents=True, exist_ok=True)
    name = f"crmdesk-{version()}-{platform_tag()}"
    started = time.monotonic()
    run_pyinstaller(dist, work, args.clean)
    built = time.monotonic() - started
    bundle = dist / ("crmdesk.app" if sys.platform == "darwin" else "crmdesk")
    remove_dangling_links(bundle)
    print(f"bundle: {bundle} ({folder_size(bundle) / 1e6:.0f} MB, built in {built:.0f} s)")

    if not args.no_archive:
        if sys.platform == "darwin":
            archive = zip_folder(bundle, dist / f"{name}.zip")  # ditto keeps more metadata
        elif sys.platform == "win32":
            archive = zip_folder(bundle, dist / f"{name}.zip")
        else:
            (dist / "crmdesk.desktop").write_text(desktop_file(), encoding="utf-8")
            shutil.copyfile(ICONS / "crmdesk-256.png", dist / "crmdesk.png")
            archive = linux_archive(dist, name)
        print(f"archive: {archive} ({archive.stat().st_size / 1e6:.0f} MB)")
    if args.smoke_test:
        smoke_test(dist)
    return 0


if __name__ == "__main__":
    sys.exit(main())
