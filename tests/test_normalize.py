"""Normalize: characters, Markdown, residue, hyphenation; idempotent."""

from __future__ import annotations

import re
import unicodedata
from unittest import mock

import pytest
import regex
from hypothesis import assume, given
from hypothesis import strategies as st

from loftesparser.normalize import (
    _BULLET_GLYPHS,
    _CONTROLS,
    _HYPHEN_END,
    _INVISIBLE,
    _LEADING_BULLET,
    _LONE_CAPTION,
    _LONGEST_CAPTION,
    _MD_BOLD,
    _MD_EMPHASIS,
    _MD_HEADING,
    _SPACES,
    _SPECIAL,
    _STRAY_BOLD,
    NormalizedText,
    _assemble,
    _clean_lines,
    _dehyphenate,
    _DocumentScan,
    _drop_lone_captions,
    _scan_document,
    clean_characters,
    fold_spaces,
    join_hyphenation,
    may_start_with_glyph,
    normalize,
    residue_rules,
    strip_markdown,
)
from loftesparser.readers import read_text_str
from loftesparser.readers.base import SourceLine


def _normalized_lines(text: str) -> list[str]:
    return [line.text for line in normalize(read_text_str(text).lines).lines]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Polisen\u00a0lovar", "Polisen lovar"),
        ("tr\u00adygghet", "trygghet"),
        ("zero\u200bwidth", "zerowidth"),
        ("a\u0308r", "är"),  # NFD → NFC
        ("A\u030angermanland", "Ångermanland"),
        ("tab\there", "tab here"),
        ("nul\x00byte", "nulbyte"),
        ("bom\ufeffinside", "bominside"),
        ("thin\u2009space", "thin space"),
    ],
)
def test_clean_characters(raw: str, expected: str) -> None:
    assert clean_characters(raw)[0] == expected


@pytest.mark.parametrize(
    ("line", "text", "bold", "emphasis", "tail"),
    [
        ("**Tidsram**", "Tidsram", True, False, None),
        ("- *Skapa förutsättningar*", "- Skapa förutsättningar", False, True, None),
        ("- Patrullering/ **Polisen**", "- Patrullering/ Polisen", False, False, "Polisen"),
        (
            "- Översyn ska ske. / **Kommunen.**",
            "- Översyn ska ske. / Kommunen.",
            False,
            False,
            "Kommunen.",
        ),
        ("## Lägesbild", "Lägesbild", False, False, None),
        ("* punkt med *betoning* inuti", "* punkt med betoning inuti", False, False, None),
        ("alkohol/droger", "alkohol/droger", False, False, None),
        ("2 * 3 = 6", "2 * 3 = 6", False, False, None),
    ],
)
def test_strip_markdown(line: str, text: str, bold: bool, emphasis: bool, tail: str | None) -> None:
    markup = strip_markdown(line)
    assert markup.text == text
    assert markup.bold is bold
    assert markup.emphasis is emphasis
    assert (markup.text[markup.bold_tail :] if markup.bold_tail is not None else None) == tail


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("JavaScript är inte påslaget i din webbläsare. Vi rekommenderar…", "web_chrome"),
        ("Sök på polisen.se", "web_chrome"),
        ("Till toppen", "web_chrome"),
        ("Senast uppdaterad", "web_chrome"),
        ("Senast uppdaterad 2023-02-14", "web_chrome"),
        ("Kontaktuppgifter för denna undersida", "web_chrome"),
        ("Hade du nytta av innehållet på den här sidan?", "web_chrome"),
        ("Hällefors kommuns logotyp", "logo"),
        ("Malmö stads logotyp", "logo"),
        ("Foto: Polisbil vid centrumhuset", "caption"),
        ("Bild: Trygghetsvandring i Edsbyn", "caption"),
        ("Sida 2 av 3", "page_number"),
        ("2 (4)", "page_number"),
    ],
)
def test_residue_lines(line: str, kind: str) -> None:
    assert residue_rules().kind_of(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Polisen lovar att öka närvaron.",
        "Sökandet efter en ny lägesbild",
        "Fotpatrullering i centrum",
        "Medborgarlöfte 2016/2017",
        "2020/2021",
    ],
)
def test_content_is_not_residue(line: str) -> None:
    assert residue_rules().kind_of(line) is None


def test_residue_is_dropped_and_recorded() -> None:
    text = "Sunne kommuns logotyp\nMedborgarlöften\n\nFoto: X\n\nText här.\nTill toppen\n"
    normalized = normalize(read_text_str(text).lines)
    assert [line.text for line in normalized.lines] == ["Medborgarlöften", "", "Text här."]
    assert [r.kind for r in normalized.residue] == ["logo", "caption", "web_chrome"]


