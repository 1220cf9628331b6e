"""Normalize: source lines in, clean lines with offsets out.

What happens here, in order, per line: Unicode NFC; invisible and control
characters removed; odd spaces folded; bullet glyphs mapped to "•"; Markdown
emphasis stripped (remembered as ``bold``/``emphasis``); residue lines (web
chrome, logos, captions, page numbers) dropped and recorded. Across lines:
line-end hyphenation joined, blank runs collapsed. The result carries the
normalized text that every span in the output points into.

Normalizing normalized text changes nothing (idempotent).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, NamedTuple

import regex

from loftesparser.lexicon import LexiconError, load_toml, string_table
from loftesparser.models import ResidueLine
from loftesparser.readers.base import Provenance, SourceLine


# Not frozen (nothing changes one after normalize builds it): one is built per
# line, and a frozen dataclass pays an ``object.__setattr__`` call for every field.
# Hashable as before.
@dataclass(slots=True, unsafe_hash=True)
class TextLine:
    """A normalized line and where it stands in the normalized text."""

    index: int
    text: str
    start: int
    provenance: Provenance | None = None
    bold: bool = False
    emphasis: bool = False
    #: Offset (within ``text``) where a bold run lasting to the line end starts.
    bold_tail: int | None = None
    #: Markdown heading level ("# Title" = 1), 0 when none.
    markdown_heading: int = 0
    gap_before: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(slots=True)
class NormalizedText:
    """The normalized text and its lines (blank lines included, as empty lines)."""

    text: str
    lines: list[TextLine]
    residue: list[ResidueLine] = field(default_factory=list)
    control_characters_removed: int = 0


# --- character level -------------------------------------------------------

# Explicit characters only, so on the stdlib engine (its scans and calls cost a
# fraction of the regex module's; the classes are tested to be the same characters).
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
# C0/C1 controls and lone surrogates (\p{Cs}); \n is never inside a line here.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_BULLET_GLYPHS = regex.compile(
    r"^(?:\(cid:\d+\)|[\p{Co}▪■□◦●○◆◇►▶➢➤✓✔✗❖⁃∙·‣⦁]|\uf0b7|\uf0a7|\uf076|\uf0d8|\uf0fc)(?=\s|$)"
)
_MULTI_SPACE = re.compile(r" {2,}")
_SPECIAL = re.compile(rf"{_SPACES.pattern}|{_INVISIBLE.pattern}|{_CONTROLS.pattern}")


def may_start_with_glyph(text: str) -> bool:
    """False when ``text`` cannot start with a bullet glyph (``_BULLET_GLYPHS``).

    Every glyph is a non-ASCII symbol or private-use character (never a letter
    or digit), or the "(" of "(cid:N)": a line starting with anything else
    (a letter, a digit, "-", or the "•" that glyphs become) or a blank line
    needs no regex.
    """
    first = text[:1]
    return first == "(" or not (first.isascii() or first.isalnum() or first == "•")


def clean_characters(text: str) -> tuple[str, int]:
    """NFC, spaces folded, invisibles removed; returns (text, controls removed)."""
    text = unicodedata.normalize("NFC", text)
    # Every character _SPECIAL matches is unprintable (Zs other than " ", Cf, Cc,
    # Cs), so a printable line, the common case, needs no regex scan at all.
    if text.isprintable():
        return text, 0
    found = _SPECIAL.findall(text)
    controls = 0
    # One scan finds them; each distinct one is then replaced by a str.replace
    # (a C scan several times faster than a character-class sub). The classes are
    # disjoint and the replacements in none, so the order does not matter.
    for char in set(found):
        if _SPACES.match(char):
            text = text.replace(char, " ")
        else:
            if _CONTROLS.match(char):
                controls += text.count(char)
            text = text.replace(char, "")
    return text, controls


def fold_spaces(text: str) -> str:
    """``" ".join(text.split())``, without splitting a line that is already folded."""
    # The only printable whitespace is " ": a printable line without leading,
    # trailing or double spaces (every normalized line) folds to itself.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


# --- markdown ----------------------------------------------------------------

_MD_HEADING = regex.compile(r"^(#{1,6})\s+(.*)$")
# The bold run may not contain its own delimiter: each opener scans only to the
# next "**"/"__", so a line of unclosed openers is linear, not quadratic. The
# run ends where the next delimiter starts, so it is taken whole (possessive)
# and by character class per delimiter (a branch reset keeps the groups at 1
# and 2), not char by char with a lazy backreference test: three times faster,
# the same matches (tested against the lazy form).
_MD_BOLD = regex.compile(
    r"(?|(\*\*)(?=\S)((?:[^*\n]++|\*(?!\*))++)(?<=\S)\*\*"
    r"|(__)(?=\S)((?:[^_\n]++|_(?!_))++)(?<=\S)__)"
)
# The emphasized run cannot hold a "*", so it always runs to the next one: taken
# whole (possessive), not a character at a time (lazy), the same matches.
_MD_EMPHASIS = regex.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]++)(?<=[^\s*])\*(?![\w*])")
_LEADING_BULLET = regex.compile(r"^(?:[-–—•*]|\d{1,2}[.)]|\.{3}|…)\s+")
_STRAY_BOLD = regex.compile(r"\*\*|__")


class _Markup(NamedTuple):
    # A NamedTuple, not a dataclass: one is built per line, and a tuple is cheap.
    text: str
    bold: bool
    emphasis: bool
    bold_tail: int | None
    heading_level: int


#: The markup of a blank line without PDF bold: one tuple serves them all.
_BLANK = _Markup("", False, False, None, 0)


def _blank_markup(source: SourceLine) -> _Markup:
    if not source.bold and source.bold_tail is None:
        return _BLANK
    return _Markup("", source.bold, False, source.bold_tail, 0)


def _has_markdown(line: str) -> bool:
    return "*" in line or "_" in line or "#" in line


def strip_markdown(line: str) -> _Markup:
    """Remove Markdown heading marks, ``**bold**`` and ``*emphasis*``.

    Remembers whether the content after a list bullet was wholly bold or
    emphasized, and where a trailing bold run (a bold ownership marker) starts.
    """
    if not _has_markdown(line):
        return _Markup(line, False, False, None, 0)  # no Markdown: nothing to strip
    # Each pattern is tried only when the line holds the characters it needs:
    # a leading "#", a "**" or "__", a "*". Most lines with Markdown have one kind.
    level = 0
    heading = _MD_HEADING.match(line) if line[:1] == "#" else None
    if heading:
        level = len(heading.group(1))
        # Closing "#"s and spaces are stripped without a regex (no backtracking).
        line = heading.group(2).rstrip().rstrip("#").rstrip()
    bullet = _LEADING_BULLET.match(line)
    prefix_len = bullet.end() if bullet else 0
    prefix, body = line[:prefix_len], line[prefix_len:]

    bold_ranges: list[tuple[int, int]] = []
    if "**" in body or "__" in body:
        body, bold_ranges = _strip_bold(body)

    emphasis = False
    whole_emphasis = _MD_EMPHASIS.fullmatch(body) if "*" in body else None
    if whole_emphasis:
        emphasis = True
        body = whole_emphasis.group(1)
        bold_ranges = [(max(0, a - 1), max(0, b - 1)) for a, b in bold_ranges]
    elif "*" in body:
        body = _MD_EMPHASIS.sub(r"\1", body)

    stripped = body.rstrip()
    bold = bool(stripped) and any(a == 0 and b >= len(stripped) for a, b in bold_ranges)
    bold_tail: int | None = None
    if bold_ranges and not bold:
        start, end = bold_ranges[-1]
        if end >= len(stripped) - 1:  # allow a trailing "." after the bold run
            bold_tail = prefix_len + start
    return _Markup(prefix + body, bold, emphasis, bold_tail, level)


def _strip_bold(body: str) -> tuple[str, list[tuple[int, int]]]:
    """``body`` without its bold runs' delimiters (and stray ones), and where the runs stand."""
    bold_ranges: list[tuple[int, int]] = []
    pieces: list[str] = []
    last = 0
    out_len = 0
    for match in _MD_BOLD.finditer(body):
        pieces.append(body[last : match.start()])
        out_len += match.start() - last
        inner = match.group(2)
        bold_ranges.append((out_len, out_len + len(inner)))
        pieces.append(inner)
        out_len += len(inner)
        last = match.end()
    pieces.append(body[last:])
    body = "".join(pieces)
    body = _STRAY_BOLD.sub("", body) if "**" in body or "__" in body else body
    return body, bold_ranges


