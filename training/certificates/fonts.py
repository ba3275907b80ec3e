"""Text for certificate PDFs in any script: a font fallback chain, HarfBuzz shaping, bidi.

Texts that fit cp1252 use the standard PDF fonts (Helvetica, nothing embedded); other texts
use the first TTF of ``FONT_CHAIN`` that has every glyph (reportlab's Vera, then Debian's
font packages: Noto Sans Arabic, DejaVu Sans, WenQuanYi Micro Hei), shaped by HarfBuzz
(uharfbuzz: Arabic joining, Vietnamese marks) in bidi runs (python-bidi: right-to-left runs
in visual order). A text no font covers raises ``MissingGlyphs``: never empty boxes.
"""

from __future__ import annotations

import unicodedata

from bidi import algorithm as bidi_algorithm
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeFragWord
from reportlab.pdfgen.canvas import Canvas

_TTF = "/usr/share/fonts/truetype"

_STANDARD = {False: "Helvetica", True: "Helvetica-Bold"}
_ARABIC = f"{_TTF}/noto/NotoSansArabic"
_CJK = f"{_TTF}/wqy/wqy-microhei.ttc"
#: Fallbacks for texts outside cp1252, first that has every glyph wins: (name, file, the
#: Debian package that installs it). Vera is bundled with reportlab (Latin-1 plus Turkish,
#: Polish, Czech... little Vietnamese); Noto Sans Arabic has Arabic only (no Latin letters);
#: DejaVu Sans has Latin with Vietnamese, Greek, Cyrillic and Arabic; WenQuanYi Micro Hei has
#: Chinese with Latin (no bold face: the regular one is used).
FONT_CHAIN = {
    False: (
        ("Vera", "Vera.ttf", None),
        ("NotoSansArabic", f"{_ARABIC}-Regular.ttf", "fonts-noto-core"),
        ("DejaVuSans", f"{_TTF}/dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
        ("WenQuanYiMicroHei", _CJK, "fonts-wqy-microhei"),
    ),
    True: (
        ("Vera-Bold", "VeraBd.ttf", None),
        ("NotoSansArabic-Bold", f"{_ARABIC}-Bold.ttf", "fonts-noto-core"),
        ("DejaVuSans-Bold", f"{_TTF}/dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
        ("WenQuanYiMicroHei", _CJK, "fonts-wqy-microhei"),
    ),
}
_glyphs: dict[str, set[int] | None] = {}


class MissingGlyphs(ValueError):
    """No font of the chain has every character of a text to print."""

    def __init__(self, text: str, chars: str) -> None:
        super().__init__(f"no font has {chars!r} (in {text!r})")
        self.text = text
        self.chars = chars


def _covered(name: str, filename: str) -> set[int] | None:
    """Registers the TTF once; the code points it has a real glyph for (None: unavailable)."""
    if name not in _glyphs:
        try:
            font = TTFont(name, filename)  # a .ttc: its first face
        except Exception:  # e.g. the package is not installed: fall back to the next font
            _glyphs[name] = None
        else:
            pdfmetrics.registerFont(font)
            _glyphs[name] = {code for code, glyph in font.face.charToGlyph.items() if glyph}
    return _glyphs[name]


def missing_fonts() -> list[str]:
    """The Debian packages of the chain whose font file is not installed."""
    return sorted(
        {
            package
            for chain in FONT_CHAIN.values()
            for name, filename, package in chain
            if package and _covered(name, filename) is None
        }
    )


def _needed(text: str) -> set[int]:
    """Code points that need a glyph (spaces and invisible format marks do not)."""
    return {ord(c) for c in text if not c.isspace() and unicodedata.category(c) != "Cf"}


def font_for(text: str, bold: bool = False) -> str:
    """Helvetica when ``text`` fits cp1252 (nothing embedded), else the first TTF of the chain
    that has every glyph; ``MissingGlyphs`` when none has."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        needed = _needed(text)
        best = None
        for name, filename, _package in FONT_CHAIN[bold]:
            glyphs = _covered(name, filename)
            if glyphs is None:
                continue
            if needed <= glyphs:
                return name
            if best is None or len(needed - glyphs) < len(needed - best):
                best = glyphs
        missing = needed - (best or set())
        raise MissingGlyphs(text, "".join(sorted(chr(c) for c in missing))) from None
    return _STANDARD[bold]


def uncovered(text: str) -> str:
    """The characters of ``text`` no font of the chain has ("" when it can be printed)."""
    try:
        font_for(text)
        font_for(text, bold=True)
    except MissingGlyphs as exc:
        return exc.chars
    return ""


def bidi_runs(text: str) -> list[str]:
    """``text`` cut into bidi runs in visual order, each run's characters still in logical
    order (HarfBuzz lays out a right-to-left run itself). One run without RTL characters."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text):
        return [text]
    storage = bidi_algorithm.get_empty_storage()
    storage["base_level"] = bidi_algorithm.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    runs: list[list] = []  # [level, text] in logical order
    for char in storage["chars"]:
        if runs and runs[-1][0] == char["level"]:
            runs[-1][1] += char["ch"]
        else:
            runs.append([char["level"], char["ch"]])
    top = max(level for level, _t in runs)
    lowest_odd = (
        min(level for level, _t in runs if level % 2)
        if any(level % 2 for level, _t in runs)
        else top + 1
    )
    for level in range(top, lowest_odd - 1, -1):  # rule L2, on whole runs
        i = 0
        while i < len(runs):
            if runs[i][0] >= level:
                j = i
                while j < len(runs) and runs[j][0] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return [t for _level, t in runs]


def _shaped(text: str, font: str, size: float):
    """(runs ready to draw, total width): HarfBuzz-shaped runs for a TTF, the text else."""
    if font in _STANDARD.values():
        return [text], pdfmetrics.stringWidth(text, font, size)
    runs = [_shape(run, font, size) for run in bidi_runs(text)]
    width = sum(_run_width(run, font, size) for run in runs)
    return runs, width


#: HarfBuzz features: kerning and standard ligatures, no discretionary ones (a font's
#: decorative ligature would print marks the name does not have).
_FEATURES = {"kern": True, "liga": True, "dlig": False}


def _shape(run: str, font: str, size: float):
    word = [pdfmetrics.stringWidth(run, font, size), (ABag(fontName=font, fontSize=size), run)]
    return shapeFragWord(word, features=_FEATURES)[1][1]


def _run_width(run, font: str, size: float) -> float:
    data = getattr(run, "__shapeData__", None)
    if data is None:
        return pdfmetrics.stringWidth(run, font, size)
    return sum(d.x_advance for d in data) * size / 1000


def draw_text(c: Canvas, x: float, y: float, text: str, font: str, size: float, align: str):
    runs, width = _shaped(text, font, size)
    x -= {"left": 0, "centre": width / 2, "right": width}[align]
    for run in runs:
        c.drawString(x, y, run)
        x += _run_width(run, font, size)


def text_width(text: str, font: str, size: float) -> float:
    return _shaped(text, font, size)[1]