def test_lone_caption_under_heading_is_residue() -> None:
    lines = _normalized_lines(
        "Lägesbild\n\nTrafikkontroll.\n\nPolisen har under året analyserat brottsläget i hela kommunen.\n"
    )
    assert "Trafikkontroll." not in lines


# The Markdown patterns as first written: lazy runs, one character at a time.
_LAZY_MD_BOLD = regex.compile(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1")
_LAZY_MD_EMPHASIS = regex.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")


def _markdown_matches(bold: regex.Pattern[str], emphasis: regex.Pattern[str], text: str) -> object:
    whole = emphasis.fullmatch(text)
    return (
        [(m.span(), m.group(1), m.group(2)) for m in bold.finditer(text)],
        [(m.span(), m.group(1)) for m in emphasis.finditer(text)],
        whole.group(1) if whole else None,
    )


@pytest.mark.parametrize(
    "text",
    ["**a**", "__a__", "***a***", "** a**", "**a **", "**a__b**", "*a*", "* a*", "a*b*", "*a**",
     "- Samverkan/ **Polisen och kommunen**", "*Skapa förutsättningar*", "__a**b__", "**a\nb**"],
)  # fmt: skip
def test_markdown_patterns_match_their_lazy_forms(text: str) -> None:
    fast = _markdown_matches(_MD_BOLD, _MD_EMPHASIS, text)
    assert fast == _markdown_matches(_LAZY_MD_BOLD, _LAZY_MD_EMPHASIS, text)


@given(
    st.lists(st.sampled_from(["**", "__", "*", "_", " ", "a", "\n", "b.", "\t", "ö"])).map("".join)
)
def test_markdown_patterns_match_their_lazy_forms_property(text: str) -> None:
    test_markdown_patterns_match_their_lazy_forms(text)


def test_longest_caption_is_the_caption_pattern_s_longest_match() -> None:
    # normalize skips the caption pass when no kept line ends in "." within this length.
    longest = "A" + "å" * (_LONGEST_CAPTION - 2) + "."
    assert _LONE_CAPTION.match(longest)
    assert not _LONE_CAPTION.match("A" + longest)


def _normalize_with_every_pass(source_lines: list[SourceLine]) -> NormalizedText:
    """normalize, running the caption and hyphenation passes on every document."""
    cleaned = _clean_lines(source_lines)
    kept = _dehyphenate(_drop_lone_captions(cleaned.kept, cleaned.residue))
    return _assemble(kept, cleaned.residue, cleaned.controls)


@pytest.mark.parametrize(
    "text",
    [
        "Lägesbild\n\nTrafikkontroll.\n\nPolisen har under året analyserat brottsläget i kommunen.",
        "Lägesbild\n\nTrafikkontroll\n\nPolisen har under året analyserat brottsläget i kommunen.",
        "Arbetet mot drog-\nanvändning fortsätter.\n\nTrafikkontroll.\n\nav- och påstigning",
        "Polisen ska genomföra trygghetsvandringar.\nSida 2 av 3\n\nLägesbild",
        "Lägesbild\n\nBild.\n\nPolisen har under året analyserat brottsläget i hela kom-\nmunen.",
        "Lägesbild\n\n**Trafikkontroll.**\n\nPolisen har under året analyserat brottsläget i kommunen.",
    ],
)
def test_skipped_passes_change_nothing(text: str) -> None:
    # normalize runs the caption and hyphenation passes only when a line may need them.
    lines = read_text_str(text).lines
    assert normalize(lines) == _normalize_with_every_pass(lines)


_PASS_PIECES = [
    "Lägesbild", "Trafikkontroll", ".", "-", "–", " ", "\n", "\n\n", "och", "användning", "SSP",
    "**", "Polisen har under året analyserat brottsläget i hela kommunen", "Å", "2",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PASS_PIECES), max_size=16).map("".join))
def test_skipped_passes_change_nothing_property(text: str) -> None:
    assume(text.strip())
    lines = read_text_str(text).lines
    assert normalize(lines) == _normalize_with_every_pass(lines)


def test_short_sentence_in_running_text_is_kept() -> None:
    lines = _normalized_lines("Lägesbild\nDet är lugnt.\nPolisen har analyserat läget.\n")
    assert "Det är lugnt." in lines


