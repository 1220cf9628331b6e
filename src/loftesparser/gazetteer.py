"""The kommun gazetteer: all 290 kommuner, the forms documents name them by, and a matcher.

``data/kommuner.csv`` holds the official short names with SCB codes, län and
polisregion. Documents write them in many forms: genitives ("Habos",
"Karlstads"), long names ("Habo kommun", "Falu kommun", "Malmö stad",
"Region Gotland"), plurals in lists ("Stenungsunds, Orusts och Tjörns
kommuner"). The regular forms are generated here from the csv; the irregular
ones, the kommuner that call themselves "stad", and the names that are also
ordinary words live in ``data/kommun_aliases.toml``. Everything is loaded,
validated and compiled into one phrase index over tokens once per process.

A mention found here is only a mention: whether the kommun is a *party* to a
promise is decided by :mod:`loftesparser.extract.parties`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from loftesparser.lexicon import (
    REGEX_WHITE_SPACE,
    LexiconError,
    load_csv,
    load_toml,
    occurrences,
    string_list,
    trie_alternation,
)
from loftesparser.models import Kommun
from loftesparser.nlp import tokens

_ALIASES = "kommun_aliases.toml"
_CSV = "kommuner.csv"
_CSV_COLUMNS = ("kommun_kod", "kommun", "lan_kod", "lan", "polisregion")

# Separators between the members of a list of kommuner ("A, B och C kommuner"). The
# stdlib engine with the regex module's white space: a call costs a fraction.
_WS = REGEX_WHITE_SPACE
_LIST_SEPARATOR = re.compile(rf"^{_WS}*(?:,|&|och|samt|,{_WS}*(?:och|samt)){_WS}*$")
# "kommunerna Stenungsund, Orust och Tjörn": a plural kommun word before the list.
# (Matched from the end, "(?r)": only the end of the text can match, and a reverse
# pattern's match() tries there alone.)
_PLURAL_BEFORE = regex.compile(r"(?r)(?i:kommunerna|kommuner(?:na)?\s+i)\s+$")
_KOMMUN_CODE = regex.compile(r"\d{4}")
_PLURAL_WORDS = frozenset({"kommuner", "kommunerna", "städer", "städerna"})


@dataclass(frozen=True, slots=True)
class KommunRow:
    """One row of ``kommuner.csv`` with what the aliases file adds to it."""

    code: str
    name: str
    lan_code: str
    lan: str
    polisregion: str
    #: The long name the kommun uses of itself: "Habo kommun", "Karlstads kommun",
    #: "Falu kommun", "Malmö stad", "Region Gotland".
    official: str
    #: The bare name is also an ordinary word or a common name ("Vara", "Mark").
    ambiguous: bool
    #: The kommun calls itself "stad" ("Malmö stad").
    stad: bool

    def to_model(self) -> Kommun:
        """A fresh :class:`~loftesparser.models.Kommun` for this row."""
        return Kommun(
            name=self.name,
            code=self.code,
            lan=self.lan,
            lan_code=self.lan_code,
            polisregion=self.polisregion,
        )


@dataclass(frozen=True, slots=True)
class AliasForm:
    """A form a kommun is written in, and what the form itself says."""

    form: str
    row: KommunRow
    #: The form names the municipality ("Habo kommun", "Malmö stad", "Region Gotland").
    has_kommun_word: bool
    #: The form ends in a plural kommun word ("Tjörns kommuner"): it closes a list.
    plural: bool


@dataclass(frozen=True, slots=True)
class KommunMention:
    """A kommun named in a text."""

    kommun_row: KommunRow
    #: ``(start, end)`` character offsets into the text given to the matcher.
    span: tuple[int, int]
    #: The mention as written ("Habo kommuns", "Stenungsunds").
    form: str
    #: A kommun word is part of the mention or closes the list it stands in.
    has_kommun_word: bool
    #: A bare form of an ambiguous name, not settled by a kommun word or a list.
    ambiguous: bool = False
    #: Member of a coordinated list of two or more kommuner.
    in_list: bool = False


@dataclass(frozen=True, slots=True)
class GazetteerContext:
    """Context words from ``[context]`` in the aliases file."""

    kommun_words: frozenset[str]
    county_words: frozenset[str]
    region_words: frozenset[str]
    passing_cues: tuple[str, ...]
    police_words: tuple[str, ...]
    promise_verbs: tuple[str, ...]
    lpo_prefixes: tuple[str, ...]
    lpo_stop_words: frozenset[str]


# Runs of letters and digits: never coarser than the tokens of a name, so a
# form's first word is a word of any text the phrase index finds it in.
# (stdlib re: several times faster than the regex module for this simple class)
_PLAIN_WORD = re.compile(r"[^\W_]+")
# Characters other than a letter itself that lower-case to it: its upper and title
# case, and the two signs Unicode maps to letters (tests check that there are no more).
_SIGNS_LOWERING_TO_LETTERS = ("\u212a", "\u212b")  # Kelvin sign (k), Ångström sign (å)
# The only character whose lower case is longer than itself ("İ" -> "i̇"; tests check).
_LOWERS_TO_TWO = "\u0130"
_SPACE = ord(" ")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """All kommuner and every form they are written in."""

    rows: tuple[KommunRow, ...]
    by_code: dict[str, KommunRow]
    #: Casefolded, whitespace-folded form -> alias.
    forms: dict[str, AliasForm]
    context: GazetteerContext
    #: Every form as its lower-cased tokens, under its first token, longest first
    #: (derived): what :func:`find_kommun_mentions` matches token by token.
    phrases: dict[str, tuple[tuple[str, ...], ...]] = field(init=False)
    #: The same phrases as sets by their number of tokens, longest first (derived): a
    #: window's tokens from one position are sliced once per length, not once per form.
    phrase_lengths: dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]] = field(
        init=False
    )
    #: Finds, in the text as written, the first words that can start a mention when
    #: capitalised, whole words only (derived): see :func:`_initial_alternation`.
    mention_start_pattern: re.Pattern[str] = field(init=False)
    #: First words that can start a mention in lower case too (derived): kommun words
    #: ("region") and words whose rejected match could hide another
    #: (:func:`_words_that_may_shadow`: "upplands väsby" hides "Väsby").
    lowercase_first_words: tuple[str, ...] = field(init=False)
    #: Matched at a chunk's start, reaches over as many further chunks as a form has
    #: parts, and one more (derived): the end of a window around a candidate.
    window_end_pattern: re.Pattern[str] = field(init=False)
    #: The first words as latin-1 bytes, for :func:`first_word_offsets`' scan of a text's
    #: bytes (derived; None if a word is beyond latin-1: the text's scan is taken then).
    first_word_bytes: frozenset[bytes] | None = field(init=False)
    #: :attr:`lowercase_first_words` as latin-1 bytes (derived; None as above).
    lowercase_first_word_bytes: tuple[bytes, ...] | None = field(init=False)
    #: A byte's class for the scan of a text's bytes (derived): "A" for a capital that
    #: :attr:`mention_start_pattern` takes as a first word's initial, "a" for another
    #: letter or digit, " " for the rest. See :func:`_class_table`.
    byte_classes: bytes = field(init=False)

    def __post_init__(self) -> None:
        first_words = {
            words[0]
            for alias in self.forms.values()
            if (words := _PLAIN_WORD.findall(alias.form.lower()))
        }
        longest_form = max(len(alias.form.split()) for alias in self.forms.values())
        set_derived = object.__setattr__
        set_derived(self, "phrases", _phrase_index(alias.form for alias in self.forms.values()))
        set_derived(self, "phrase_lengths", _by_length(self.phrases))
        set_derived(self, "window_end_pattern", re.compile(rf"\S+(?:\s+\S+){{0,{longest_form}}}"))
        lowercase_words = (first_words & self.context.kommun_words) | _words_that_may_shadow(
            self.phrases
        )
        set_derived(
            self,
            "mention_start_pattern",
            re.compile(rf"{_initial_alternation(first_words)}(?![^\W_])"),
        )
        set_derived(self, "lowercase_first_words", tuple(sorted(lowercase_words)))
        first_word_bytes = latin1_words(sorted(first_words))
        set_derived(self, "first_word_bytes", first_word_bytes and frozenset(first_word_bytes))
        set_derived(self, "lowercase_first_word_bytes", latin1_words(self.lowercase_first_words))
        set_derived(self, "byte_classes", _class_table(first_words))


def _initial_alternation(first_words: set[str]) -> str:
    """A group finding ``first_words`` capitalised, in the text as written.

    A word is found with its initial in any case but lower ("Habo", "HABO") and
    its other letters in any case. Each alternative starts with its initial, a
    literal, so re skips every character no alternative starts with (most of a
    text) without trying the pattern there.
    """
    tails: dict[str, set[str]] = {}
    for word in first_words:
        tails.setdefault(word[0], set()).add(word[1:])
    branches = []
    for letter, letter_tails in sorted(tails.items()):
        capitals = {letter.upper(), letter.title(), *_SIGNS_LOWERING_TO_LETTERS}
        for initial in sorted(c for c in capitals if c != letter and c.lower() == letter):
            branches.append(_initial_branch(initial, letter_tails))
    return f"(?:{'|'.join(branches)})"


def _initial_branch(initial: str, tails: set[str]) -> str:
    """``initial`` at a word start, then any of ``tails`` in any case."""
    words = sorted(tail for tail in tails if tail)
    rest = f"(?i:{trie_alternation(words)})" if words else ""
    if words and "" in tails:
        rest += "?"
    return rf"{re.escape(initial)}(?<![^\W_].){rest}"


def _class_table(first_words: set[str]) -> bytes:
    """Each latin-1 byte's class, as :func:`_initial_alternation` reads its character.

    "A": a capital initial of a first word (not the letter itself, lowering to it),
    "a": another letter or digit (what ``[^\\W_]`` takes), " ": the rest.
    """
    initials = {word[0] for word in first_words}
    classes = bytearray()
    for code in range(256):
        char = chr(code)
        lower = char.lower()
        if char != lower and lower in initials:
            classes += b"A"
        else:
            classes += b"a" if char.isalnum() else b" "
    return bytes(classes)


def latin1_words(words: Iterable[str]) -> tuple[bytes, ...] | None:
    """``words`` as latin-1 bytes, or None if one is beyond latin-1 or holds "?".

    "?" stands for a character beyond latin-1 in :func:`latin1_bytes`: no word may.
    """
    encoded = []
    for word in words:
        if "?" in word:
            return None
        try:
            encoded.append(word.encode("latin-1"))
        except UnicodeEncodeError:
            return None
    return tuple(encoded)


def _words_that_may_shadow(phrases: dict[str, tuple[tuple[str, ...], ...]]) -> set[str]:
    """First words of tokens whose phrases may overlap a phrase starting elsewhere.

    A match is rejected when its name is not capitalised, but only after it has
    won against the matches it overlaps (the longest wins): a lower-case
    "upplands väsby" hides "Väsby". Two matches starting at different tokens
    overlap only if one's first token is a later token of the other's phrase, so
    these are the first tokens that are also later tokens, and the first tokens
    of phrases with such a later token.
    """
    firsts = set(phrases)
    tokens_involved = set()
    for first, group in phrases.items():
        for phrase in group:
            later = firsts.intersection(phrase[1:])
            if later:
                tokens_involved |= later | {first}
    return {words[0] for token in tokens_involved if (words := _PLAIN_WORD.findall(token))}


def _phrase_index(forms: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for form in forms:
        phrase = tuple(form[start:end].lower() for start, end in tokens(form))
        by_first.setdefault(phrase[0], set()).add(phrase)
    return {
        first: tuple(sorted(phrases, key=lambda p: (-len(p), p)))
        for first, phrases in by_first.items()
    }


def _by_length(
    phrases: dict[str, tuple[tuple[str, ...], ...]],
) -> dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]]:
    """Each first token's phrases grouped by length, longest first."""
    grouped: dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]] = {}
    for first, group in phrases.items():
        lengths = sorted({len(phrase) for phrase in group}, reverse=True)
        grouped[first] = tuple(
            (length, frozenset(p for p in group if len(p) == length)) for length in lengths
        )
    return grouped


