"""Hostile input for property-based tests (Hypothesis): what people and scripts may type.

Each strategy draws from fixed, named examples first (so a failure reads well and the
shrinker has little to do) and adds generated text around them. The big value is one fixed
string, built once: generating a megabyte per example would cost more than the request.
"""

import unicodedata

from hypothesis import strategies as st


class Huge(str):
    """A long text that a failing example reports by its size, not by a megabyte of it."""

    def __repr__(self):
        return f"Huge({len(self)} characters: {str(self[:30])!r}…)"


class HugeBytes(bytes):
    def __repr__(self):
        return f"HugeBytes({len(self)} bytes: {bytes(self[:30])!r}…)"


# One megabyte of text, ending in Baltic letters. Mostly ASCII: every other letter sent
# percent-encoded would cost the test client and the form parser a second per request.
MEGABYTE = Huge(("Ilze Berzina " * 81_000)[: 1024 * 1024 - 13] + "ķēniņš Ābele")
# A single "line" of a file that never ends.
LONG_LINE = Huge("x" * (1024 * 1024))

CONTROL_CHARACTERS = [chr(code) for code in range(0x20)] + ["\x7f"]
BALTIC = "āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ ąęėįųž ĄĘĖĮŲ"
HTML = [
    "<script>alert(1)</script>",
    '"><script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "</textarea><b>bold</b>",
    "' onmouseover='alert(1)",
    "&amp; &lt;not a tag&gt; &#0;",
    "<!-- {{ 7*7 }} -->",
]
SQL = [
    "'; DROP TABLE event; --",
    "1 OR 1=1",
    "' OR ''='",
    "%",
    "_",
    "\\",
    "Robert'); DROP TABLE participant;--",
]
FORMAT_STRINGS = ["%(name)s", "{0}", "%s", "%d %%", "{name!r}", "%(count)d"]
WRONG_TYPES = [
    "abc",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-0.0",
    "2022-13-45",
    "0000-00-00",
    "2022-02-30",
    "99999999999999999999",
    "2147483648",
    "9" * 400,
    "10:99",
    "true",
    "null",
    "[]",
]
WHITESPACE = ["", " ", "   ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u200b", "\ufeff"]
RIGHT_TO_LEFT = [
    "\u202eevil.exe\u202c",
    "\u200fمرحبا بالعالم\u200f",
    "שלום עולם",
    "abc \u2067שלום\u2069 def",
]
EMOJI = ["🎉", "👩🏽‍🔬", "🇱🇻🇱🇹", "𝕏𝔂𝔃", "\U0001f4a9" * 20, "🏳️‍🌈 Rīga"]


def _decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


FIXED_TEXT = (
    WHITESPACE
    + ["a\x00b", "\x00", "line\x0bbreak", "\x1b[31mred\x1b[0m", "\x7f\x08", "tab\there"]
    + RIGHT_TO_LEFT
    + EMOJI
    + [BALTIC, _decomposed(BALTIC), "Ilze Bērziņa", _decomposed("Jūratė Šlapelytė")]
    + HTML
    + SQL
    + FORMAT_STRINGS
    + WRONG_TYPES
)

control_text = st.lists(st.sampled_from(CONTROL_CHARACTERS), min_size=1, max_size=5).map(
    lambda chars: "name" + "".join(chars) + "end"
)
baltic_text = st.text(alphabet=BALTIC + _decomposed(BALTIC) + "abc -'", min_size=1, max_size=40)
# Anything Unicode can hold except lone surrogates, which no browser can send.
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60)

# One value for a form field: each kind of trouble about as likely as the others, named
# examples first, generated ones among them.
text_values = st.one_of(
    st.sampled_from(WHITESPACE),
    st.just(MEGABYTE),
    st.sampled_from(["a\x00b", "\x00", "line\x0bbreak", "\x1b[31mred\x1b[0m", "\x7f\x08"]),
    control_text,
    st.sampled_from(RIGHT_TO_LEFT),
    st.sampled_from(EMOJI),
    st.sampled_from([BALTIC, _decomposed(BALTIC), "Ilze Bērziņa", _decomposed("Jūratė Šlapelytė")]),
    baltic_text,
    st.sampled_from(HTML),
    st.sampled_from(SQL),
    st.sampled_from(FORMAT_STRINGS),
    st.sampled_from(WRONG_TYPES),
    any_text,
    st.sampled_from(HTML + SQL + FORMAT_STRINGS).flatmap(
        lambda bad: baltic_text.map(lambda baltic: baltic + " " + bad)
    ),
)

# Text as it may sit in the database: imported, or saved before a rule was added.
stored_text = st.one_of(
    text_values.filter(lambda value: len(value) < 2000),
    st.sampled_from(["\x0c form feed", "vertical\x0btab", "bell\x07", "\x1b[0m"]),
)

# Query-string values for lists, searches and filters.
query_values = st.one_of(
    st.sampled_from(
        WHITESPACE
        + WRONG_TYPES
        + SQL
        + HTML
        + FORMAT_STRINGS
        + RIGHT_TO_LEFT
        + EMOJI
        + ["a\x00b", "%00", "2022-13", "2022-00", "-1", "0", "999999", BALTIC, "x" * 5000]
    ),
    any_text,
)


