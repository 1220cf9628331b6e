"""Segment: headings, titles, list items, wraps, signature blocks (table-driven)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from loftesparser.normalize import TextLine, normalize
from loftesparser.readers import read_text_str
from loftesparser.segment import (
    _BULLET,
    _DATE_ONLY,
    _DOTTED,
    _PLACE_DATE,
    _SENTENCE_BREAK,
    Block,
    _continues_item,
    _continues_paragraph,
    _has_sentence_break,
    _list_item,
    _make_block,
    _raw_blocks,
    _signature_tail,
    _split_raw_block,
    _strong,
    _words,
    _wraps_into,
    is_date_only,
    is_dotted_line,
    is_heading_text,
    is_organisation_line,
    is_person_name,
    is_placeholder_line,
    is_signature_line,
    match_bullet,
    place_date,
    signature_vocabulary,
)
from tests.conftest import structure_of


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Tryggheten:", True),
        ("Tidsram", True),
        ("Lägesbild", True),
        ("Uppföljning", True),
        ("Det här ska vi göra:", True),
        ("Vårt löfte till dig", True),
        ("MEDBORGARLÖFTE 2017", True),
        ("Polisen och kommunen kommer tillsammans att...", True),
        ("Vad är medborgarlöften?", True),
        ("Följande aktiviteter ska göras för att uppnå detta:", False),
        ("Tillsammans kommer vi bland annat jobba med följande aktiviteter 2017:", False),
        ("Den sammanvägda bilden av de problemområden som finns i Forshaga kommun är:", False),
        ("Polisen har analyserat läget.", False),
        ("2019-11-19", False),
        ("Sunne kommun", False),
        ("narkotika- och alkoholrelaterad brottslighet", False),
        ("- Fotpatrullering", False),
    ],
)
def test_heading_text(text: str, heading: bool) -> None:
    assert is_heading_text(text) is heading


@pytest.mark.parametrize(
    ("line", "bullet"),
    [
        ("- Fotpatrullering", "-"),
        ("• Fotpatrullering", "•"),
        ("•Fotpatrullering", "•"),
        ("* Fotpatrullering", "*"),
        ("– Fotpatrullering", "–"),
        ("1. Fotpatrullering", "1."),
        ("12) Fotpatrullering", "12)"),
        ("a) Fotpatrullering", "a)"),
        ("... genomföra tillsyn", "..."),
        ("… genomföra tillsyn", "…"),
        ("1. genomföra tillsyn", "1."),
        ("2. 2020 var ett bra år", None),
        ("2019-11-19", None),
        ("– och det var allt", None),
        ("Fotpatrullering", None),
    ],
)
def test_bullets(line: str, bullet: str | None) -> None:
    match = match_bullet(line)
    assert (match.group("bullet") if match else None) == bullet


@pytest.mark.parametrize(
    ("line", "signature"),
    [
        ("Jens Fischer", True),
        ("Per Lawén (S),", True),
        ("Kommunstyrelsens ordförande", True),
        ("Tf Lokalpolisområdeschef", True),
        ("Chef LPO Karlstad", True),
        ("Habo 2016-12-06", True),
        ("Ort och datum", True),
        (".....", True),
        ("________________________", True),
        ("Sunne kommun", True),
        ("Polisen har analyserat läget.", False),
        ("- genomföra tillsyn", False),
    ],
)
def test_signature_lines(line: str, signature: bool) -> None:
    assert is_signature_line(line) is signature


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jens Fischer", True),
        ("Anna-Karin Ek", True),
        ("Carl von Platen", True),
        ("Per Lawén (S),", True),
        ("Sunne kommun", False),
        ("Tf Lokalpolisområdeschef", False),
        ("Trygghet", False),
        ("Polisen lovar", False),
    ],
)
def test_person_names(text: str, name: bool) -> None:
    assert is_person_name(text) is name


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in structure_of(text).blocks]


def test_title_is_first_heading_before_content() -> None:
    structure = structure_of(
        "2019-11-19\n\nMedborgarlöfte\n\nText om löftet.\n\nLägesbild\n\nMer text.\n"
    )
    assert structure.title is not None and structure.title.text == "Medborgarlöfte"
    assert [h.text for h in structure.headings] == ["Lägesbild"]


def test_heading_directly_followed_by_paragraph() -> None:
    blocks = _kinds("Titel\n\nLägesbild\nVid enkäten framkom önskemål.\nNya uppgifter saknas.\n")
    assert ("heading", "Lägesbild") in blocks
    assert ("paragraph", "Vid enkäten framkom önskemål.") in blocks
    assert ("paragraph", "Nya uppgifter saknas.") in blocks


def test_wrapped_list_item_and_marker_on_next_line() -> None:
    text = "Titel\n\nAktiviteter\n\n- Trafikkontroller ska genomföras med\nfokus på hastighet\n/ Polisen\n- Nästa punkt\n"
    items = [b.text for b in structure_of(text).blocks if b.kind == "list_item"]
    assert items == [
        "Trafikkontroller ska genomföras med fokus på hastighet / Polisen",
        "Nästa punkt",
    ]


def test_colon_paragraph_joins_lowercase_continuation() -> None:
    text = "Titel\n\nVi kommer att arbeta mot:\n\nnarkotika bland unga.\n\nSlut.\n"
    paragraphs = [b.text for b in structure_of(text).blocks if b.kind == "paragraph"]
    assert paragraphs[0] == "Vi kommer att arbeta mot: narkotika bland unga."


def test_heading_without_content_after_it_is_not_a_heading() -> None:
    structure = structure_of("Titel\n\nText.\n\nSunne kommun\n\nTill toppen\n")
    assert structure.headings == []


def test_signature_block_at_end() -> None:
    text = (
        "Titel\n\nText om löftet.\n\n.....\nOrt och datum\n\n.....\nJens Fischer\n"
        "Kommunstyrelsens ordförande\n\n.....\nHenrik Gustavsson\nTf Lokalpolisområdeschef\n"
    )
    structure = structure_of(text)
    signature = [b.text for b in structure.signature_blocks()]
    assert "Jens Fischer" in signature and "Tf Lokalpolisområdeschef" in signature
    assert [b.text for b in structure.content_blocks()] == ["Text om löftet."]


def test_lists_are_numbered_by_run_and_style() -> None:
    structure = structure_of("T\n\n1. a\n2. b\n\n- c\n- d\n\nText.\n\n- e\n")
    ids = [b.list_id for b in structure.blocks if b.kind == "list_item"]
    assert ids == [0, 0, 1, 1, 2]


def test_spans_point_at_block_text() -> None:
    text = "Titel\n\n- Polisen ska\n  patrullera\n\n... genomföra tillsyn.\n"
    structure = structure_of(text)
    for block in structure.blocks:
        assert " ".join(structure.text[block.start : block.end].split()) == block.text


# --- the first-character gates skip only lines their pattern cannot match ---------


@pytest.mark.parametrize(
    ("pattern", "skip_line"),
    [
        (_BULLET, lambda c: c.isalpha() and c not in "abcdefgh"),
        (_DOTTED, lambda c: c.isalnum()),
        (_DATE_ONLY, lambda c: c.isalpha() and c not in "dD"),
        (_PLACE_DATE, lambda c: c.islower() or (c.isascii() and not c.isupper())),
    ],
    ids=["bullet", "dotted", "date_only", "place_date"],
)
def test_first_character_gates(
    pattern: regex.Pattern[str], skip_line: Callable[[str], bool]
) -> None:
    # A partial match means some line starting with that character could match.
    skipped = [c for c in map(chr, range(0x110000)) if skip_line(c)]  # every code point
    assert len(skipped) > 50
    assert [c for c in skipped if pattern.match(c, partial=True)] == []


@pytest.mark.parametrize(
    "text",
    ["", "Den 12 maj 2020", "2019-11-19", " 12/5 2020 ", "Habo 2016-12-06", "habo 2016-12-06",
     "Habo 2016-12-06 ", "Habo den 12 maj 2020", "Övre Ullerud, 12/5 20", "Habo 2016-12-06x",
     "....", "– – –", "a) punkt", "Ändå", "1.5 miljoner", "(2) punkt"],
)  # fmt: skip
def test_gated_predicates_agree_with_their_patterns(text: str) -> None:
    stripped = text.strip()
    assert is_date_only(text) is bool(_DATE_ONLY.match(stripped))
    assert is_dotted_line(text) is bool(_DOTTED.match(text))
    assert (place_date(text) is None) is (_PLACE_DATE.match(stripped) is None)
    assert (match_bullet(text) is None) is (match_bullet_reference(text) is None)


def test_the_ascii_digits_are_the_regex_digits_below_128() -> None:
    # place_date tests an ASCII last character against 0-9 instead of the regex's \d.
    assert [c for c in map(chr, range(128)) if regex.match(r"\d", c)] == list("0123456789")


def match_bullet_reference(text: str) -> regex.Match[str] | None:
    """match_bullet without its first-character gate."""
    match = _BULLET.match(text)
    if match is None:
        return None
    bullet, rest = match.group("bullet"), text[match.end() :]
    if bullet[0].isdigit() and rest[:1].isdigit():
        return None
    if bullet in "–—" and rest[:1].islower():
        return None
    return match


@given(st.text(alphabet=st.sampled_from("Dd1-–.…•aÅé) /:e n2,H\n"), max_size=16))
def test_gated_predicates_agree_with_their_patterns_property(text: str) -> None:
    test_gated_predicates_agree_with_their_patterns(text)


def _reference_is_organisation_line(text: str) -> bool:
    """is_organisation_line folding word by word (before it folded the line once)."""
    words = text.strip().rstrip(".:,").split()
    if not 1 <= len(words) <= 5:
        return False
    organisation = signature_vocabulary().organisation_words
    folded = [w.casefold() for w in words]
    if not any(w in organisation for w in folded):
        return False
    return all(w in organisation or words[i][:1].isupper() for i, w in enumerate(folded))


@given(
    st.lists(
        st.sampled_from(["Sunne", "kommun", "KOMMUN", "Polisen", "region", "Gotland", "och", "İ",
                         "ß", "\u00a0", " ", ".", ":", ",", "ﬁ", "Σ"]),
        max_size=8,
    ).map("".join)
)  # fmt: skip
def test_is_organisation_line_matches_word_by_word_folding(text: str) -> None:
    assert is_organisation_line(text) is _reference_is_organisation_line(text)


def _reference_signature_tail(raw_blocks: list[list[TextLine]]) -> int:
    """_signature_tail testing each line as a signature line, then the tail again for strength."""
    start = len(raw_blocks)
    for index in range(len(raw_blocks) - 1, -1, -1):
        if all(is_signature_line(line.text) for line in raw_blocks[index]):
            start = index
        else:
            break
    if start == len(raw_blocks):
        return start
    tail_lines = [line.text for raw in raw_blocks[start:] for line in raw]
    strong = any(
        is_person_name(t)
        or is_placeholder_line(t)
        or is_dotted_line(t)
        or place_date(t)
        or is_organisation_line(t)
        or is_date_only(t)
        for t in tail_lines
    )
    return start if strong else len(raw_blocks)


def _reference_heading_line(lines: list[TextLine], i: int, body_size: float | None) -> bool:
    """_heading_line testing the line (and the next) for a bullet and counting words again."""
    line = lines[i]
    strong = _strong(line, body_size)
    if not is_heading_text(line.text, strong=strong):
        return False
    if len(lines) == 1:
        return True
    if i > 0 and lines[i - 1].text.rstrip()[-1:] not in ".!?:" and not strong:
        return False
    if i == len(lines) - 1:
        return strong
    if not strong and _wraps_into(line, lines[i + 1]):
        return False
    following = lines[i + 1].text
    short = len(_words(line.text)) <= 6
    ends_open = line.text.rstrip()[-1:] not in ".!?"
    return (
        (strong or short)
        and ends_open
        and (following[:1].isupper() or bool(match_bullet(following)))
    )


def _reference_split_raw_block(raw: list[TextLine], body_size: float | None) -> list[Block]:
    """_split_raw_block with one loop for every block, a one-line block too."""
    blocks: list[Block] = []
    group: list[TextLine] = []
    bullet: regex.Match[str] | None = None

    def flush() -> None:
        nonlocal group, bullet
        if group:
            blocks.append(_list_item(group, bullet) if bullet else _make_block("paragraph", group))
        group, bullet = [], None

    for i, line in enumerate(raw):
        match = match_bullet(line.text)
        if match:
            flush()
            group, bullet = [line], match
            continue
        if _reference_heading_line(raw, i, body_size):
            flush()
            blocks.append(_make_block("heading", [line]))
            continue
        if group and (
            _continues_item(group[-1], line) if bullet else _continues_paragraph(group[-1], line)
        ):
            group.append(line)
            continue
        flush()
        group = [line]
    flush()
    return blocks


_SEGMENT_LINES = [
    "Jens Fischer", "Per Lawén (S),", "Kommunstyrelsens ordförande", "Tf Lokalpolisområdeschef",
    "Habo 2016-12-06", "Ort och datum", ".....", "Sunne kommun", "Polisen", "2019-11-19",
    "Polisen har analyserat läget.", "- genomföra tillsyn", "Lägesbild", "Det här ska vi göra:",
    "och fortsätter i centrum", "1. Fotpatrullering", "... genomföra tillsyn", "MEDBORGARLÖFTE",
    "Vi ska arbeta med ungdomar", "Chef LPO Karlstad", "", "",
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Lägesbild\n\nPolisen har analyserat läget.\n\nJens Fischer\nKommunstyrelsens ordförande",
        "Lägesbild\n\nPolisen har analyserat läget.\n\nKommunstyrelsens ordförande",
        "Lägesbild\n\nPolisen har analyserat läget.\n\nSunne kommun\n\nPolisen",
        "Ort och datum\n\nJens Fischer\n\nTf Lokalpolisområdeschef",
        "Det här ska vi göra:\n- genomföra tillsyn\noch fortsätter i centrum\nLägesbild\nVi ska",
    ],
)
def test_segment_steps_match_their_references(text: str) -> None:
    raw_blocks = _raw_blocks(normalize(read_text_str(text).lines).lines)
    assert _signature_tail(raw_blocks) == _reference_signature_tail(raw_blocks)
    for raw in raw_blocks:
        assert _split_raw_block(raw, None) == _reference_split_raw_block(raw, None)


@given(st.lists(st.sampled_from(_SEGMENT_LINES), min_size=1, max_size=12).map("\n".join))
def test_segment_steps_match_their_references_property(text: str) -> None:
    if text.strip():
        test_segment_steps_match_their_references(text)


@given(st.text(alphabet=st.sampled_from(".!?;, \t\u00a0\u2028AaÅéx1"), max_size=12))
def test_sentence_break_gate_equals_the_pattern(text: str) -> None:
    # _has_sentence_break skips the regex when the text holds none of ".!?".
    assert _has_sentence_break(text) is bool(_SENTENCE_BREAK.search(text))