# --- loading ------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def genitive(name: str) -> str:
    """The Swedish genitive of a place name: "Habo" → "Habos", "Hagfors" → "Hagfors"."""
    # Names already ending in a sibilant take no extra s ("Hagfors kommuns", "Kalix").
    return name if name[-1:].casefold() in ("s", "x", "z") else f"{name}s"


def _default_official(name: str, stad: bool) -> str:
    """The long name by the usual rule: vowel/s/x/z endings keep the bare name.

    "Habo kommun", "Hagfors kommun", "Karlstads kommun", "Malmö stad", "Mölndals stad".
    """
    noun = "stad" if stad else "kommun"
    if name[-1:].casefold() in "aeiouyåäösxz":
        return f"{name} {noun}"
    return f"{genitive(name)} {noun}"


def _regular_forms(name: str, stad: bool) -> list[str]:
    """The forms every kommun is written in, generated from its short name."""
    bases = [name, genitive(name)]
    forms = [*bases, f"{name}:s"]
    if name[-1:].casefold() == "s":
        forms.append(f"{name}'")
    nouns = ["kommun", "kommuns", "kommuner"]
    if stad:
        nouns += ["stad", "stads"]
    forms += [f"{base} {noun}" for base in dict.fromkeys(bases) for noun in nouns]
    return list(dict.fromkeys(forms))


