"""Ownership: who is responsible for an activity.

Swedish medborgarlöften mark ownership in four ways, checked in this order:

1. a trailing **marker** on the item: "… platser/ **Polisen**", "… /Polis och
   Kommun", "… ska ske. / Kommunen.", "(Polisen)", "– Kommunen",
   "Ansvar: Polisen", also on the next line after a wrapped item;
2. the item's own **subject**: "Polisen kommer…", "Områdespoliserna ska…",
   "Habo kommuns ska…", "Tillsammans kommer vi…", "I skolan ska polisen…";
3. the **header** that owns the list: "Polisen lovar:", "Forshaga kommun
   kommer att...", "Tillsammans kommer vi … följande aktiviteter";
4. the **document's framing**: "vad polisen och kommunen lovar att åstadkomma
   tillsammans".

A slash inside an item is not a marker ("alkohol/droger",
"trafikkontroll/vecka", "2020/ 2021"): a marker must be an actor phrase that
runs to the end of the item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from loftesparser.lexicon import REGEX_WHITE_SPACE, load_toml, string_list
from loftesparser.models import Actor

# Only the end of an item can hold a marker; bounding the search keeps
# pathological input (50,000 slashes) linear.
_MARKER_WINDOW = 160
_SUBJECT_WINDOW = 240

_NAME = r"(?-i:\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}\-]+){0,2})"
# A name that spaces or a comma must follow: giving back letters or hyphens
# could never let those match, so its runs are possessive (on the many
# capitalised words that are no kommun, the pattern then fails at once).
_NAME_BEFORE_SPACE = _NAME.replace("]+", "]++")
# Other organisations that may share an activity with a party ("/ Polisen och
# Räddningstjänsten"): a capitalised word with an organisation ending, the ending
# after the capital. Taking the whole word at once and looking back for an ending
# that is not the whole word finds the same words as trying every split of it,
# as no ending is another's suffix (data/actors.toml, checked by a test).
_OTHER_ORGANISATION = r"(?-i:\p{{Lu}})\p{{L}}*+(?<={ending})(?<!(?<!\w){ending})(?!\w)"
_SEPARATOR = r"\s*(?:,|&|\+|/|\boch\b|\bsamt\b|\bresp(?:ektive|\.)?\b)\s*"


@dataclass(frozen=True, slots=True)
class Marker:
    """A trailing ownership marker found on an item."""

    actors: frozenset[Actor]
    #: The marker as written ("/ Polisen och kommunen", "(Polisen)").
    raw: str
    #: Offset in the item text where the marker (with its separator) begins.
    start: int
    #: Non-party organisations named in the marker ("räddningstjänsten").
    others: tuple[str, ...] = ()


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "polismyndigheten" wins over "polis".
    escaped = sorted((regex.escape(w) for w in words), key=len, reverse=True)
    return "(?:" + "|".join(escaped) + ")"


@dataclass(frozen=True, slots=True)
class ActorPatterns:
    """Compiled actor vocabulary from ``data/actors.toml``."""

    police: regex.Pattern[str]
    kommun: regex.Pattern[str]
    both: regex.Pattern[str]
    term: regex.Pattern[str]
    phrase: str
    #: An actor phrase at the start of a text. Every term ends before a non-word
    #: character, so a match is also a whole word group (the inverted subject).
    phrase_start: regex.Pattern[str]
    verbs: frozenset[str]
    subject: regex.Pattern[str]
    #: Verbs after which the subject follows ("I skolan ska polisen ...").
    inverted_verbs: frozenset[str]
    #: One of them between white space, found in every case-folded text that has
    #: one as a word after the first (the stdlib's \s holds the regex module's).
    inverted_verb_cue: re.Pattern[str]
    slash_marker: regex.Pattern[str]
    paren_marker: regex.Pattern[str]
    dash_marker: regex.Pattern[str]
    label_marker: regex.Pattern[str]


# Compiling the phrase pattern is costly (full case folding of every vocabulary
# word), so each pattern holds the term once: the phrase's later terms call it.
_TERM_CALL = "(?&term)"
_FLAGS = regex.IGNORECASE | regex.VERSION1


def _phrase_of(term: str) -> str:
    """The pattern of an actor phrase: terms joined by separators ("Polis och Kommun")."""
    return rf"(?P<term>{term})(?:{_SEPARATOR}{_TERM_CALL})*"


@dataclass(frozen=True, slots=True)
class _ActorSources:
    """The uncompiled actor patterns built from ``data/actors.toml``."""

    police: str
    kommun: str
    both: str
    #: One actor term, with the groups police, kommun, both and other.
    term: str


def _actor_sources() -> _ActorSources:
    data = load_toml("actors.toml")
    source = "actors.toml"
    police_words = string_list(data["polisen"], "words", source=source)
    police_prefixes = string_list(data["polisen"], "named_prefixes", source=source)
    kommun_words = string_list(data["kommunen"], "words", source=source)
    kommun_suffixes = string_list(data["kommunen"], "named_suffixes", source=source)
    kommun_prefixes = string_list(data["kommunen"], "named_prefixes", source=source)
    units = string_list(data["kommunen"], "units", source=source)
    both_words = string_list(data["both"], "words", source=source)
    endings = string_list(data["other"], "endings", source=source)

    police = rf"(?:{_alternation(police_prefixes)}\s+{_NAME}|{_alternation(police_words)})(?!\w)"
    # "Stenungsunds, Orusts och Tjörns kommuner": several kommuner as one party.
    name = _NAME_BEFORE_SPACE
    kommun_list = rf"{name}(?:\s*,\s*{name}){{0,8}}\s+(?:och|samt)\s+{name}\s+kommuner(?:na)?"
    kommun = (
        rf"(?:{kommun_list}|{name}\s+{_alternation(kommun_suffixes)}"
        rf"|{_alternation(kommun_prefixes)}\s+{_NAME}"
        rf"|{_alternation(units)}|{_alternation(kommun_words)})(?!\w)"
    )
    both = rf"(?:{_alternation(both_words)})(?!\w)"
    term = (
        rf"(?<!\w)(?:(?P<police>{police})|(?P<kommun>{kommun})|(?P<both>{both})"
        rf"|(?P<other>{_OTHER_ORGANISATION.format(ending=_alternation(endings))}))"
    )
    return _ActorSources(police=police, kommun=kommun, both=both, term=term)


@lru_cache(maxsize=1)
def actor_patterns() -> ActorPatterns:
    """Build the actor regexes once per process."""
    data = load_toml("actors.toml")
    source = "actors.toml"
    verbs = frozenset(string_list(data["verbs"], "finite", source=source))
    inverted_verbs = frozenset(
        w.casefold() for w in string_list(data["verbs"], "inverted", source=source)
    )
    sources = _actor_sources()
    phrase = _phrase_of(sources.term)
    flags = _FLAGS
    # "/ Polisen", "/Polis och Kommun", "/ Kommunen." at the very end.
    slash = rf"(?P<sep>\s*/\s*)(?P<phrase>{phrase})\s*[.!]?\s*$"
    paren = rf"(?P<sep>\s*)\(\s*(?:ansvar(?:ig|iga)?\s*:?\s*)?(?P<phrase>{phrase})\s*\)\s*[.!]?\s*$"
    dash = rf"(?P<sep>\s+[–—-]\s+)(?P<phrase>{phrase})\s*[.!]?\s*$"
    label = (
        rf"(?P<sep>(?:^|(?<=[\s.;,]))(?:huvud)?ansvar(?:ig|iga|ar)?(?:\s+för\s+genomförande)?\s*:\s*)"
        rf"(?P<phrase>{phrase})\s*[.!]?\s*$"
    )
    subject = rf"^(?P<phrase>{phrase})\s+(?P<verb>\p{{L}}+)"
    return ActorPatterns(
        police=regex.compile(rf"(?<!\w){sources.police}", flags),
        kommun=regex.compile(rf"(?<!\w){sources.kommun}", flags),
        both=regex.compile(rf"(?<!\w){sources.both}", flags),
        term=regex.compile(sources.term, flags),
        phrase=phrase,
        phrase_start=regex.compile(rf"(?:{phrase})", flags),
        verbs=verbs,
        subject=regex.compile(subject, flags),
        inverted_verbs=inverted_verbs,
        inverted_verb_cue=re.compile(
            rf"\s(?:{'|'.join(re.escape(verb) for verb in sorted(inverted_verbs))})\s"
        ),
        slash_marker=regex.compile(slash, flags),
        paren_marker=regex.compile(paren, flags),
        dash_marker=regex.compile(dash, flags),
        label_marker=regex.compile(label, flags),
    )


@lru_cache(maxsize=1)
def _opening_words() -> tuple[tuple[str, ...], int]:
    """The case-folded vocabulary words an actor phrase may open with, and the longest's length.

    Every other opening is a capitalised word (a kommun's or an organisation's name).
    """
    data = load_toml("actors.toml")
    word_lists = (
        ("polisen", "words"),
        ("polisen", "named_prefixes"),
        ("kommunen", "words"),
        ("kommunen", "named_prefixes"),
        ("kommunen", "units"),
        ("both", "words"),
    )
    words = {
        word.casefold()
        for table, key in word_lists
        for word in string_list(data[table], key, source="actors.toml")
    }
    return tuple(sorted(words)), max(map(len, words))


@lru_cache(maxsize=1)
def _named_opening() -> regex.Pattern[str]:
    """What a text opens with when an actor phrase opening with no vocabulary word starts it.

    Such a term is a kommun's name (a capitalised word, then more names, a
    comma, "och"/"samt" of a list of kommuner, or the kommun word after it:
    "Habo kommun", "Stenungsunds, Orusts och Tjörns kommuner") or an
    organisation's name ("Räddningstjänsten", its term as written).
    """
    data = load_toml("actors.toml")
    suffixes = string_list(data["kommunen"], "named_suffixes", source="actors.toml")
    endings = string_list(data["other"], "endings", source="actors.toml")
    first_name = r"(?-i:\p{Lu}[\p{L}\-]++)"
    after_name = rf"(?:\s*,|\s+(?:(?-i:\p{{Lu}})|och|samt|{_alternation(suffixes)}))"
    organisation = _OTHER_ORGANISATION.format(ending=_alternation(endings))
    return regex.compile(rf"{first_name}{after_name}|{organisation}", _FLAGS)


def may_open_with_phrase(text: str) -> bool:
    """False only when no actor phrase starts at the beginning of ``text``.

    A phrase opens with a vocabulary word or a kommun's or organisation's
    name (:func:`_named_opening`). Many texts open with neither ("genomföra
    ...", "Fotpatrullering i centrum ..."), and this test costs far less than
    the phrase pattern. A word the pattern matches ignoring case is in the
    case-folded text (folding goes character by character), so only as many
    characters as the longest word need folding.
    """
    words, longest = _opening_words()
    if text[:longest].casefold().startswith(words):
        return True
    # A name opens with a capital: no lower-case letter is one (tested on every code point).
    if text[:1].islower():
        return False
    return _named_opening().match(text) is not None


@lru_cache(maxsize=1)
def _marker_line() -> regex.Pattern[str]:
    # Only :func:`marker_only_line` needs it: compiled on its first use.
    phrase = _phrase_of(_actor_sources().term)
    return regex.compile(
        rf"^\s*(?:/|\(|[–—-]\s|(?:huvud)?ansvar(?:ig|iga|ar)?\s*:)\s*"
        rf"(?P<phrase>{phrase})\s*\)?\s*[.!]?\s*$",
        _FLAGS,
    )


def actors_of_phrase(phrase: str) -> frozenset[Actor]:
    """The parties an actor phrase names: "Polis och Kommun" → both."""
    return _phrase_parties(phrase)[0]


def other_organisations(phrase: str) -> tuple[str, ...]:
    """Organisations in an actor phrase that are neither party ("Räddningstjänsten")."""
    return _phrase_parties(phrase)[1]


_Parties = tuple[frozenset[Actor], tuple[str, ...]]


# Documents name their parties in few phrases ("Polisen", "Polis och kommun", one
# kommun's name), over and over: each phrase's terms are scanned once (bounded).
@lru_cache(maxsize=1 << 12)
def _phrase_parties(phrase: str) -> _Parties:
    """:func:`actors_of_phrase` and :func:`other_organisations` from one scan of the terms."""
    return _scan_phrase_parties(phrase)


def _scan_phrase_parties(phrase: str) -> _Parties:
    actors: set[Actor] = set()
    others: list[str] = []
    for match in actor_patterns().term.finditer(phrase):
        if match.group("police"):
            actors.add("polisen")
        elif match.group("kommun"):
            actors.add("kommunen")
        elif match.group("both"):
            actors.update(("polisen", "kommunen"))
        else:
            others.append(match.group("other").casefold())
    return frozenset(actors), tuple(others)


def _starts_upper(text: str) -> bool:
    stripped = text.lstrip(" */(")
    return stripped[:1].isupper()


# The signs a marker other than a label starts with ("/ Polisen", "(Polisen)",
# "– Polisen"). The marker patterns are tried at every position of the item:
# on items without the sign that is costly for nothing.
# A sign of one character is looked for with ``in`` (no pattern call). A label
# ("Ansvar: Polisen") holds its colon, a character only itself matches even ignoring
# case (tested on every code point).
_MARKER_SIGN_CHARACTERS: dict[str, str] = {"label": ":", "paren": "(", "slash": "/"}
#: The dashes a dash marker's separator may hold.
_DASHES = "–—-"
_MARKER_SIGNS: dict[str, re.Pattern[str]] = {
    # The dash marker's separator: a dash between white space ("-" alone is mostly a
    # hyphen). The stdlib's \s holds every character the regex module's \s does.
    "dash": re.compile(rf"\s[{_DASHES}]\s"),
}


def _may_hold_any_marker(window: str) -> bool:
    """False only when ``window`` holds no kind's sign (most items): each kind's sign
    holds one of these characters."""
    return (
        "/" in window
        or "(" in window
        or ":" in window
        or "-" in window
        or "–" in window
        or "—" in window
    )


def _may_hold_marker(kind: str, window: str) -> bool:
    """Could ``window`` hold a marker of ``kind``? False only when its sign is missing."""
    character = _MARKER_SIGN_CHARACTERS.get(kind, "")
    sign = _MARKER_SIGNS.get(kind)
    return (not character or character in window) and (
        sign is None or sign.search(window) is not None
    )


# The regex module's \s for the stdlib engine (see lexicon.REGEX_WHITE_SPACE).
_WHITE_SPACE = REGEX_WHITE_SPACE


@dataclass(frozen=True, slots=True)
class _SignedMarker:
    """A marker kind that opens with a sign: the pattern split where the sign's white space ends.

    Where the marker pattern matches, its separator is the white space run
    before the sign, the sign and the white space after it (what follows
    opens with a letter, so the runs are taken whole). The pattern's search
    therefore finds what trying :attr:`tail` after each sign, leftmost first,
    finds; and the few tails items end in ("Polisen", "Polis och kommun") are
    matched once.
    """

    #: The white space run before the sign and the sign, leftmost at each sign; its
    #: group 1 (looked ahead at) is the white space after the sign.
    before: re.Pattern[str]
    #: Whether the pattern's separator runs to the tail ("/ ") or ends before the sign ("(").
    sep_through_sign: bool
    #: The rest of the marker pattern, matched on the text after the sign's white space.
    tail: regex.Pattern[str]


#: The tail of a marker: the offset of its phrase in the tail, and the phrase.
_Tail = tuple[int, str] | None


# Items end in few tails ("Polisen", "Polis och kommun"): each is matched once (bounded).
@lru_cache(maxsize=1 << 12)
def _tail_phrase(tail_pattern: regex.Pattern[str], tail: str) -> _Tail:
    """Where the marker's phrase starts in ``tail``, and the phrase (``None``: no marker)."""
    match = tail_pattern.match(tail)
    return (match.start("phrase"), match.group("phrase")) if match else None


_MarkerKind = tuple[str, regex.Pattern[str], str, re.Pattern[str] | None, _SignedMarker | None]


@lru_cache(maxsize=1)
def _marker_kinds() -> tuple[_MarkerKind, ...]:
    """Each kind of marker in the order tried, with its pattern, sign and split form (if any)."""
    patterns = actor_patterns()
    phrase_end = rf"(?P<phrase>{patterns.phrase})\s*[.!]?\s*$"
    to_the_end = regex.compile(phrase_end, _FLAGS)
    signed = {
        "paren": _SignedMarker(
            re.compile(rf"{_WHITE_SPACE}*\((?=({_WHITE_SPACE}*))"),
            False,
            regex.compile(
                rf"(?:ansvar(?:ig|iga)?\s*:?\s*)?(?P<phrase>{patterns.phrase})\s*\)\s*[.!]?\s*$",
                _FLAGS,
            ),
        ),
        "slash": _SignedMarker(
            re.compile(rf"{_WHITE_SPACE}*/(?=({_WHITE_SPACE}*))"), True, to_the_end
        ),
        "dash": _SignedMarker(
            re.compile(rf"{_WHITE_SPACE}+[–—-](?=({_WHITE_SPACE}+))"), True, to_the_end
        ),
    }
    return tuple(
        (
            kind,
            pattern,
            _MARKER_SIGN_CHARACTERS.get(kind, ""),
            _MARKER_SIGNS.get(kind),
            signed.get(kind),
        )
        for kind, pattern in (
            ("label", patterns.label_marker),
            ("paren", patterns.paren_marker),
            ("slash", patterns.slash_marker),
            ("dash", patterns.dash_marker),
        )
    )


#: Where a marker starts, its separator ("/ "), where its phrase starts, and the phrase.
_MarkerSpan = tuple[int, str, int, str]


def _search_marker(pattern: regex.Pattern[str], window: str) -> _MarkerSpan | None:
    match = pattern.search(window)
    if match is None:
        return None
    return match.start(), match.group("sep"), match.start("phrase"), match.group("phrase")


def _search_signed_marker(signed: _SignedMarker, window: str) -> _MarkerSpan | None:
    """:func:`_search_marker` of a signed kind's pattern, tail by tail."""
    for before in signed.before.finditer(window):
        tail_start = before.end(1)
        tail = window[tail_start:]
        found = _tail_phrase(signed.tail, tail)
        if found is not None:
            offset, phrase = found
            start = before.start()
            sep = (
                window[start:tail_start]
                if signed.sep_through_sign
                else window[start : before.end() - 1]
            )
            return start, sep, tail_start + offset, phrase
    return None


def find_marker(text: str, *, bold_from: int | None = None) -> Marker | None:
    """The trailing ownership marker of an item's text, or None.

    ``bold_from`` is the offset in ``text`` where a trailing bold run starts
    (Markdown ``**Polisen**`` or a bold PDF face): bold is evidence that a
    lower-case phrase after a slash is a marker.
    """
    offset = max(0, len(text) - _MARKER_WINDOW)
    window = text[offset:]
    if not _may_hold_any_marker(window):
        return None
    for kind, pattern, character, sign, signed in _marker_kinds():
        # As _may_hold_marker, without a call per kind.
        if character and character not in window:
            continue
        if sign is not None and sign.search(window) is None:
            continue
        found = (
            _search_marker(pattern, window)
            if signed is None
            else _search_signed_marker(signed, window)
        )
        if found is None:
            continue
        match_start, sep, match_phrase_start, phrase = found
        start = offset + match_start
        phrase_start = offset + match_phrase_start
        if start == 0 and kind != "label":
            continue  # the whole item is an actor phrase: not a marker on something
        bold = bold_from is not None and bold_from <= phrase_start + 1
        if kind == "slash" and not (_starts_upper(phrase) or bold or " " in sep):
            continue  # "skola/polis": a slash pair inside the sentence
        if kind == "dash" and not (_starts_upper(phrase) or bold):
            continue
        actors, others = _phrase_parties(phrase)
        if actors:
            return Marker(actors=actors, raw=text[start:].strip(), start=start, others=others)
    return None


def marker_only_line(text: str) -> Marker | None:
    """A line that is nothing but a marker ("/ Polisen", "Ansvar: Kommunen")."""
    match = _marker_line().match(text[:_MARKER_WINDOW])
    if match is None or match.end() < len(text.rstrip()):
        return None
    actors = actors_of_phrase(match.group("phrase"))
    return Marker(actors=actors, raw=text.strip(), start=0) if actors else None


def subject_actors(text: str) -> frozenset[Actor] | None:
    """The parties that are the grammatical subject at the start of ``text``.

    "Polisen kommer utföra…" → polisen; "Habo kommuns ska…" → kommunen;
    "Tillsammans kommer vi…" → both; "Polisens närvaro…" → None (a genitive
    followed by a noun is not a subject).
    """
    head = text.lstrip(".… ")[:_SUBJECT_WINDOW]
    actors = _direct_subject(head)
    if actors is not None:
        return actors
    return _inverted_subject(head)


# A fronted word and the space after it: only plain words may stand before the verb.
_FRONT_WORD = regex.compile(r"[\p{L}\p{N}\-]+\s+")
_MAX_FRONTED_WORDS = 6


def _inverted_subject(head: str) -> frozenset[Actor] | None:
    """Verb-second after a fronted adverbial: "I skolan ska polisen ..." → polisen.

    Walks the words once (no backtracking regex): one to six plain words,
    an inverting verb, then an actor phrase.
    """
    patterns = actor_patterns()
    if patterns.inverted_verb_cue.search(head.casefold()) is None:
        return None  # most heads: no inverting verb to walk to
    position = 0
    for index in range(_MAX_FRONTED_WORDS + 1):
        word = _FRONT_WORD.match(head, position)
        if word is None:
            return None
        position = word.end()
        if index == 0 or word.group().rstrip().casefold() not in patterns.inverted_verbs:
            continue
        if not may_open_with_phrase(head[position:]):
            continue
        inverted = patterns.phrase_start.match(head, position)
        if inverted:
            actors = actors_of_phrase(inverted.group())
            if actors:
                return actors
    return None


def _direct_subject(head: str) -> frozenset[Actor] | None:
    """An actor phrase opening ``head`` and followed by a verb."""
    if not may_open_with_phrase(head):
        return None
    patterns = actor_patterns()
    match = patterns.subject.match(head)
    if match is None:
        return None
    verb = match.group("verb").casefold()
    if verb not in patterns.verbs and not _looks_finite(verb):
        return None
    return actors_of_phrase(match.group("phrase")) or None


def _looks_finite(word: str) -> bool:
    # Swedish present tense ends in -r (genomför, arbetar, erbjuder); past in -de/-te.
    return len(word) > 3 and word.endswith(("ar", "er", "ör", "ir", "är", "de", "te"))


def header_actors(text: str) -> frozenset[Actor] | None:
    """The parties a list header or heading assigns.

    "Polisen lovar:", "Forshaga kommun kommer att...", "Tillsammans lovar
    Polisen och X kommun:", "Tillsammans kommer vi … följande aktiviteter".
    Only a subject at the start counts: "Det här ska vi göra" names no owner.
    """
    patterns = actor_patterns()
    head = text.lstrip(".… ")[:_SUBJECT_WINDOW]
    # "Tillsammans lovar Polisen och X kommun:", "Gemensamt kommer vi ...".
    words = head.split(maxsplit=2)
    if (
        len(words) >= 2
        and words[0].casefold() != "vi"
        and words[1].casefold() in patterns.verbs  # before the pattern: cheaper
        and patterns.both.match(head)
    ):
        return frozenset(("polisen", "kommunen"))
    return _direct_subject(head)


_FRAMING_CUES = regex.compile(
    r"\b(?:lovar|löfte\w*|tillsammans|gemensam\w*|överens\w*|samverka\w*)\b", regex.IGNORECASE
)


def may_frame(text: str) -> bool:
    """False only when no sentence of ``text`` can frame the promises: it holds no joint cue.

    A sentence is a piece of ``text`` between white space, where a cue matches
    as in the sentence, so the text's sentences need not be split to rule it out.
    """
    return _FRAMING_CUES.search(text) is not None


def framing_actors(sentences: Iterable[str]) -> frozenset[Actor] | None:
    """Both parties when the document frames the promises as joint.

    A sentence naming the police and the kommun together with a joint cue
    ("lovar", "tillsammans", "gemensamt") is that framing.
    """
    patterns = actor_patterns()
    for sentence in sentences:
        if not _FRAMING_CUES.search(sentence):
            continue
        if patterns.police.search(sentence) and patterns.kommun.search(sentence):
            return frozenset(("polisen", "kommunen"))
    return None
