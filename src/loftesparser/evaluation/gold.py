"""The gold annotation format (``corpus/gold/README.md``): models, loading, bootstrapping.

A gold file is the hand-made answer for one document. It is read strictly:
unknown keys, wrong types, non-ISO dates, unknown actors and blank texts are
errors that name the file and the field, because a silently mis-read gold file
would turn into wrong evaluation figures that nobody questions.

Every field of the README table is required (write ``null`` or ``[]`` for
"none"), except an activity's ``section``, which may be left out. Requiring
the empty values is deliberate: ``"focus_areas": []`` records that the
annotator looked and found none, while a forgotten key would silently count
every predicted focus area as a false positive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from loftesparser.errors import GoldFormatError, UnreadableFileError
from loftesparser.evaluation.textnorm import normalize_heading
from loftesparser.models import PromiseDocument

#: Gold files are recognised by this ending; the rest of the name is the document stem.
GOLD_SUFFIX = ".gold.json"

GoldActor = Literal["polisen", "kommunen"]

_DURATION_PATTERN = r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"
_WORD = re.compile(r"\w")


def _non_blank(value: str) -> str:
    # A text with no word character cannot be matched by the token-based scoring
    # (it has no tokens), so it is almost certainly an annotation slip.
    if not _WORD.search(value):
        raise ValueError("must contain at least one letter or digit")
    return value


Text = Annotated[str, AfterValidator(_non_blank)]


class _GoldModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class GoldPeriod(_GoldModel):
    """Validity of the promise: inclusive ISO dates, or an ISO 8601 duration such as ``P2Y``."""

    start: dt.date | None
    end: dt.date | None
    duration: str | None = Field(pattern=_DURATION_PATTERN)

    @model_validator(mode="after")
    def _meaningful(self) -> GoldPeriod:
        if self.start is None and self.end is None and self.duration is None:
            raise ValueError('start, end and duration are all null; write `"period": null`')
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class GoldSigned(_GoldModel):
    """Date and place of signing (or dating) the document, each null when absent."""

    date: dt.date | None
    place: str | None


class GoldSignatory(_GoldModel):
    """A signatory as written; a party tag such as "(S)" is not part of the name."""

    name: Text
    role: str | None


class GoldActivity(_GoldModel):
    """A concrete action item; ``actors`` null means the text does not settle ownership.

    ``actors`` is a set: it is stored sorted so that equal annotations compare equal.
    """

    text: Text
    actors: list[GoldActor] | None
    section: Text | None = None

    @field_validator("actors")
    @classmethod
    def _actor_set(cls, value: list[GoldActor] | None) -> list[GoldActor] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("empty list; write null when the text does not settle ownership")
        if len(set(value)) != len(value):
            raise ValueError("lists an actor twice")
        return sorted(value)


class GoldDocument(_GoldModel):
    """The hand annotation of one document, as in ``corpus/gold/README.md``."""

    document: str = Field(description="File name of the annotated document.")
    title: str | None
    kommuner: list[Text]
    lokalpolisomrade: Text | None
    period: GoldPeriod | None
    signed: GoldSigned
    signatories: list[GoldSignatory]
    sections: list[Text]
    focus_areas: list[Text]
    promises: list[Text]
    activities: list[GoldActivity]

    @field_validator("document")
    @classmethod
    def _file_name(cls, value: str) -> str:
        # Pairing with documents is by stem, so a path here would be misleading.
        if not value.strip() or "/" in value or "\\" in value:
            raise ValueError("must be a bare file name such as '000_abc.txt'")
        return value

    @property
    def stem(self) -> str:
        """The document's name without suffix; gold is paired with documents by this."""
        return Path(self.document).stem

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialize in the gold file format (UTF-8 text, no ASCII escaping)."""
        return self.model_dump_json(indent=indent, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- loading


def _field_path(loc: Iterable[int | str]) -> str:
    """``("activities", 3, "actors")`` -> ``activities[3].actors``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        message = str(err["msg"])
        if err["type"] not in {"missing", "extra_forbidden"}:
            shown = json.dumps(err.get("input"), ensure_ascii=False, default=str)
            if len(shown) > 60:
                shown = shown[:57] + "..."
            message += f" (got {shown})"
        problems.append((_field_path(err["loc"]), message))
    return problems