def _csv_rows() -> list[dict[str, str]]:
    rows = [dict(row) for row in load_csv(_CSV)]
    for number, row in enumerate(rows, start=2):
        missing = [c for c in _CSV_COLUMNS if not (row.get(c) or "").strip()]
        if missing:
            raise LexiconError(f"data/{_CSV} line {number}: empty {', '.join(missing)}")
        if not regex.fullmatch(r"\d{4}", row["kommun_kod"]):
            raise LexiconError(f"data/{_CSV} line {number}: kommun code {row['kommun_kod']!r}")
        if not regex.fullmatch(r"\d{2}", row["lan_kod"]) or not row["kommun_kod"].startswith(
            row["lan_kod"]
        ):
            raise LexiconError(f"data/{_CSV} line {number}: län code {row['lan_kod']!r}")
    return rows


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise LexiconError(f"data/{_ALIASES}: [{key}] must be a table")
    return value


def _context(data: dict[str, Any]) -> GazetteerContext:
    table = _table(data, "context")

    def words(key: str) -> tuple[str, ...]:
        return string_list(table, key, source=f"{_ALIASES} [context]")

    return GazetteerContext(
        kommun_words=frozenset(
            w.casefold() for w in string_list(data, "kommun_words", source=_ALIASES)
        ),
        county_words=frozenset(w.casefold() for w in words("county_words")),
        region_words=frozenset(w.casefold() for w in words("region_words")),
        passing_cues=tuple(w.casefold() for w in words("passing_cues")),
        police_words=tuple(w.casefold() for w in words("police_words")),
        promise_verbs=tuple(w.casefold() for w in words("promise_verbs")),
        lpo_prefixes=tuple(w.casefold() for w in words("lpo_prefixes")),
        lpo_stop_words=frozenset(w.casefold() for w in words("lpo_stop_words")),
    )


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The csv rows and every alias, validated (cached once per process)."""
    data = load_toml(_ALIASES)
    context = _context(data)
    csv_rows = _csv_rows()
    names = {row["kommun"] for row in csv_rows}

    def known(name: str, where: str) -> str:
        if name not in names:
            raise LexiconError(f"data/{_ALIASES}: {where} names {name!r}, not a kommun in {_CSV}")
        return name

    stad = {known(n, "[stad]") for n in string_list(data, "stad", source=_ALIASES)}
    ambiguous = {known(n, "[ambiguous]") for n in _table(data, "ambiguous")}
    irregular = {known(n, "[irregular]"): spec for n, spec in _table(data, "irregular").items()}

    rows: list[KommunRow] = []
    forms: dict[str, AliasForm] = {}
    for raw in csv_rows:
        name = raw["kommun"]
        spec = irregular.get(name, {})
        extra = spec.get("forms", [])
        if not isinstance(extra, list) or not all(isinstance(f, str) and f for f in extra):
            raise LexiconError(f"data/{_ALIASES}: [irregular.{name}] forms must be strings")
        official = spec.get("official") or _default_official(name, name in stad)
        row = KommunRow(
            code=raw["kommun_kod"],
            name=name,
            lan_code=raw["lan_kod"],
            lan=raw["lan"],
            polisregion=raw["polisregion"],
            official=str(official),
            ambiguous=name in ambiguous,
            stad=name in stad,
        )
        rows.append(row)
        for form in [*_regular_forms(name, row.stad), row.official, *extra]:
            _add_form(forms, form, row, context)
    by_code = {row.code: row for row in rows}
    if len(by_code) != len(rows):
        raise LexiconError(f"data/{_CSV}: duplicate kommun codes")
    return Gazetteer(tuple(rows), by_code, forms, context)


def _add_form(
    forms: dict[str, AliasForm], form: str, row: KommunRow, context: GazetteerContext
) -> None:
    key = _fold(form)
    existing = forms.get(key)
    if existing is not None:
        if existing.row.code != row.code:
            raise LexiconError(
                f"data/{_ALIASES}: form {form!r} names both {existing.row.name} and {row.name}"
            )
        return
    words = key.replace("-", " ").split()
    forms[key] = AliasForm(
        form=form,
        row=row,
        has_kommun_word=any(w in context.kommun_words for w in words),
        plural=words[-1] in _PLURAL_WORDS,
    )


# --- matching -----------------------------------------------------------------------


def _lowered_tokens(window: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The tokens of ``window`` and their lower-cased texts."""
    spans = tokens(window)
    lowered = window.lower()
    if len(lowered) == len(window):
        return spans, [lowered[a:b] for a, b in spans]
    # A few characters lower-case to two ("İ"): lower each token on its own.
    return spans, [window[a:b].lower() for a, b in spans]