@pytest.mark.parametrize(
    ("current", "following", "expected"),
    [
        ("motverka droganv-", "ändning bland unga", ("motverka droganvändning", "bland unga")),
        ("arbetet med SSP-", "möten fortsätter", ("arbetet med SSP-möten", "fortsätter")),
        ("genom ANDT-", "arbetet.", ("genom ANDT-arbetet.", "")),
        ("Översyn av-", "och förbättring", None),
        ("med fokus på beteende-", ", hastighet", None),
        ("Narkotika-", "och alkoholrelaterad", None),
        ("slutar här", "ny rad", None),
        ("trygghets-", "Vandring", None),
    ],
)
def test_join_hyphenation(current: str, following: str, expected: tuple[str, str] | None) -> None:
    assert join_hyphenation(current, following) == expected


def test_blank_runs_collapse_and_offsets_match() -> None:
    normalized = normalize(read_text_str("\n\n\nA\n\n\n\nB\n\n").lines)
    assert normalized.text == "A\n\nB"
    for line in normalized.lines:
        assert normalized.text[line.start : line.end] == line.text


def test_bullet_glyphs_become_bullets() -> None:
    lines = normalize(
        [SourceLine("\uf0b7 Fotpatrullering"), SourceLine("▪ Trygghetsvandring")]
    ).lines
    assert [line.text for line in lines] == ["• Fotpatrullering", "• Trygghetsvandring"]


@given(st.lists(st.text(max_size=60), max_size=20))
def test_normalize_is_idempotent(lines: list[str]) -> None:
    once = normalize([SourceLine(line) for line in lines])
    twice = normalize([SourceLine(line.text) for line in once.lines])
    assert twice.text == once.text


# --- the fast paths agree with the regexes they stand in front of ----------------

#: Every code point, lone surrogates included, for exhaustive checks of the str gates.
_EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


@pytest.mark.parametrize(
    ("pattern", "regex_form"),
    [
        (_SPACES, r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"),
        (_INVISIBLE, r"[\u00ad\u200b-\u200d\u2060\ufeff]"),
        (_CONTROLS, r"[\x00-\x08\x0b-\x1f\x7f-\x9f\p{Cs}]"),
    ],
    ids=["spaces", "invisible", "controls"],
)
def test_character_classes_are_the_regex_module_s(
    pattern: re.Pattern[str], regex_form: str
) -> None:
    # The classes moved from the regex module to re: the same characters, every code point.
    assert pattern.findall(_EVERY_CHARACTER) == regex.findall(regex_form, _EVERY_CHARACTER)


def test_every_special_character_is_unprintable() -> None:
    # clean_characters skips the regexes for printable text.
    special = _SPECIAL.findall(_EVERY_CHARACTER)
    assert len(special) > 100
    assert [c for c in special if c.isprintable()] == []


def test_the_only_printable_whitespace_is_the_space() -> None:
    # fold_spaces returns a printable line with single inner spaces unsplit.
    assert [c for c in _EVERY_CHARACTER if c.isspace() and c.isprintable()] == [" "]


@pytest.mark.parametrize(
    "text", ["", " ", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u2028b", "å ä ö", "\x85x"]
)
def test_fold_spaces(text: str) -> None:
    assert fold_spaces(text) == " ".join(text.split())


@given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2009\u2028\x1cab"), max_size=10))
def test_fold_spaces_property(text: str) -> None:
    assert fold_spaces(text) == " ".join(text.split())


def test_every_bullet_glyph_passes_the_gate() -> None:
    # normalize skips the glyph regex when may_start_with_glyph says no.
    glyphs = [c for c in _EVERY_CHARACTER if _BULLET_GLYPHS.match(c)]
    assert len(glyphs) > 1000  # the private-use areas
    assert [g for g in glyphs if not may_start_with_glyph(g)] == []
    assert may_start_with_glyph("(cid:127) Fotpatrullering")
    assert not may_start_with_glyph("")
    assert not may_start_with_glyph("- Fotpatrullering")
    assert not may_start_with_glyph("• Fotpatrullering")
    assert not _BULLET_GLYPHS.match("• Fotpatrullering")


@given(st.text(alphabet=st.sampled_from("(cid:12) \uf0b7▪•-aÅ1\u00a0"), max_size=12))
def test_glyph_gate_never_hides_a_glyph(text: str) -> None:
    if not may_start_with_glyph(text):
        assert _BULLET_GLYPHS.sub("•", text) == text


def _reference_kind(line: str) -> str | None:
    """Residue kind by the rules in order, one pattern at a time."""
    rules = residue_rules()
    folded = " ".join(line.split()).casefold()
    if not folded:
        return None
    if rules.exact.get(folded):
        return rules.exact[folded]
    for prefix, kind in rules.prefixes:
        if folded.startswith(prefix):
            return kind
    return next((kind for pattern, kind in rules.patterns if pattern.fullmatch(folded)), None)


_RESIDUE_PIECES = [
    "sida", "Sida", " ", "  ", "2", "12", "av", "/", "(", ")", "-", "–", "logotyp", "logotypen",
    "kommuns", "Malmö", "stads", "för", "polisens", "foto:", "Foto ", "Till toppen", "x", ".",
    "ß", "İ", "\u00a0", "Trygghetsvandringar i centrum under hösten " * 2,
]  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "Sida 2 av 3",
        "2 (4)",
        "3/7",
        "- 4 -",
        "Malmö stads logotyp",
        "Logotyp för Region X",
        "Text.",
        "Foto: " + "Trygghetsvandring i centrum " * 5,
        "x" * 80 + " regions logotypen",  # the longest logo line: 98 characters
        "x" * 80 + " kommunens logotyp",
        "x" * 81 + " kommuns logotyp",
    ],
)
def test_residue_kind_matches_the_rules_in_order(line: str) -> None:
    assert residue_rules().kind_of(line) == _reference_kind(line)