# --- residue -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResidueRules:
    exact: dict[str, str]
    prefixes: tuple[tuple[str, str], ...]
    patterns: tuple[tuple[regex.Pattern[str], str], ...]
    #: The longest folded line any pattern can match; None when unbounded.
    pattern_max_length: int | None = None
    #: The prefixes alone, for one ``str.startswith`` test (derived).
    prefix_words: tuple[str, ...] = field(init=False)
    #: Lines longer than this match no exact entry and no pattern, only a
    #: prefix; None when a pattern is unbounded (derived).
    longest_whole_line: int | None = field(init=False)
    #: The length of the longest prefix (derived).
    longest_prefix: int = field(init=False)
    #: Per first character (``first_masks``) and per last ``_SUFFIX_LENGTH``
    #: characters (``last_masks``): a bit for each pattern (by index) that a line
    #: starting or ending so may match, filled as they are met. Most lines start
    #: and end in ways no one pattern allows both of, and are ruled out without a
    #: regex. (Three characters, not one, at the end: a pattern that may start
    #: with anything ends in "logotyp(en)", and many lines end in "n".)
    first_masks: dict[str, int] = field(init=False)
    last_masks: dict[str, int] = field(init=False)
    #: Per set of patterns (a bit mask): their alternation, compiled when first needed.
    #: The alternatives are not captured: named groups would make the regex module
    #: twice as slow on every line.
    alternations: dict[int, regex.Pattern[str]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefix_words", tuple(prefix for prefix, _ in self.prefixes))
        object.__setattr__(self, "longest_prefix", max(map(len, self.prefix_words), default=0))
        longest_whole_line = None
        if self.pattern_max_length is not None or not self.patterns:
            longest_exact = max(map(len, self.exact), default=0)
            longest_whole_line = max(longest_exact, self.pattern_max_length or 0)
        object.__setattr__(self, "longest_whole_line", longest_whole_line)
        object.__setattr__(self, "first_masks", {})
        object.__setattr__(self, "last_masks", {})
        object.__setattr__(self, "alternations", {})

    def kind_of(self, line: str) -> str | None:
        """The residue kind of ``line``, or None when it is content."""
        return self.kind_of_folded(fold_spaces(line))

    def kind_of_folded(self, folded: str) -> str | None:
        """:meth:`kind_of` of a line already space-folded (``fold_spaces(folded) == folded``)."""
        if not folded:
            return None
        if self.longest_whole_line is not None and len(folded) > self.longest_whole_line:
            # A paragraph line: too long for an exact entry or a pattern (case
            # folding never shortens), so only a prefix can match, and folding
            # the case of its head is enough (case folding goes character by character).
            head = folded[: self.longest_prefix].casefold()
            # One C call rules out most lines.
            return self._prefix_kind(head) if head.startswith(self.prefix_words) else None
        folded = folded.casefold()
        kind = self.exact.get(folded)
        if kind is None and folded.startswith(self.prefix_words):  # rules out most lines
            kind = self._prefix_kind(folded)
        if kind:
            return kind
        candidates = self.pattern_mask(folded)
        if not candidates:
            return None
        alternation = self.alternations.get(candidates)
        if alternation is None:
            alternation = self._alternation(candidates)
        if alternation.fullmatch(folded) is None:
            return None
        # A residue line (rare): the first pattern that matches, as the alternation chose.
        return next(kind for pattern, kind in self.patterns if pattern.fullmatch(folded))

    def pattern_mask(self, folded: str) -> int:
        """The patterns (a bit each, by index) that ``folded`` may match, by its two ends.

        ``folded`` is a non-empty, case-folded line.
        """
        first = self.first_masks.get(folded[0])
        if first is None:
            first = self._edge_mask(folded[0], self.first_masks, reverse=False)
        if not first:
            return 0
        suffix = folded[-_SUFFIX_LENGTH:]
        last = self.last_masks.get(suffix)
        if last is None:
            last = self._edge_mask(suffix, self.last_masks, reverse=True)
        return first & last

    def _edge_mask(self, edge: str, masks: dict[str, int], *, reverse: bool) -> int:
        # A partial match of the edge says whether some line starting (or,
        # matched in reverse, ending) with it could match the whole pattern.
        mask = 0
        for bit, (pattern, _kind) in enumerate(self.patterns):
            matcher = _reversed(pattern) if reverse else pattern
            if matcher.fullmatch(edge, partial=True) is not None:
                mask |= 1 << bit
        masks[edge] = mask
        return mask

    def _alternation(self, candidates: int) -> regex.Pattern[str]:
        chosen = [
            f"(?:{p.pattern})" for bit, (p, _) in enumerate(self.patterns) if candidates >> bit & 1
        ]
        alternation = regex.compile("|".join(chosen), regex.IGNORECASE)
        self.alternations[candidates] = alternation
        return alternation

    def _prefix_kind(self, folded: str) -> str | None:
        if folded.startswith(self.prefix_words):  # one C call rules out most lines
            for prefix, prefix_kind in self.prefixes:
                if folded.startswith(prefix):
                    return prefix_kind
        return None


#: How many of a line's last characters ``ResidueRules.last_masks`` is keyed by.
_SUFFIX_LENGTH = 3


@cache
def _reversed(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """``pattern`` matched from the end of the string backwards."""
    return regex.compile(pattern.pattern, pattern.flags | regex.REVERSE)


@lru_cache(maxsize=1)
def residue_rules() -> ResidueRules:
    """The residue rules from ``data/residue.toml`` (cached)."""
    data = load_toml("residue.toml")
    exact = {
        " ".join(item.split()).casefold(): kind
        for kind, items in string_table(data, "exact", source="residue.toml").items()
        for item in items
    }
    prefixes = tuple(
        (item.casefold(), kind)
        for kind, items in string_table(data, "prefix", source="residue.toml").items()
        for item in items
    )
    patterns = tuple(
        (regex.compile(item, regex.IGNORECASE), kind)
        for kind, items in string_table(data, "pattern", source="residue.toml").items()
        for item in items
    )
    return ResidueRules(exact, prefixes, patterns, _pattern_max_length(data))


def _pattern_max_length(data: dict[str, Any]) -> int:
    value = data.get("limits", {}).get("pattern_max_length")
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise LexiconError(
            "data/residue.toml: [limits] pattern_max_length must be a positive integer"
        )
    return value


# A lone short line ending in "." between a heading and body text: a photo
# caption ("Trafikkontroll.") left behind when the image was dropped.
_LONE_CAPTION = regex.compile(r"^\p{Lu}[\p{L}\- ]{0,40}\.$")
#: The longest line ``_LONE_CAPTION`` matches: a capital, 40 more characters and ".".
_LONGEST_CAPTION = 42


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 8 and text[-1:] not in ".,;" and text[:1].isupper()


# --- hyphenation ---------------------------------------------------------------

_HYPHEN_END = regex.compile(r"(?<=[\p{L}\p{N}])-$")
_NEXT_WORD = regex.compile(r"^(\p{Ll}[\p{L}\-]*)([,.;:!?)]*)(?:\s+|$)")
# A trailing hyphen before these words is a suspended compound ("av- och").
_SUSPENSION_WORDS = frozenset({"och", "eller", "samt", "respektive", "resp", "till", "som", "men"})


def join_hyphenation(current: str, following: str) -> tuple[str, str] | None:
    """Join a word broken at a line end: ``("droganv-", "ändning ...")``.

    Returns the new (current, following) pair, or None when the hyphen is a
    real one ("av- och", "beteende-, hastighet").
    """
    # endswith rules out nearly every line before the regex checks the letter before.
    if not current.endswith(("-", "-\n")) or not _HYPHEN_END.search(current):
        return None
    match = _NEXT_WORD.match(following)
    if not match or match.group(1) in _SUSPENSION_WORDS:
        return None
    before = current[-2]
    fragment = match.group(1) + match.group(2)
    # After a capital or digit the hyphen is part of the compound ("SSP-möten").
    joined = (
        current + fragment if (before.isupper() or before.isdigit()) else current[:-1] + fragment
    )
    return joined, following[match.end() :]


# --- the stage -----------------------------------------------------------------


def normalize(source_lines: list[SourceLine], *, dehyphenate: bool = True) -> NormalizedText:
    """Turn reader output into :class:`NormalizedText`."""
    cleaned = _clean_lines(source_lines)
    kept = cleaned.kept
    # Most documents have neither captions nor hyphens: their passes are skipped.
    if cleaned.caption_candidates:
        kept = _drop_lone_captions(kept, cleaned.residue, cleaned.caption_candidates)
    if dehyphenate and cleaned.may_have_hyphens:
        kept = _dehyphenate(kept)
    return _assemble(kept, cleaned.residue, cleaned.controls)


#: A kept line's text and markup, as :class:`_Markup` holds them (a plain tuple:
#: one is built per line, and a NamedTuple's constructor is a Python call).
_LineMarkup = tuple[str, bool, bool, int | None, int]


class _CleanLines(NamedTuple):
    """The lines cleaned one by one, before the passes that look at their neighbours."""

    kept: list[tuple[SourceLine, _LineMarkup]]
    residue: list[ResidueLine]
    controls: int
    #: The indices in ``kept`` of the lines that could be lone captions (end in
    #: "." and are short enough).
    caption_candidates: list[int]
    #: Some kept line ends in "-", so could be joined with the next.
    may_have_hyphens: bool


class _DocumentScan(NamedTuple):
    """What one look at the whole document says no line needs (each a sufficient test)."""

    #: Every line is printable and NFC: ``clean_characters`` returns each as it is.
    clean: bool
    #: The document is clean and no line holds "*", "_" or "#": none has Markdown to strip.
    no_markdown: bool
    #: The document is clean and no line holds two spaces in a row: none has a run to fold.
    no_double_space: bool


def _scan_document(source_lines: list[SourceLine]) -> _DocumentScan:
    # Joined with " ": a space is printable and a starter that composes with
    # nothing, so the whole is printable and NFC exactly when every line is.
    joined = " ".join([source.text for source in source_lines])
    clean = joined.isprintable() and unicodedata.is_normalized("NFC", joined)
    if not clean:
        # Cleaning may turn odd spaces into "  ": every line is tested after it.
        return _DocumentScan(False, False, False)
    # The joining space can make a "  " of its own: then every line is tested.
    return _DocumentScan(True, not _has_markdown(joined), "  " not in joined)


def _clean_lines(source_lines: list[SourceLine]) -> _CleanLines:
    rules = residue_rules()
    kind_of, kind_of_folded = rules.kind_of, rules.kind_of_folded
    clean, no_markdown, no_double_space = _scan_document(source_lines)
    residue: list[ResidueLine] = []
    controls = 0
    kept: list[tuple[SourceLine, _LineMarkup]] = []
    caption_candidates: list[int] = []
    may_have_hyphens = False
    for source in source_lines:
        text = source.text
        if text and not clean:  # an empty line (a third of a text file) has nothing to clean
            text, removed = clean_characters(text)
            controls += removed
        text = text.strip()
        if not text:  # a blank line: never residue
            blank = (
                _BLANK if not source.bold and source.bold_tail is None else _blank_markup(source)
            )
            kept.append((source, blank))
            continue
        if may_start_with_glyph(text):
            text = _BULLET_GLYPHS.sub("•", text)
        if not no_double_space and "  " in text:
            text = _MULTI_SPACE.sub(" ", text)
        markup: _LineMarkup
        if not no_markdown and _has_markdown(text):
            stripped = strip_markdown(text)
            text = stripped.text.strip()
            bold = stripped.bold or source.bold
            bold_tail = stripped.bold_tail if stripped.bold_tail is not None else source.bold_tail
            markup = (text, bold, stripped.emphasis, bold_tail, stripped.heading_level)
            # Removing Markdown may leave two spaces in a row: the line is folded first.
            kind = kind_of(text)
        else:
            # The common case: ``text`` is already stripped and has nothing to strip.
            markup = (text, source.bold, False, source.bold_tail, 0)
            # Stripped, without "  " and, in a clean document, printable (so without
            # other white space): the line is space-folded already.
            kind = kind_of_folded(text) if clean else kind_of(text)
        if kind:
            page = source.provenance.page if source.provenance else None
            residue.append(ResidueLine(text=text, kind=kind, page=page))
            continue
        last = text[-1:]
        if last == "-":  # join_hyphenation needs a hyphen last
            may_have_hyphens = True
        elif last == "." and len(text) <= _LONGEST_CAPTION:
            caption_candidates.append(len(kept))
        kept.append((source, markup))
    return _CleanLines(kept, residue, controls, caption_candidates, may_have_hyphens)


def _drop_lone_captions(
    kept: list[tuple[SourceLine, _LineMarkup]],
    residue: list[ResidueLine],
    candidates: Sequence[int] | None = None,
) -> list[tuple[SourceLine, _LineMarkup]]:
    """``kept`` without its lone captions, which go to ``residue``.

    Only the lines at ``candidates`` (indices in ascending order; every line
    when None) are looked at: no other line may be a caption.
    """
    dropped: list[int] = []
    for i in range(len(kept)) if candidates is None else candidates:
        source, markup = kept[i]
        text = markup[0]
        # The cheap tests first: a caption ends in "." between two blank lines.
        if (
            text.endswith(".")
            and 2 <= i < len(kept) - 2
            and not kept[i - 1][1][0]
            and not kept[i + 1][1][0]
            and _LONE_CAPTION.match(text)
            and len(text.split()) <= 3
            and _looks_like_heading(kept[i - 2][1][0])
            # A caption stands between a heading and body text.
            and len(kept[i + 2][1][0].split()) > 8
        ):
            page = source.provenance.page if source.provenance else None
            residue.append(ResidueLine(text=text, kind="caption", page=page))
            dropped.append(i)
    if not dropped:
        return kept
    drop = set(dropped)
    return [item for i, item in enumerate(kept) if i not in drop]


def _dehyphenate(
    kept: list[tuple[SourceLine, _LineMarkup]],
) -> list[tuple[SourceLine, _LineMarkup]]:
    result = list(kept)
    for i in range(len(result) - 1):
        source, markup = result[i]
        next_source, next_markup = result[i + 1]
        if not markup[0] or not next_markup[0]:
            continue
        joined = join_hyphenation(markup[0], next_markup[0])
        if joined is None:
            continue
        current, rest = joined
        result[i] = (source, _replace_text(markup, current))
        result[i + 1] = (next_source, _replace_text(next_markup, rest.strip(), shift=True))
    return result


def _replace_text(markup: _LineMarkup, text: str, *, shift: bool = False) -> _LineMarkup:
    _old_text, bold, emphasis, bold_tail, heading_level = markup
    return (text, bold, emphasis, None if shift else bold_tail, heading_level)


def _assemble(
    kept: list[tuple[SourceLine, _LineMarkup]], residue: list[ResidueLine], controls: int
) -> NormalizedText:
    lines: list[TextLine] = []
    offset = 0
    previous_blank = True  # drop leading blank lines
    for source, (text, bold, emphasis, bold_tail, heading_level) in kept:
        if not text:
            if previous_blank:
                continue
            previous_blank = True
        else:
            previous_blank = False
        # Positional, in field order: keyword arguments cost a third more per line.
        text_line = TextLine(
            len(lines),  # index
            text,
            offset,  # start
            source.provenance,
            bold,
            emphasis,
            bold_tail,
            heading_level,  # markdown_heading
            source.gap_before,
        )
        lines.append(text_line)
        offset += len(text) + 1
    while lines and lines[-1].blank:
        lines.pop()
    text = "\n".join([line.text for line in lines])
    return NormalizedText(
        text=text, lines=lines, residue=residue, control_characters_removed=controls
    )
