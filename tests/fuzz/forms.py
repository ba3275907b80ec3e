"""Find the forms of the app's pages and generate bad values for their fields."""

from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urlsplit

from hypothesis import strategies as st

#: Text that has broken form handling before: empty, blanks, NUL, huge, odd unicode,
#: numbers out of range, impossible dates and times, wrong types.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "A" * 70_000,
    "ٹ" * 3_000,
    "\u202e\u0000\ufeff",
    "𝕏🙂",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "-1",
    "0",
    "²",
    "٣",
    "99999999999999999999",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "inf",
    "3.5",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "31/12/2026",
    "2026-11-03T25:61",
    "24:00",
    "23:60",
    "[]",
    "{}",
    "true",
    "on",
    "../../etc/passwd",
]

#: Values every field / query parameter gets at once, once per page (cheap and systematic:
#: random search alone rarely puts the one bad value in the one field that breaks).
SWEEP = ["²", "99999999999999999999", "2026-02-30", "-1"]

text_values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


class _FormParser(HTMLParser):
    """Collect the POST forms of a page: action -> {field: (kind, options)}."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: dict[str, dict[str, tuple[str, list[str]]]] = {}
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                action = urlsplit(a.get("action") or self.url).path
                self._form = self.forms.setdefault(action, {})
            else:
                self._form = None
            return
        if self._form is None or not a.get("name") or a["name"] == "csrf_token":
            if tag == "option" and self._form is not None and self._select:
                self._form[self._select][1].append(a.get("value") or "")
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            field = self._form.setdefault(name, (kind, []))
            if a.get("value") is not None:
                field[1].append(a["value"])
        elif tag == "textarea":
            self._form.setdefault(name, ("textarea", []))
        elif tag == "select":
            self._form.setdefault(name, ("select", []))
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def page_forms(url: str, html: str) -> dict[str, dict[str, tuple[str, list[str]]]]:
    parser = _FormParser(url)
    parser.feed(html)
    return parser.forms


def field_values(kind: str, options: list[str], known: list[str]):
    """Bad or good values for one field: its own options, the world's ids, or nasty text."""
    if kind == "file":
        return st.builds(
            lambda data, name: (BytesIO(data), name),
            st.one_of(
                st.binary(max_size=2_000),
                st.sampled_from(
                    [
                        b"kode,nama\n\x00,\xff\xfe\n",
                        b"nrp;nama\n1;" + "é".encode("latin-1") * 10,
                        b"PK\x03\x04 not really a zip",
                        b"",
                    ]
                ),
            ),
            st.sampled_from(["data.csv", "data.xlsx", "x.pdf", "../../x.csv", "", "a\u202ecsv"]),
        )
    good = [v for v in options + known if v is not None]
    single = st.one_of(st.sampled_from(good), text_values) if good else text_values
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def form_data(fields: dict[str, tuple[str, list[str]]], base: dict, known: list[str]):
    """A dict of field -> value(s), any field possibly missing."""
    names = {name: field_values(kind, options, known) for name, (kind, options) in fields.items()}
    for name, value in base.items():
        names.setdefault(name, field_values("text", [value], known))
        names[name] = st.one_of(st.just(value), names[name])
    return st.fixed_dictionaries({}, optional=names)