@given(st.lists(st.sampled_from(_RESIDUE_PIECES), max_size=10).map("".join))
def test_residue_kind_matches_the_rules_in_order_property(line: str) -> None:
    assert residue_rules().kind_of(line) == _reference_kind(line)


@given(
    st.text(alphabet=st.sampled_from("ab-Å1 \n"), max_size=8), st.sampled_from(["ändning", "och"])
)
def test_join_hyphenation_gate_keeps_every_hyphen(current: str, following: str) -> None:
    # join_hyphenation tests endswith before the regex: it may only skip non-matches.
    if _HYPHEN_END.search(current):
        assert current.endswith(("-", "-\n"))
    else:
        assert join_hyphenation(current, following) is None


@pytest.mark.parametrize("index", range(len(residue_rules().patterns)))
@given(data=st.data())
def test_pattern_mask_keeps_every_pattern_a_line_matches(index: int, data: st.DataObject) -> None:
    # kind_of tries only the patterns that the line's first and last characters allow.
    rules = residue_rules()
    pattern = rules.patterns[index][0]
    line = data.draw(st.from_regex(re.compile(pattern.pattern, re.IGNORECASE), fullmatch=True))
    assume(pattern.fullmatch(line))
    assert rules.pattern_mask(line) >> index & 1


@pytest.mark.parametrize(
    ("line", "patterns"),
    [
        ("polisens logotyp", {0, 2}),
        ("logotyp för x", {1}),
        ("sida 2", {3}),
        ("2 (4)", {4}),
        ("- 4 -", {6}),
        ("polisen ska genomföra trygghetsvandringar.", set()),
        ("kommunen patrullerar i centrum", set()),
        # Ends in "n" like "logotypen", but not in "pen": no pattern.
        ("samverkan med polisen", set()),
        ("stadens logotypen", {0}),
    ],
)
def test_pattern_mask(line: str, patterns: set[int]) -> None:
    mask = residue_rules().pattern_mask(line)
    assert {i for i in range(len(residue_rules().patterns)) if mask >> i & 1} == patterns


def test_no_pattern_matches_a_line_longer_than_the_limit() -> None:
    # kind_of skips the patterns on longer lines. A folded line has single spaces
    # only, so each "\s+" or "\s*" in a pattern spans at most one character
    # there; the stdlib parser then bounds each pattern's width.
    rules = residue_rules()
    assert rules.pattern_max_length is not None
    for pattern, _kind in rules.patterns:
        on_folded = pattern.pattern.replace(r"\s+", r"\s").replace(r"\s*", r"\s?")
        _shortest, longest = re._parser.parse(on_folded, re.IGNORECASE).getwidth()
        assert longest <= rules.pattern_max_length, pattern.pattern


def test_case_folding_goes_character_by_character_and_never_shortens() -> None:
    # kind_of folds only the head of a long line and compares folded lengths.
    folded = [c.casefold() for c in _EVERY_CHARACTER]
    assert "".join(folded) == _EVERY_CHARACTER.casefold()
    assert min(map(len, folded)) == 1


# --- the whole-document scan stands in for per-line tests ---------------------------

_SCAN_PIECES = [
    "Polisen", "a", "e\u0301", "\u0301", "\u0327", "\u00a0", "\t", "\x85", "**", "*", "_",
    "#", "  ", " ", "\u2028", "\u2003", "å", "Ω", "\u212b", "Foto: x", "Sök", "\uf0b7", "▪",
    "-", ".", "\u0300\u0323",
]  # fmt: skip


