"""Pages of ours as PDF (WeasyPrint): the sign-in sheet, the period report, the evidence
pack's agendas and the handbook, each with its stylesheet from static/css."""

from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

from collab.config import ROOT

STATIC = ROOT / "static"


def html_to_pdf(html: str, stylesheet: str, **options) -> bytes:
    """`html` laid out with static/css/`stylesheet`; `options` go to WeasyPrint's write_pdf."""
    fonts = FontConfiguration()
    # Only our own files (fonts, photos under UPLOAD_DIR): nothing written in a title or a
    # text can make the server fetch a URL.
    fetcher = URLFetcher(allowed_protocols={"file"})
    css = CSS(filename=str(STATIC / "css" / stylesheet), font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(STATIC), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[css], font_config=fonts, **options)