def _raise_problems(path: Path, problems: list[tuple[str, str]]) -> None:
    lines = "\n".join(f"  {field}: {message}" for field, message in problems)
    noun = "problem" if len(problems) == 1 else "problems"
    raise GoldFormatError(
        f"invalid gold annotation ({len(problems)} {noun}):\n{lines}",
        path=path,
        problems=problems,
    )


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads would silently keep the last of two equal keys, dropping half an annotation.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def _consistency_problems(gold: GoldDocument, path: Path) -> list[tuple[str, str]]:
    """Cross-field checks that catch copy-paste slips the field types cannot."""
    problems: list[tuple[str, str]] = []
    expected_stem = path.name[: -len(GOLD_SUFFIX)] if path.name.endswith(GOLD_SUFFIX) else None
    if expected_stem is not None and gold.stem != expected_stem:
        problems.append(
            (
                "document",
                f"{gold.document!r} does not match the file name {path.name!r} "
                f"(expected a document named {expected_stem}.<suffix>)",
            )
        )
    headings = {normalize_heading(h) for h in gold.sections}
    for index, activity in enumerate(gold.activities):
        if activity.section is not None and normalize_heading(activity.section) not in headings:
            problems.append(
                (
                    f"activities[{index}].section",
                    f"{activity.section!r} is not one of the document's sections",
                )
            )
    return problems


def load_gold(path: str | Path) -> GoldDocument:
    """Read and validate one gold file.

    Raises :class:`~loftesparser.errors.UnreadableFileError` when the file cannot
    be read and :class:`~loftesparser.errors.GoldFormatError` (listing every
    offending field) when it is not valid gold.
    """
    gold_path = Path(path)
    try:
        data = gold_path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFileError("no such file", path=gold_path) from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError("is a folder, not a gold file", path=gold_path) from exc
    except OSError as exc:
        raise UnreadableFileError(f"cannot read: {exc.strerror or exc}", path=gold_path) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GoldFormatError(
            f"not UTF-8 text (byte {exc.start}); save the gold file as UTF-8", path=gold_path
        ) from exc
    try:
        json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", path=gold_path
        ) from exc
    except ValueError as exc:
        raise GoldFormatError(f"not valid gold JSON: {exc}", path=gold_path) from exc
    try:
        # Validating from JSON (not from the loaded dict) lets strict mode accept
        # ISO date strings while still rejecting numbers or other date spellings.
        gold = GoldDocument.model_validate_json(text)
    except ValidationError as exc:
        _raise_problems(gold_path, _problems(exc))
        raise  # unreachable: _raise_problems always raises
    problems = _consistency_problems(gold, gold_path)
    if problems:
        _raise_problems(gold_path, problems)
    return gold


def gold_files(directory: str | Path, *, recursive: bool = False) -> list[Path]:
    """The ``*.gold.json`` files in ``directory``, sorted by path."""
    root = Path(directory)
    if not root.exists():
        raise UnreadableFileError("no such folder", path=root)
    if not root.is_dir():
        raise UnreadableFileError("is a file, not a folder of gold annotations", path=root)
    pattern = f"**/*{GOLD_SUFFIX}" if recursive else f"*{GOLD_SUFFIX}"
    return sorted(p for p in root.glob(pattern) if p.is_file())


def load_gold_dir(directory: str | Path, *, recursive: bool = False) -> list[GoldDocument]:
    """Read every ``*.gold.json`` in ``directory`` (sorted by path).

    Raises :class:`~loftesparser.errors.GoldFormatError` when the folder holds no
    gold files, when any file is invalid, or when two files annotate documents
    with the same stem (they would be paired with the same document).
    """
    return [gold for _, gold in load_gold_files(directory, recursive=recursive)]


