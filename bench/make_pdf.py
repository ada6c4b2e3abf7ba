#!/usr/bin/env python3
"""Writes a valid PDF of about SIZE_MB megabytes: PAGES pages of text plus
one incompressible stream, so the file is big like a scanned report."""
import os, sys

def main(path, size_mb=5.0, pages=10):
    objs = []
    def add(body):
        objs.append(body)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids, content_ids = [], []
    pages_id = len(objs) + 1 + pages * 2 + 1  # placeholder, fixed below
    kids = []
    for i in range(pages):
        text = f"BT /F1 18 Tf 72 720 Td (Benchmark page {i + 1}: Dai hoi Doan tinh Yen Bai) Tj ET".encode()
        c = add(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
        content_ids.append(c)
    blob = os.urandom(int(size_mb * 1024 * 1024))
    extra = add(b"<< /Length %d >>\nstream\n" % len(blob) + blob + b"\nendstream")
    pages_obj = len(objs) + pages + 1
    for c in content_ids:
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_obj, font, c)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % pages) == pages_obj
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R /PieceInfo << /Data %d 0 R >> >>" % (pages_obj, extra))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    with open(path, "wb") as f:
        f.write(out)

if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 5.0, int(sys.argv[3]) if len(sys.argv) > 3 else 10)
