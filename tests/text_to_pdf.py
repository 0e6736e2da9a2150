"""Render a text document as a PDF the way a word processor prints it: A4 pages, a
proportional font, long lines wrapped at the margin, blank lines kept, running page
numbers.  Used to check that minutes score the same as text and as PDF."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT, SIZE, LEADING = "Helvetica", 10, 13
MARGIN = 56


def wrap(line: str, width: float) -> list[str]:
    """Greedy word wrap of one source line to the text width (at least one piece)."""
    words, out, current = line.split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and stringWidth(candidate, FONT, SIZE) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    out.append(current)
    return out


def render(text: str, target: Path) -> Path:
    width, height = A4
    pdf = canvas.Canvas(str(target), pagesize=A4, invariant=1)  # invariant: same bytes every run
    pdf.setFont(FONT, SIZE)
    y, page = height - MARGIN, 1

    def new_page() -> None:
        nonlocal y, page
        pdf.drawCentredString(width / 2, MARGIN / 2, f"Side {page}")
        pdf.showPage()
        pdf.setFont(FONT, SIZE)
        y, page = height - MARGIN, page + 1

    for source_line in text.replace("\r\n", "\n").split("\n"):
        for piece in wrap(source_line.rstrip(), width - 2 * MARGIN):
            if y < MARGIN + LEADING:
                new_page()
            pdf.drawString(MARGIN, y, piece)
            y -= LEADING
    pdf.drawCentredString(width / 2, MARGIN / 2, f"Side {page}")
    pdf.save()
    return target