def load_gold_files(
    directory: str | Path, *, recursive: bool = False
) -> list[tuple[Path, GoldDocument]]:
    """Like :func:`load_gold_dir`, with the file each annotation was read from."""
    root = Path(directory)
    paths = gold_files(root, recursive=recursive)
    if not paths:
        raise GoldFormatError(f"no *{GOLD_SUFFIX} files in this folder", path=root)
    loaded = [(path, load_gold(path)) for path in paths]
    seen: dict[str, Path] = {}
    for path, gold in loaded:
        if gold.stem in seen:
            raise GoldFormatError(
                f"annotates {gold.document!r}, already annotated by {seen[gold.stem]}",
                path=path,
                problems=[("document", f"duplicate of {seen[gold.stem]}")],
            )
        seen[gold.stem] = path
    return loaded


def gold_corpus_hash(directory: str | Path, *, recursive: bool = False) -> str:
    """SHA-256 (hex) over the gold files' relative names and bytes, in sorted order.

    Recorded next to evaluation figures so an evaluation gate can tell "the
    parser changed" from "the gold changed". Only ``*.gold.json`` files count;
    editing the README does not change the hash.
    """
    root = Path(directory)
    digest = hashlib.sha256()
    for path in gold_files(root, recursive=recursive):
        data = path.read_bytes()
        # Length-prefixing keeps (name, bytes) boundaries unambiguous.
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()


# --------------------------------------------------------------------------- bootstrapping


def gold_from_document(doc: PromiseDocument, *, document: str | None = None) -> GoldDocument:
    """Turn parser output into a gold annotation to correct by hand.

    ``document`` overrides the file name (default: the parsed source's name).
    Items whose text has no letter or digit are dropped, an activity without
    actors gets ``actors: null`` (the parser could not settle it) and a period
    with neither dates nor duration becomes ``null``. The result is not checked
    against the file-level rules of :func:`load_gold`; that happens when the
    corrected file is loaded.
    """
    name = document or doc.source.name or (Path(doc.source.path).name if doc.source.path else None)
    if not name:
        raise GoldFormatError("the parsed document has no source name; pass document=...")

    def keep(text: str | None) -> bool:
        return text is not None and bool(_WORD.search(text))

    period = doc.period
    gold_period = (
        GoldPeriod(start=period.start, end=period.end, duration=period.duration)
        if period is not None and (period.start or period.end or period.duration)
        else None
    )
    lpo = doc.lokalpolisomrade.name if doc.lokalpolisomrade else None
    return GoldDocument(
        document=name,
        title=doc.title,
        kommuner=[k.name for k in doc.kommuner if keep(k.name)],
        lokalpolisomrade=lpo if keep(lpo) else None,
        period=gold_period,
        signed=GoldSigned(date=doc.signed.date, place=doc.signed.place),
        signatories=[
            GoldSignatory(name=s.name, role=s.role) for s in doc.signatories if keep(s.name)
        ],
        sections=[s.heading for s in doc.sections if keep(s.heading)],
        focus_areas=[f.text for f in doc.focus_areas if keep(f.text)],
        promises=[p.text for p in doc.promises if keep(p.text)],
        activities=[
            GoldActivity(
                text=a.text,
                actors=list(a.actors) or None,
                section=a.section if keep(a.section) else None,
            )
            for a in doc.activities
            if keep(a.text)
        ],
    )


__all__ = [
    "GOLD_SUFFIX",
    "GoldActivity",
    "GoldActor",
    "GoldDocument",
    "GoldPeriod",
    "GoldSignatory",
    "GoldSigned",
    "gold_corpus_hash",
    "gold_files",
    "gold_from_document",
    "load_gold",
    "load_gold_dir",
    "load_gold_files",
]
