"""Quality gate 3: every string a person reads is marked, extracted and translated."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from collab.config import ROOT

LANGUAGES = ("lv", "lt")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_pgettext": ((1, "c"), 2)}


def catalogue(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def extracted_messages() -> set[tuple[str, str | None]]:
    """What `flask translate update` would extract from the code today."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((msgid, context))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_not_fuzzy(language):
    missing, fuzzy = [], []
    for message in catalogue(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not missing, f"untranslated in {language}: {missing}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    """A translation that drops %(name)s or breaks %% would crash or mislead at run time."""
    problems = [
        (message.id, [str(error) for error in errors])
        for message, errors in catalogue(language).check()
    ]
    assert not problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_not_english_copies(language):
    copies = [
        message.id
        for message in catalogue(language)
        if message.id
        and isinstance(message.id, str)
        and message.string == message.id
        and re.search(r"[a-z]{4}", message.id)
    ]
    assert not copies, f"{language} copies English: {copies}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_extraction_finds_nothing_new(language):
    known = {
        (message.id[0] if isinstance(message.id, tuple) else message.id, message.context)
        for message in catalogue(language)
        if message.id
    }
    new = extracted_messages() - known
    assert not new, f"run `flask translate update` and translate: {sorted(new, key=str)}"


class VisibleText(HTMLParser):
    """Collects text and text attributes a person would read, from a template whose Jinja
    expressions and tags were blanked out."""

    ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "label", "value"}

    def __init__(self):
        super().__init__()
        self.found = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            # A value is read only on an input button; elsewhere it is what the person typed
            # (input) or what the form sends (button, option), not our text.
            readable = name in self.ATTRIBUTES
            if name == "value":
                readable = tag == "input" and dict(attrs).get("type") in ("submit", "button")
            if readable and value and re.search(r"[A-Za-z]{2}", value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and re.search(r"[A-Za-z]{2}", data):
            self.found.append(data.strip())


# Words that are the same in every language: the product's name, file formats, SHA-256.
ALLOWED = {"Collab", "PNG", "SVG", "CSV", "XLSX", "PDF", "ZIP", "SHA-256"}


def blank_jinja(source: str) -> str:
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"{{.*?}}", " X9 ", source, flags=re.S)
    return re.sub(r"{%.*?%}", " ", source, flags=re.S)


@pytest.mark.parametrize(
    "template",
    sorted(str(p.relative_to(ROOT / "templates")) for p in (ROOT / "templates").rglob("*.html")),
)
def test_templates_have_no_unmarked_text(template):
    parser = VisibleText()
    parser.feed(blank_jinja((ROOT / "templates" / template).read_text()))
    unmarked = [
        text
        for text in parser.found
        if re.search(r"[A-Za-z]{2}", re.sub("|".join(ALLOWED), "", text))
    ]
    assert not unmarked, f"mark for translation in {template}: {unmarked}"


def test_the_scanner_finds_unmarked_text():
    """The gate above would catch a forgotten string (this test keeps it honest)."""
    parser = VisibleText()
    parser.feed(
        blank_jinja(
            '<p>{{ _("Marked") }}</p><p>Forgotten text</p>'
            '<input placeholder="Type here"><button title="{{ _(\'x\') }}">'
        )
    )
    assert parser.found == ["Forgotten text", "<input placeholder='Type here'>"]


def test_the_scanner_ignores_code_and_python_strings(tmp_path):
    parser = VisibleText()
    parser.feed(
        blank_jinja('{% if user %}{{ user.name }}{% endif %}<script>var a = "text";</script>')
    )
    assert parser.found == []
    assert Path(__file__).exists()
