"""QR codes of the check-in link, drawn on the server (no script, no data: URIs)."""

import io

import segno
from markupsafe import Markup


def _code(url: str) -> segno.QRCode:
    # Error correction M: survives a glare on a projector screen or a crumpled print-out,
    # and keeps the code coarse enough to scan from the back of a room.
    return segno.make(url, error="m", micro=False)


def svg_markup(url: str) -> Markup:
    """The code as an <svg> element for a page; it scales with its container."""
    svg = _code(url).svg_inline(
        border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr-code", lineclass=None
    )
    return Markup(svg)


def svg_file(url: str) -> bytes:
    """The code as a standalone SVG file (for posters and slides)."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", border=4, dark="#000", light="#fff", scale=10)
    return out.getvalue()


def png_file(url: str, scale: int = 16) -> bytes:
    """The code as a PNG large enough to print sharply on an A4 poster."""
    out = io.BytesIO()
    _code(url).save(out, kind="png", border=4, dark="#000", light="#fff", scale=scale)
    return out.getvalue()
