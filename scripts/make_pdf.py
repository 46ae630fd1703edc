#!/usr/bin/env python3
"""Writes the sample site's illustrative decision as a small, valid PDF 1.4
(one A4 page, Helvetica, ASCII text: the standard fonts carry no Vietnamese
marks, so the text is written without them). Run from the repository:
    python3 scripts/make_pdf.py static/tai-lieu/215-qd-ubnd-2024.pdf
The output is byte-identical on every run (no dates, no random ids)."""

import sys

LINES = [
    (16, "UY BAN NHAN DAN TINH BAC KAN"),
    (12, "So: 215/QD-UBND          Bac Kan, ngay 01 thang 02 nam 2024"),
    (16, "QUYET DINH"),
    (12, "Ve viec tang Bang khen cua Chu tich UBND tinh cho cac tap the"),
    (12, "thuoc Cum thi dua khoi xa, phuong thanh pho Bac Kan"),
    (12, "da co thanh tich xuat sac trong phong trao thi dua nam 2023"),
    (12, ""),
    (12, "VAN BAN MINH HOA - khong phai van ban chinh thuc."),
    (12, "Illustrative document of the bangvang sample site; not an official text."),
]


def pdf_string(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def content():
    ops = ["BT"]
    y = 780
    for size, text in LINES:
        ops.append(f"/F1 {size} Tf 1 0 0 1 60 {y} Tm {pdf_string(text)} Tj")
        y -= size + 14
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def build():
    stream = content()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "static/tai-lieu/215-qd-ubnd-2024.pdf"
    with open(path, "wb") as f:
        f.write(build())
