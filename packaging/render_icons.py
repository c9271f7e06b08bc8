"""Render resources/crmdesk.svg into the PNG sizes crmdesk ships.

Run after changing the SVG:  python packaging/render_icons.py
Writes crmdesk/resources/icons/crmdesk-<N>.png for N in SIZES and copies the
SVG next to them (Linux desktops prefer the scalable one).  Uses QSvgRenderer,
so no Inkscape or cairo is needed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "crmdesk.svg"
TARGET = ROOT / "crmdesk" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source} is not a valid SVG")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = target / f"crmdesk-{size}.png"
        if not image.save(str(out), "PNG"):
            raise SystemExit(f"cannot write {out}")
        written.append(out)
    shutil.copyfile(source, target / "crmdesk.svg")
    return written


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
