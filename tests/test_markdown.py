"""Markdown in descriptions: formatted, and never a way to run script in someone's browser."""

from markupsafe import Markup

from collab.i18n import Translations
from collab.markdown import clean_html, markdown, render_markdown


def test_markdown_is_formatted():
    html = render_markdown("**Ventspils** and *Liepāja*\n\n- one\n- two")
    assert isinstance(html, Markup)
    assert "<strong>Ventspils</strong>" in html and "<em>Liepāja</em>" in html
    assert "<ul>\n<li>one</li>" in html


def test_a_line_break_is_kept_as_typed():
    assert "10:00 Opening<br>\n11:00 Coffee" in render_markdown("10:00 Opening\n11:00 Coffee")


def test_headings_come_below_the_page_sections():
    html = render_markdown("# Programme\n\n## Day one\n\n#### Details")
    assert "<h3>Programme</h3>" in html and "<h3>Day one</h3>" in html
    assert "<h4>Details</h4>" in html
    assert "<h1>" not in html and "<h2>" not in html


def test_tables_are_kept():
    html = render_markdown("| Town | People |\n|---|--:|\n| Ventspils | 42 |")
    assert "<table>" in html and "<th>Town</th>" in html and "<td>Ventspils</td>" in html
    # Alignment styles are not allowed through.
    assert "style=" not in html


def test_links_open_without_giving_the_page_away():
    html = render_markdown('[KPR](https://www.kurzemesregions.lv "Kurzeme")')
    assert (
        '<a href="https://www.kurzemesregions.lv" title="Kurzeme" rel="noopener noreferrer">KPR</a>'
    ) in html


def test_script_tags_are_not_run():
    html = render_markdown("Hello <script>alert('x')</script> world")
    assert "<script" not in html
    assert "Hello" in html and "world" in html


def test_javascript_links_are_removed():
    html = render_markdown("[click](javascript:alert(1)) and <javascript:alert(1)>")
    assert 'href="javascript' not in html.lower()
    assert "<a " not in html


def test_raw_html_with_event_handlers_is_not_kept():
    html = render_markdown('<img src="x" onerror="alert(1)"> <a href="#" onclick="alert(1)">x</a>')
    assert "<img" not in html and "<a " not in html


def test_the_sanitiser_drops_what_markdown_might_let_through():
    # Defence in depth: should the parser ever emit raw HTML, the sanitiser still cleans it.
    html = clean_html(
        '<p onclick="alert(1)">Hi</p><script>alert(2)</script>'
        '<a href="javascript:alert(3)" onmouseover="x()">link</a><img src=x onerror=y>'
        '<iframe src="https://example.org"></iframe><h1 style="color:red">Big</h1>'
    )
    assert html == '<p>Hi</p><a rel="noopener noreferrer">link</a>Big'


def test_filter_shows_the_readers_language(app):
    text = Translations({"lv": "**Darbnīca** Ventspilī", "en": "**Workshop** in Ventspils"})
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = markdown(text)
    assert "<strong>Workshop</strong> in Ventspils" in html
    assert "fallback" not in html


def test_filter_marks_a_text_not_translated_yet(app):
    text = Translations({"lv": "**Darbnīca** Ventspilī"})
    with app.test_request_context(headers={"Accept-Language": "lt"}):
        html = markdown(text)
    assert '<div lang="lv"><p><strong>Darbnīca</strong> Ventspilī</p>' in html
    assert '<abbr class="fallback"' in html and ">LV</abbr>" in html


def test_filter_takes_plain_text_and_nothing(app):
    with app.test_request_context():
        assert markdown("*a*") == Markup("<p><em>a</em></p>\n")
        assert markdown(None) == Markup("")
