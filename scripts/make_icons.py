#!/usr/bin/env python3
"""Draws the app's PNG icons (192 and 512 px) for the PWA manifest: a white
sheet with text lines on the app's blue, no paper wasted. Pure Python (zlib),
so it needs nothing beyond Debian's python3. Output: web/public/icon-*.png."""
import struct, zlib, os

BLUE = (11, 92, 173)
WHITE = (255, 255, 255)
GOLD = (232, 197, 71)

def icon(n):
    px = [[BLUE] * n for _ in range(n)]
    def rect(x0, y0, x1, y1, c):
        for y in range(int(y0 * n), int(y1 * n)):
            for x in range(int(x0 * n), int(x1 * n)):
                px[y][x] = c
    rect(0.28, 0.18, 0.72, 0.82, WHITE)          # the sheet (maskable safe zone)
    for i, w in enumerate((0.34, 0.34, 0.26, 0.34, 0.22)):
        y = 0.30 + i * 0.085
        rect(0.33, y, 0.33 + w, y + 0.035, BLUE)  # text lines
    rect(0.55, 0.66, 0.67, 0.76, GOLD)            # the QR corner
    raw = b''.join(b'\x00' + bytes(v for p in row for v in p) for row in px)
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', n, n, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

root = os.path.join(os.path.dirname(__file__), '..', 'web', 'public')
for n in (192, 512):
    open(os.path.join(root, f'icon-{n}.png'), 'wb').write(icon(n))
