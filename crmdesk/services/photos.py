"""Contact photos: read an image file the user picked, checking it really is one."""

from __future__ import annotations

from pathlib import Path

MAX_PHOTO_BYTES = 5 * 1024 * 1024
_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)


class PhotoError(ValueError):
    """The file cannot be used as a photo; the message says why."""


def image_mime(data: bytes) -> str | None:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def load_photo(path: str | Path) -> tuple[bytes, str]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise PhotoError(f"{path.name} is {size / 1048576:.1f} MB; choose a photo under 5 MB.")
        data = path.read_bytes()
    except OSError as exc:
        raise PhotoError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    mime = image_mime(data)
    if mime is None:
        raise PhotoError(f"{path.name} is not a JPEG, PNG, GIF, BMP or WebP image.")
    return data, mime
