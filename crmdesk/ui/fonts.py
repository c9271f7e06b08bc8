"""The bundled DejaVu Sans, so PDFs have real, embedded text on any machine.

Without a system font Qt paints boxes and PDFs carry no text (see
PLATFORM.md); loading the TTFs shipped in ``crmdesk/resources/fonts`` makes
printing independent of what the machine has. CJK names fall back to
whatever system font covers them (fontconfig).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

FONT_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
FAMILY = "DejaVu Sans"

_loaded: list[str] | None = None


def ensure_fonts() -> list[str]:
    """Register the bundled fonts once (needs a QGuiApplication); return their families."""
    global _loaded
    from crmdesk.ui.printing.qtfix import keep_none_alive  # see its docstring

    keep_none_alive()
    if _loaded is not None:
        return _loaded
    families: list[str] = []
    if FAMILY not in QFontDatabase.families():
        for path in sorted(FONT_DIR.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
    else:
        families.append(FAMILY)
    _loaded = sorted(set(families))
    return _loaded


def print_font(point_size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    """The print face at a size; kerning on, hinting off so PDF and preview agree."""
    font = QFont(FAMILY)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setItalic(italic)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
    return font