def _chunk_start(text: str, position: int) -> int:
    """Where the whitespace-free chunk holding ``position`` starts."""
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def _windows(text: str, candidates: Sequence[int], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Stretches of ``text`` that hold every token a match at ``candidates`` involves.

    Tokens never cross whitespace, so a window of whole chunks tokenizes as the
    whole text does there. Each reaches from the chunk before a candidate's (the
    token before a match) to the chunk after its longest possible form (the token
    after it); overlapping windows are merged.
    """
    windows: list[tuple[int, int]] = []
    for position in candidates:
        chunk = _chunk_start(text, position)
        before = chunk
        while before > 0 and text[before - 1].isspace():
            before -= 1
        start = _chunk_start(text, before) if before > 0 else 0
        following = gaz.window_end_pattern.match(text, chunk)
        end = following.end() if following else len(text)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _phrase_matches(lowers: list[str], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Every ``(first, end)`` token range that spells a form, overlapping ones included.

    In order of ``first``, longer ranges first (at most one range per length: two
    phrases of one length that both match are the same phrase).
    """
    matches: list[tuple[int, int]] = []
    by_length = gaz.phrase_lengths
    for first, word in enumerate(lowers):
        groups = by_length.get(word)
        if groups is not None:
            for length, phrases in groups:
                end = first + length
                if tuple(lowers[first:end]) in phrases:
                    matches.append((first, end))
    return matches