@given(st.lists(st.lists(st.sampled_from(_SCAN_PIECES), max_size=5).map("".join), max_size=8))
def test_the_document_scan_is_the_per_line_tests(lines: list[str]) -> None:
    # Joined with spaces, the document is printable and NFC exactly when every line is.
    clean, no_markdown, no_double_space = _scan_document([SourceLine(line) for line in lines])
    assert clean == all(
        line.isprintable() and unicodedata.is_normalized("NFC", line) for line in lines
    )
    if no_markdown:
        assert clean and not any(c in line for line in lines for c in "*_#")
    if no_double_space:
        assert clean and not any("  " in line for line in lines)


@given(st.lists(st.lists(st.sampled_from(_SCAN_PIECES), max_size=5).map("".join), max_size=8))
def test_the_document_scan_changes_nothing(lines: list[str]) -> None:
    # normalize as it was: every line cleaned and tested for Markdown and double spaces.
    source_lines = [SourceLine(line) for line in lines]
    every_line = _DocumentScan(clean=False, no_markdown=False, no_double_space=False)
    with mock.patch("loftesparser.normalize._scan_document", return_value=every_line):
        expected = normalize(source_lines)
    assert normalize(source_lines) == expected


def _reference_strip_markdown(line: str) -> tuple[str, bool, bool, int | None, int]:
    """strip_markdown trying every pattern on every line with a Markdown character."""
    if not ("*" in line or "_" in line or "#" in line):
        return (line, False, False, None, 0)
    level = 0
    heading = _MD_HEADING.match(line)
    if heading:
        level = len(heading.group(1))
        line = heading.group(2).rstrip().rstrip("#").rstrip()
    bullet = _LEADING_BULLET.match(line)
    prefix_len = bullet.end() if bullet else 0
    prefix, body = line[:prefix_len], line[prefix_len:]
    bold_ranges: list[tuple[int, int]] = []
    pieces: list[str] = []
    last = out_len = 0
    for match in _MD_BOLD.finditer(body):
        pieces.append(body[last : match.start()])
        out_len += match.start() - last
        bold_ranges.append((out_len, out_len + len(match.group(2))))
        pieces.append(match.group(2))
        out_len += len(match.group(2))
        last = match.end()
    pieces.append(body[last:])
    body = _STRAY_BOLD.sub("", "".join(pieces))
    emphasis = False
    whole_emphasis = _MD_EMPHASIS.fullmatch(body)
    if whole_emphasis:
        emphasis = True
        body = whole_emphasis.group(1)
        bold_ranges = [(max(0, a - 1), max(0, b - 1)) for a, b in bold_ranges]
    else:
        body = _MD_EMPHASIS.sub(r"\1", body)
    stripped = body.rstrip()
    bold = bool(stripped) and any(a == 0 and b >= len(stripped) for a, b in bold_ranges)
    bold_tail = None
    if bold_ranges and not bold:
        start, end = bold_ranges[-1]
        if end >= len(stripped) - 1:
            bold_tail = prefix_len + start
    return (prefix + body, bold, emphasis, bold_tail, level)


_MARKDOWN_PIECES = ["**", "__", "*", "_", "#", "## ", " ", "a", "Polisen", ".", "- ", "1. ", "\t"]


@pytest.mark.parametrize(
    "line",
    [
        "- *Skapa förutsättningar för en drogfri miljö*",
        "- Trygghetsskapande patrullering/ **Polisen**",
        "## Lägesbild ##",
        "# **Rubrik** i *fetstil*",
        "snake_case och #hashtag",
        "2 * 3 = 6",
    ],
)
def test_strip_markdown_equals_trying_every_pattern(line: str) -> None:
    assert tuple(strip_markdown(line)) == _reference_strip_markdown(line)


@given(st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=12).map("".join))
def test_strip_markdown_equals_trying_every_pattern_property(line: str) -> None:
    assert tuple(strip_markdown(line)) == _reference_strip_markdown(line)


def _reference_clean_characters(text: str) -> tuple[str, int]:
    """clean_characters as three character-class substitutions on the regex module."""
    text = unicodedata.normalize("NFC", text)
    text = regex.sub(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    text = regex.sub(r"[\u00ad\u200b-\u200d\u2060\ufeff]", "", text)
    return regex.subn(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\p{Cs}]", "", text)


_SPECIAL_PIECES = list("a å\t\u00a0\u2003\u3000\u00ad\u200b\ufeff\x00\x07\x1c\x85\x9f\ud800\u2028")


@given(st.lists(st.sampled_from([*_SPECIAL_PIECES, "e\u0301", "Polisen"]), max_size=12))
def test_clean_characters_equals_the_substitutions(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert clean_characters(text) == _reference_clean_characters(text)
