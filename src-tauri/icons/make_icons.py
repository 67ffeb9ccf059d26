"""Draws VanThu's app icon (a white document with text lines on a blue rounded square) and
writes the PNG sizes and the Windows .ico the Tauri bundler expects. Pure Python (zlib only) so
it runs anywhere without an image library; rerun after changing the drawing."""
import struct
import zlib
from pathlib import Path

BLUE = (29, 78, 216, 255)
WHITE = (255, 255, 255, 255)
LINE = (147, 197, 253, 255)
RED = (220, 38, 38, 255)
CLEAR = (0, 0, 0, 0)


def pixel(x: float, y: float) -> tuple:
    """Colour at (x, y) in the unit square."""
    r = 0.18  # corner radius of the background
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return CLEAR
    if 0.26 <= x <= 0.74 and 0.16 <= y <= 0.84:
        if 0.34 <= x <= 0.66 and 0.24 <= y <= 0.29:
            return RED
        for top in (0.38, 0.48, 0.58, 0.68):
            if 0.34 <= x <= (0.66 if top < 0.68 else 0.54) and top <= y <= top + 0.04:
                return LINE
        return WHITE
    return BLUE


def png(size: int) -> bytes:
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        for i in range(size):
            rows.extend(pixel((i + 0.5) / size, (j + 0.5) / size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def ico(images: list) -> bytes:
    """An .ico whose entries are PNGs (valid since Windows Vista)."""
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return head + entries + blobs


here = Path(__file__).parent
sizes = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
made = {}
for name, size in sizes.items():
    made[size] = png(size)
    (here / name).write_bytes(made[size])
(here / "icon.ico").write_bytes(ico([(32, made[32]), (256, made[256])]))