def is_markup_like(value: str) -> bool:
    return "<" in value or ">" in value or "&" in value or '"' in value or "'" in value


# --- Imports: pasted lines and file bytes -------------------------------------------------

pasted_line = st.one_of(
    st.sampled_from(
        [
            "Anna Paraudziņa; KPR; LV; planner; anna@lv.example; speaker",
            ";;;;;",
            "; ; ;",
            "\t\t\t",
            "Jonas;" * 200,
            '=HYPERLINK("http://evil.example","click"); KPR; LV',
            "+cmd|' /C calc'!A0; KPR; LV",
            "@SUM(1+1); -2+3; LV",
            "Name; Organisation; Country; Function; E-mail; Role",
            "Ilze; KPR; XX; astronaut; not-an-email; king",
            "Ilze; KPR; LV; planner; a@b; speaker; extra; more",
            "<script>alert(1)</script>; KPR; LV",
            "'; DROP TABLE participant; --; KPR; LV",
            "%(name)s; {0}; %s",
            "a\x00b; KPR; LV",
            "\ufeffAnna; KPR; LV",
            "\u202eevil\u202c; KPR; LT",
            "👩🏽‍🔬 Rūta; 🇱🇻; LV",
            _decomposed("Jūratė Šlapelytė; Klaipėdos universitetas; Lietuva"),
            "x" * 3000,
        ]
    ),
    st.lists(st.one_of(baltic_text, any_text, st.sampled_from(FIXED_TEXT[:40])), max_size=8).map(
        "; ".join
    ),
)
pasted_text = st.one_of(
    st.lists(pasted_line, min_size=1, max_size=6).map("\n".join),
    st.sampled_from(["", "\n\n\n", MEGABYTE, "\r".join(["Anna; KPR; LV"] * 3), Huge("\n" * 1500)]),
    # More lines than may be pasted at once.
    st.just(Huge("Anna Paraudziņa; KPR; LV\n" * 1001)),
)

# A cell a spreadsheet could hold: no control codes, which make a file unreadable.
readable_cell = text_values.filter(
    lambda value: len(value) < 300 and not any(c in value for c in CONTROL_CHARACTERS)
)


def _csv_file(rows, separator, encoding) -> bytes:
    heading = separator.join(["Name", "Organisation", "Country", "Function", "E-mail", "Role"])
    text = "\n".join([heading] + [separator.join(cells) for cells in rows])
    return text.encode(encoding, "replace")


_GOOD_CSV = "Name;Organisation;Country;E-mail\nAnna Paraudziņa;KPR;LV;anna@example.org\n"
file_bytes = st.one_of(
    st.sampled_from(
        [
            b"",
            b"\xef\xbb\xbf" + _GOOD_CSV.encode(),  # UTF-8 with a BOM
            "\ufeff".encode("utf-16") + _GOOD_CSV.encode("utf-16-le"),
            _GOOD_CSV.encode("cp1257"),  # Baltic Windows code page
            _GOOD_CSV.encode("utf-16-be"),
            b"\x00" * 1000,
            b"Name\x00;Org\nAnna\x00;KPR\n",
            HugeBytes(b"Name\n" + LONG_LINE.encode()),
            HugeBytes(LONG_LINE.encode()),
            HugeBytes(
                ("Name;" + ";".join(f"c{i}" for i in range(5000)) + "\nAnna;" + ";" * 4999).encode()
            ),
            b'Name;Organisation\n=HYPERLINK("http://evil");=1+1\n+2;-3\n@SUM(A1);\t=0\n',
            b'Name,Org\n"unterminated,quote\nAnna,KPR\n',
            b"Name;Org\r\nAnna;KPR\rJonas;KU\n",
            b"PK\x03\x04" + b"\x00" * 200,  # the start of a zip (xlsx) that is not one
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
            b"<html><script>alert(1)</script></html>",
            HugeBytes(("Name\n" + "Anna\n" * 30_000).encode()),
            b"\xff\xfe\xfd\xfc" * 100,
        ]
    ),
    st.binary(min_size=0, max_size=400),
    st.lists(st.lists(text_values.filter(lambda v: len(v) < 200), max_size=6), max_size=6).map(
        lambda rows: "\n".join(";".join(row) for row in rows).encode()
    ),
    # A list that reads well, with hostile cells: most of it reaches the preview and import.
    st.builds(
        _csv_file,
        st.lists(st.lists(readable_cell, min_size=1, max_size=6), min_size=1, max_size=8),
        st.sampled_from([";", ",", "\t"]),
        st.sampled_from(["utf-8", "utf-8-sig", "cp1257"]),
    ),
)
file_names = st.sampled_from(
    [
        "people.csv",
        "people.xlsx",
        "people.CSV",
        "people",
        "",
        ".csv",
        "../../etc/passwd.csv",
        "<script>.csv",
        "ļaudis 👩🏽‍🔬.csv",
        "a" * 300 + ".csv",
        "people.csv\x00.exe",
    ]
)