def _longest_first(matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping matches: longer ones win, then earlier ones; in text order.

    ``matches`` are :func:`_phrase_matches`' (in order of their first token).
    """
    if len(matches) < 2:
        return matches
    if matches[0][0] == matches[-1][0]:
        # All start at one token, so all overlap: the longest (listed first) wins.
        return matches[:1]
    taken: set[int] = set()
    kept: list[tuple[int, int]] = []
    for first, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if taken.isdisjoint(range(first, end)):
            kept.append((first, end))
            taken.update(range(first, end))
    return sorted(kept)


# Each latin-1 character lower-cased (each lowers to one latin-1 character; tests check),
# newline read as a space (a block of text is read as one line); "?", which stands for a
# character beyond latin-1, stays.
_LOWER_TABLE = bytes(ord(chr(code).lower()) for code in range(256)).replace(b"\n", b" ")


# Kept for the last text: the LPO scan and the kommun scan read the same document's bytes.
@lru_cache(maxsize=1)
def latin1_bytes(text: str) -> bytes | None:
    """``text`` as latin-1 bytes between two spaces, a byte a character, or None.

    A character beyond latin-1 becomes "?". Whole-text scans for words of letters
    run on the bytes at ``str.find``'s speed, where a regex scan or a lower-cased
    copy of the text costs tens of instructions a character. That is exact while
    every character beyond latin-1 is no letter or digit and stays itself when
    lower-cased and casefolded (as "–", "”", "•" do); for any other text, None.
    The spaces either side let a word at either end be found as any other.
    """
    encoded = text.encode("latin-1", "replace")
    at = encoded.find(b"?")
    while at >= 0:
        char = text[at]
        if char != "?" and not _inert(char):
            return None
        at = encoded.find(b"?", at + 1)
    return b" " + encoded + b" "


def _inert(char: str) -> bool:
    """No letter or digit, and itself when lower-cased or casefolded."""
    return not char.isalnum() and char.lower() == char and char.casefold() == char


def lowered_bytes(padded: bytes) -> bytes:
    """:func:`latin1_bytes`' bytes lower-cased (and newlines as spaces), offsets kept.

    As :meth:`str.lower` and, but for "ß" ("ss") and "µ" ("μ"), as
    :meth:`str.casefold` read the text.
    """
    return padded.translate(_LOWER_TABLE)


def first_word_offsets(text: str) -> list[int] | None:
    """Where a kommun form's first word stands in ``text``, or None if offsets cannot tell.

    A text without any names no kommun. None means lower-casing changed the
    text's length ("İ"), so every window must be tokenized.

    A first word written in lower case ("vara", "mark") is left out: its
    matches are all rejected as not capitalised, and they overlap no match
    starting elsewhere, unless the word is one that may (see
    :func:`_words_that_may_shadow`). The scan may find a few more places than
    lower-casing would (re's case-insensitive letters are a superset); those
    only widen the windows, whose tokens decide.
    """
    gaz = gazetteer()
    padded = latin1_bytes(text) if gaz.first_word_bytes is not None else None
    if padded is None:
        return _scanned_first_word_offsets(text)
    return _first_word_offsets_in_bytes(text, padded, gaz)


def _first_word_offsets_in_bytes(text: str, padded: bytes, gaz: Gazetteer) -> list[int]:
    """:func:`first_word_offsets` from the text's :func:`latin1_bytes` (not None).

    A capitalised first word is a capital initial after no letter or digit, then
    letters and digits, that lower-cased is a first word: the pattern's tail ends
    where no letter or digit follows, so it spans the whole run. (Offsets in
    ``padded`` are one more than in ``text``.)
    """
    lowered = lowered_bytes(padded)
    classes = padded.translate(gaz.byte_classes)
    words = gaz.first_word_bytes
    assert words is not None  # the caller's condition
    offsets = []
    at = classes.find(b" A")
    while at >= 0:
        end = classes.find(b" ", at + 2)  # the space after the text ends the last run
        if lowered[at + 1 : end] in words:
            offsets.append(at)
        at = classes.find(b" A", end)
    lowercase = [
        at - 1
        for word in gaz.lowercase_first_word_bytes or ()
        for at in _whole_word_byte_offsets(lowered, classes, word)
        if not text[at - 1].isupper()
    ]
    return sorted({*offsets, *lowercase}) if lowercase else offsets


def _whole_word_byte_offsets(lowered: bytes, classes: bytes, word: bytes) -> list[int]:
    """Where ``word`` stands in ``lowered`` with no letter or digit either side."""
    offsets = []
    at = lowered.find(word)
    while at >= 0:
        if classes[at - 1] == _SPACE and classes[at + len(word)] == _SPACE:
            offsets.append(at)
        at = lowered.find(word, at + 1)
    return offsets


def _scanned_first_word_offsets(text: str) -> list[int] | None:
    """:func:`first_word_offsets` by a regex scan of the text and its lower-cased copy.

    For a text whose latin-1 bytes cannot stand for it (and the tests' reference).
    """
    if _LOWERS_TO_TWO in text:
        return None
    gaz = gazetteer()
    offsets = [match.start() for match in gaz.mention_start_pattern.finditer(text)]
    lowered = text.lower()
    lowercase = [
        at
        for word in gaz.lowercase_first_words
        for at in _whole_word_offsets(lowered, word)
        if not text[at].isupper()
    ]
    return sorted({*offsets, *lowercase}) if lowercase else offsets


def _whole_word_offsets(text: str, word: str) -> list[int]:
    """Where ``word`` stands in ``text`` as a whole word (no letter or digit either side)."""
    offsets = []
    for at in occurrences(text, word):
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            offsets.append(at)
    return offsets


def find_kommun_mentions(
    text: str, *, first_words: Sequence[int] | None = None
) -> list[KommunMention]:
    """Every kommun named in ``text``, in text order, longest form first.

    Matching is token by token and ignores case, but the name part of a form
    must be capitalised ("vara" the verb is no mention of Vara; "HABO KOMMUN"
    is). Names that are part of a county ("Jönköpings län") or region
    ("polisregion Stockholm") are skipped. Lists ending in a plural kommun word
    carry that word to every member ("Stenungsunds, Orusts och Tjörns kommuner").

    ``first_words`` are :func:`first_word_offsets` of ``text``, for a caller that
    found them in a larger text already.
    """
    gaz = gazetteer()
    candidates = first_word_offsets(text) if first_words is None else first_words
    if candidates is None:
        windows = [(0, len(text))]
    else:
        windows = _windows(text, candidates, gaz) if candidates else []
    mentions: list[KommunMention] = []
    for start, end in windows:
        mentions.extend(_window_mentions(text, start, end, gaz))
    return _resolve_lists(text, mentions, gaz) if mentions else mentions


def _window_mentions(text: str, start: int, end: int, gaz: Gazetteer) -> list[KommunMention]:
    window = text[start:end]
    spans, lowers = _lowered_tokens(window)
    mentions: list[KommunMention] = []
    for first, last in _longest_first(_phrase_matches(lowers, gaz)):
        if not _capitalised(window, spans[first:last], lowers[first:last], gaz.context):
            continue
        form = window[spans[first][0] : spans[last - 1][1]]
        alias = gaz.forms.get(_fold(form))
        if alias is None:  # pragma: no cover - every phrase is a form
            continue
        start_char, end_char = start + spans[first][0], start + spans[last - 1][1]
        following = lowers[last] if last < len(lowers) else ""
        preceding = lowers[first - 1] if first > 0 else ""
        if following in gaz.context.county_words:
            continue
        if preceding in gaz.context.region_words and not alias.form.casefold().startswith("region"):
            continue
        mentions.append(
            KommunMention(
                kommun_row=alias.row,
                span=(start_char, end_char),
                form=form,
                has_kommun_word=alias.has_kommun_word,
                ambiguous=alias.row.ambiguous and not alias.has_kommun_word,
            )
        )
    return mentions


def _capitalised(
    text: str, spans: list[tuple[int, int]], lowers: list[str], context: GazetteerContext
) -> bool:
    """Every name token starts with a capital (kommun words may be lower case)."""
    for (start, _end), lower in zip(spans, lowers, strict=True):
        initial = text[start]
        if lower in context.kommun_words or not initial.isalpha():
            continue
        if not initial.isupper():
            return False
    return True


def _resolve_lists(text: str, mentions: list[KommunMention], gaz: Gazetteer) -> list[KommunMention]:
    """Mark coordinated lists of kommuner and carry a closing plural kommun word back."""
    if not mentions:
        return mentions
    # Chains of mentions separated only by ",", "och", "samt", "&".
    chains: list[list[int]] = [[0]]
    for i in range(1, len(mentions)):
        between = text[mentions[i - 1].span[1] : mentions[i].span[0]]
        if _LIST_SEPARATOR.match(between):
            chains[-1].append(i)
        else:
            chains.append([i])
    result = list(mentions)
    for chain in chains:
        members = [result[i] for i in chain]
        opening = members[0].span[0]
        plural_before = bool(_PLURAL_BEFORE.match(text[max(0, opening - 40) : opening]))
        distinct = len({m.kommun_row.code for m in members})
        if distinct < 2 and not plural_before:
            continue  # "Habo kommun, Habo kommuns ...": one kommun repeated is no list
        plural_end = _is_plural(members[-1], gaz)
        settled = plural_end or plural_before or any(not m.ambiguous for m in members)
        for i in chain:
            mention = result[i]
            # What dataclasses.replace builds, without its look at the fields on every call.
            result[i] = KommunMention(
                kommun_row=mention.kommun_row,
                span=mention.span,
                form=mention.form,
                has_kommun_word=mention.has_kommun_word or plural_end or plural_before,
                ambiguous=mention.ambiguous and not settled,
                in_list=distinct > 1,
            )
    return result


def _is_plural(mention: KommunMention, gaz: Gazetteer) -> bool:
    alias = gaz.forms.get(_fold(mention.form))
    return alias is not None and alias.plural


# --- lookup -------------------------------------------------------------------------


def lookup_kommun(name: str) -> Kommun | None:
    """The kommun written as ``name`` in any known form or case, or its SCB code.

    ``lookup_kommun("habo kommuns")``, ``lookup_kommun("Region Gotland")`` and
    ``lookup_kommun("0604")`` all work; unknown names give None.
    """
    row = lookup_row(name)
    return row.to_model() if row else None


def lookup_row(name: str) -> KommunRow | None:
    """Like :func:`lookup_kommun` but returns the gazetteer row."""
    gaz = gazetteer()
    cleaned = name.strip().strip(".,;:!?()\"'”“")
    if _KOMMUN_CODE.fullmatch(cleaned):
        return gaz.by_code.get(cleaned)
    alias = gaz.forms.get(_fold(cleaned))
    return alias.row if alias else None


def all_kommuner() -> list[Kommun]:
    """All 290 kommuner in csv (SCB code) order, as fresh models."""
    return [row.to_model() for row in gazetteer().rows]


def official_name(kommun: Kommun | KommunRow) -> str:
    """The long name a kommun uses of itself: "Forshaga kommun", "Malmö stad", "Region Gotland"."""
    row = gazetteer().by_code[kommun.code]
    return row.official


def kommun_names() -> Iterable[str]:
    """The official short names, in csv order."""
    return (row.name for row in gazetteer().rows)
