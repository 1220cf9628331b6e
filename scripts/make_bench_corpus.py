"""Make the benchmark corpus: varied medborgarlöften as text and PDF, built from the seeds.

    python scripts/make_bench_corpus.py [OUT_DIR] [--seed 7] [--docs 500] [--pages 2000] [--force]

Writes, under ``OUT_DIR`` (default ``benchmarks/corpus/``, git-ignored):

* ``text/NNNN_<kommun>.txt``: ``--docs`` text documents. Most (70 %) are
  seed-sized (3-5 kB): one seed of ``corpus/*.txt`` as the base, grown with
  sections borrowed from the other seeds or trimmed of a prose section. Short
  ones (15 %, under 2 kB) are a title, an opening sentence and one or two
  activity sections; long ones (15 %, 8-24 kB) are a base seed with many
  borrowed sections. Every document is moved to a kommun drawn from
  ``src/loftesparser/data/kommuner.csv`` (the seed's kommun and
  lokalpolisområde names are replaced, genitives kept) and to a year between
  2016 and 2025 (every year in it is shifted alike), and some activity lists
  are thinned, so no two documents are alike but each reads like a real
  medborgarlöfte.
* ``pdf/<layout>/NNNN_<kommun>.pdf``: the text documents, in turn, set in the
  seven layouts of :mod:`make_corpus_pdfs` (its typesetting is reused, not
  copied) until at least ``--pages`` pages are written.
* ``manifest.json``: the settings, a hash of the inputs, every file with its
  size (and page count), and corpus statistics.

Everything comes from one ``random.Random(seed)`` and reportlab's invariant
mode, so the same settings give byte-identical files. When ``OUT_DIR`` already
holds a corpus made by this version from the same inputs and settings, nothing
is done (``--force`` makes it again).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus_pdfs import (  # the sibling script
    CORPUS,
    LAYOUTS,
    activity_key,
    draw,
    heading_key,
    heading_names,
    set_document,
    text_blocks,
)

ROOT = Path(__file__).resolve().parent.parent
KOMMUNER_CSV = ROOT / "src" / "loftesparser" / "data" / "kommuner.csv"
DEFAULT_OUT = ROOT / "benchmarks" / "corpus"
MANIFEST = "manifest.json"
GENERATOR = "make_bench_corpus"
#: Raise when the output changes for the same inputs and settings.
GENERATOR_VERSION = 1

DEFAULT_SEED = 7
DEFAULT_DOCS = 500
DEFAULT_PAGES = 2000

#: Seed-sized documents, in UTF-8 bytes.
SEED_SIZED = (3000, 5000)
SHORT_MAX = 2000
LONG_SIZE = (8000, 24000)
SHORT_SHARE = LONG_SHARE = 0.15
YEARS = (2016, 2025)
#: A line of a signature block or page trailer is at most this long.
TRAILER_LINE = 60
#: Share of the activities kept when a borrowed activity section is thinned.
KEEP_ACTIVITY = 0.75

_YEAR = re.compile(r"\b(20[0-3]\d)\b")
_DASH_BULLET = re.compile(r"(?m)^(\s*)- ")
_LIST_LINE = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s")

#: Opening sentences of the short documents (from the seeds, with the names
#: and years as slots).
OPENINGS = (
    "Medborgarlöften är en del av polisens och kommunens gemensamma, "
    "trygghetsskapande och brottsförebyggande arbete.",
    "{K} kommun och lokalpolisområde {L} har tecknat medborgarlöften för {Y}-{Y2}.",
    "Medborgarlöftet är en del av Polismyndighetens styrmodell. Det är lokalpolisområde {L} "
    "som lovar att genomföra och kommunicera genomförda åtgärder tillsammans med {K} kommun.",
    "Polismyndigheten, via Lokalpolisområde {L}, och {K} kommun lovar gemensamt att under {Y} "
    "arbeta för ökad trygghet och minskad brottslighet.",
)
SHORT_TITLES = (
    "Medborgarlöfte {Y}",
    "Medborgarlöften för {K} kommun",
    "Medborgarlöfte {K} {Y}-{Y2}",
    "MEDBORGARLÖFTE {Y}",
)


# --- the seeds -------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A seed section: its heading line and the lines up to the next heading.

    Focus-area sections ("Tryggheten:", "Trafikmiljön:") stay with the section
    that leads into them ("Följande aktiviteter ska göras…"), so a borrowed
    list keeps its context: ``headings`` are all heading lines in it.
    """

    heading: str
    body: tuple[str, ...]
    kind: str  # "activities" | "closing" (time frame, follow-up) | "prose"
    activities: tuple[str, ...]  # gold activity texts in the body
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seed:
    stem: str
    kommun: str
    lpo: str | None
    ref_year: int  # the year it starts: the gold period's, else the latest it mentions
    title: str | None
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    trailer: tuple[str, ...]  # signatures, page trailer
    preamble_activities: tuple[str, ...]


def load_seeds(corpus: Path = CORPUS) -> list[Seed]:
    """The seed documents cut into preamble, sections and trailer along their gold files."""
    seeds: list[Seed] = []
    for path in sorted(corpus.glob("*.txt")):
        gold_path = corpus / "gold" / f"{path.stem}.gold.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        kommuner = gold.get("kommuner") or []
        if not kommuner:
            continue
        seeds.append(_cut_seed(path, gold))
    if not seeds:
        raise SystemExit(f"no seed documents with gold files in {corpus}")
    return seeds


def _cut_seed(path: Path, gold: dict[str, Any]) -> Seed:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    title, heading_keys = heading_names(gold)
    activities = [str(a["text"]) for a in gold.get("activities", [])]
    keys = [(activity, activity_key(activity)) for activity in activities]

    def found_in(chunk: Sequence[str]) -> tuple[str, ...]:
        joined = [activity_key(line) for line in chunk]
        return tuple(a for a, key in keys if key and any(key in line for line in joined))

    heads = [
        i for i, line in enumerate(lines) if line.strip() and heading_key(line) in heading_keys
    ]
    end = _trailer_start(lines, set(heads), [key for _, key in keys])
    heads = [i for i in heads if i < end]
    first = heads[0] if heads else end
    focus_keys = {heading_key(str(area)) for area in gold.get("focus_areas") or []}
    closing = {"tidsram", "uppföljning"}
    groups: list[list[int]] = []  # heading lines of each section, focus areas joined
    for index in heads:
        key = heading_key(lines[index])
        if key in focus_keys and groups and heading_key(lines[groups[-1][0]]) not in closing:
            groups[-1].append(index)
        else:
            groups.append([index])
    sections: list[Section] = []
    for n, group in enumerate(groups):
        start = group[0]
        stop = groups[n + 1][0] if n + 1 < len(groups) else end
        body = tuple(lines[start + 1 : stop])
        found = found_in(body)
        key = heading_key(lines[start])
        kind = "closing" if key in closing else "activities" if found else "prose"
        headings = tuple(lines[i].strip() for i in group)
        sections.append(Section(headings[0], body, kind, found, headings))
    years = [int(y) for y in _YEAR.findall(text)]
    period_start = (gold.get("period") or {}).get("start")
    if period_start:
        years = [int(str(period_start)[:4])]
    return Seed(
        stem=path.stem,
        kommun=str(gold["kommuner"][0]),
        lpo=str(gold["lokalpolisomrade"]) if gold.get("lokalpolisomrade") else None,
        ref_year=max(years) if years else YEARS[0],
        title=title,
        preamble=tuple(lines[:first]),
        sections=tuple(sections),
        trailer=tuple(lines[end:]),
        preamble_activities=found_in(lines[:first]),
    )


def _trailer_start(lines: Sequence[str], heads: set[int], activity_keys: Sequence[str]) -> int:
    """Where the closing run of short blocks (signatures, "Till toppen") starts."""
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    index = end - 1
    while index >= 0:
        block_end = index + 1
        while index >= 0 and lines[index].strip():
            index -= 1
        block = range(index + 1, block_end)
        if not all(_trailer_line(lines[i], i in heads, activity_keys) for i in block):
            break
        start = index + 1
        while index >= 0 and not lines[index].strip():
            index -= 1
    return start


def _trailer_line(line: str, is_heading: bool, activity_keys: Sequence[str]) -> bool:
    words = activity_key(line)
    return (
        len(line.strip()) <= TRAILER_LINE
        and not is_heading
        and not _LIST_LINE.match(line)
        and not any(key and key in words for key in activity_keys)
    )


def load_kommuner(path: Path = KOMMUNER_CSV) -> list[tuple[str, str]]:
    """(kommun, län) for every kommun, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["kommun"], row["lan"]) for row in csv.DictReader(handle)]


# --- one document ----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where and when a generated document is set."""

    kommun: str
    lpo: str
    year: int


def genitive(name: str) -> str:
    return name if name[-1:] in ("s", "x", "z") else name + "s"


def move(text: str, seed: Seed, place: Place) -> str:
    """A seed's text moved to another kommun, lokalpolisområde and year."""
    names = {seed.kommun: place.kommun}
    if seed.lpo:
        names[seed.lpo] = place.lpo
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(s?)\b"
    )

    def rename(match: re.Match[str]) -> str:
        new = names[match[1]]
        return genitive(new) if match[2] else new

    shift = place.year - seed.ref_year
    text = pattern.sub(rename, text)
    return _YEAR.sub(lambda m: str(int(m[1]) + shift), text)


@dataclass
class Part:
    """A piece of a generated document, already moved."""

    text: str
    headings: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    closing: bool = False
    removable: bool = False


@dataclass
class Document:
    kind: str
    place: Place
    base: str
    title: str | None
    parts: list[Part]
    sources: list[str]
    bullets: str = "-"

    @property
    def text(self) -> str:
        text = "\n\n".join(part.text for part in self.parts if part.text.strip()) + "\n"
        return _DASH_BULLET.sub(r"\1• ", text) if self.bullets == "•" else text

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))

    @property
    def headings(self) -> list[str]:
        return [h for part in self.parts for h in part.headings]

    @property
    def activities(self) -> list[str]:
        return [a for part in self.parts for a in part.activities]


def section_part(
    rng: random.Random | None, seed: Seed, section: Section, place: Place, *, thin: bool
) -> Part:
    """A seed section moved to ``place``; a borrowed activity list may lose some items."""
    body = list(section.body)
    activities = list(section.activities)
    if rng is not None and thin and len(activities) > 1:
        keep = [a for a in activities if rng.random() < KEEP_ACTIVITY] or [rng.choice(activities)]
        dropped = [activity_key(a) for a in activities if a not in keep]
        body = [line for line in body if not any(k and k in activity_key(line) for k in dropped)]
        activities = keep
    text = move("\n".join([section.heading, *body]).strip("\n"), seed, place)
    text = re.sub(r"\n{3,}", "\n\n", text) if thin else text
    return Part(
        text,
        headings=[move(heading, seed, place) for heading in section.headings],
        activities=[move(a, seed, place) for a in activities],
        closing=section.kind == "closing",
        removable=section.kind == "prose",
    )


def base_parts(seed: Seed, place: Place) -> list[Part]:
    preamble = move("\n".join(seed.preamble).strip("\n"), seed, place)
    parts = [Part(preamble, activities=[move(a, seed, place) for a in seed.preamble_activities])]
    parts += [section_part(None, seed, s, place, thin=False) for s in seed.sections]
    parts.append(Part(move("\n".join(seed.trailer).strip("\n"), seed, place)))
    return parts


def borrowable(seeds: Sequence[Seed], exclude: str | None) -> list[tuple[Seed, Section]]:
    """Sections other documents may take: activity lists and prose, not closings."""
    return [
        (seed, section)
        for seed in seeds
        if seed.stem != exclude
        for section in seed.sections
        if section.kind != "closing"
    ]


def insert_middle(rng: random.Random, parts: list[Part], part: Part) -> None:
    """Insert ``part`` after the preamble and before the closing sections and trailer."""
    last = len(parts) - 1  # the trailer
    closings = [i for i, p in enumerate(parts[1:last], start=1) if p.closing]
    limit = closings[0] if closings else last
    parts.insert(rng.randint(1, limit), part)


def make_place(rng: random.Random, kommuner: Sequence[tuple[str, str]]) -> Place:
    kommun, lan = rng.choice(kommuner)
    lpo = rng.choice([name for name, other in kommuner if other == lan])
    return Place(kommun, lpo, rng.randint(*YEARS))


def compose(
    rng: random.Random, kind: str, seeds: Sequence[Seed], kommuner: Sequence[tuple[str, str]]
) -> Document:
    """One generated document of ``kind`` (seed, short, long)."""
    place = make_place(rng, kommuner)
    bullets = "•" if rng.random() < 0.25 else "-"
    if kind == "short":
        return _short(rng, seeds, place, bullets)
    seed = rng.choice(seeds)
    doc = Document(
        kind,
        place,
        seed.stem,
        move(seed.title, seed, place) if seed.title else None,
        base_parts(seed, place),
        [seed.stem],
        bullets,
    )
    if kind == "long":
        _grow(rng, doc, seeds, rng.randint(*LONG_SIZE), limit=LONG_SIZE[1], repeat=True)
        return doc
    low, high = SEED_SIZED
    _grow(rng, doc, seeds, rng.randint(low, high), limit=high, repeat=False)
    while doc.size > high:
        removable = [i for i, part in enumerate(doc.parts) if part.removable]
        if not removable:
            break
        del doc.parts[rng.choice(removable)]
    return doc


def _grow(
    rng: random.Random,
    doc: Document,
    seeds: Sequence[Seed],
    target: int,
    *,
    limit: int,
    repeat: bool,
) -> None:
    """Borrow sections from other seeds until ``doc`` reaches ``target`` bytes.

    Each heading is borrowed once; with ``repeat`` (long documents) further
    rounds borrow activity lists again, each thinned differently.
    """
    used = {heading_key(h) for h in doc.headings}
    pool = borrowable(seeds, doc.base)
    rng.shuffle(pool)
    while doc.size < target:
        fresh = [(s, sec) for s, sec in pool if heading_key(sec.heading) not in used]
        if not fresh:
            if not repeat:
                return
            used.clear()
            pool = [(s, sec) for s, sec in borrowable(seeds, None) if sec.kind == "activities"]
            rng.shuffle(pool)
            continue
        for seed, section in fresh:
            part = section_part(rng, seed, section, doc.place, thin=True)
            if doc.size + len(part.text.encode("utf-8")) <= limit:
                break
        else:
            return
        insert_middle(rng, doc.parts, part)
        used.add(heading_key(section.heading))
        if seed.stem not in doc.sources:
            doc.sources.append(seed.stem)


def _short(rng: random.Random, seeds: Sequence[Seed], place: Place, bullets: str) -> Document:
    slots = {"K": place.kommun, "L": place.lpo, "Y": place.year, "Y2": place.year + 1}
    title = rng.choice(SHORT_TITLES).format(**slots)
    opening = rng.choice(OPENINGS).format(**slots)
    doc = Document("short", place, "", title, [Part(f"{title}\n\n{opening}")], [], bullets)
    lists = [(s, sec) for s, sec in borrowable(seeds, None) if sec.kind == "activities"]
    rng.shuffle(lists)
    for seed, section in lists[: rng.randint(1, 2)]:
        part = section_part(rng, seed, section, place, thin=True)
        if len(doc.parts) > 1 and doc.size + len(part.text.encode("utf-8")) > SHORT_MAX:
            break
        doc.parts.append(part)
        doc.sources.append(seed.stem)
    closings = [(s, sec) for s in seeds for sec in s.sections if sec.kind == "closing"]
    if closings and rng.random() < 0.5:
        seed, section = rng.choice(closings)
        part = section_part(rng, seed, section, place, thin=False)
        if doc.size + len(part.text.encode("utf-8")) <= SHORT_MAX:
            doc.parts.append(part)
    doc.base = doc.sources[0] if doc.sources else ""
    return doc


# --- the corpus ------------------------------------------------------------------------


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def kinds(rng: random.Random, count: int) -> list[str]:
    short = round(count * SHORT_SHARE)
    long = round(count * LONG_SHARE)
    result = ["short"] * short + ["long"] * long + ["seed"] * max(0, count - short - long)
    rng.shuffle(result)
    return result[:count]


def inputs_digest(corpus: Path = CORPUS) -> str:
    """Hash of everything the output depends on besides the settings."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    paths = [
        *sorted(corpus.glob("*.txt")),
        *sorted((corpus / "gold").glob("*.gold.json")),
        KOMMUNER_CSV,
        here / "make_corpus_pdfs.py",
        here / "make_bench_corpus.py",
    ]
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _settings(seed: int, docs: int, pages: int) -> dict[str, Any]:
    return {
        "generator": GENERATOR,
        "version": GENERATOR_VERSION,
        "seed": seed,
        "docs": docs,
        "pages": pages,
        "inputs_sha256": inputs_digest(),
    }


def read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def is_current(out: Path, seed: int, docs: int, pages: int) -> bool:
    """``out`` holds a complete corpus of these settings, made from the current inputs."""
    manifest = read_manifest(out)
    if manifest is None:
        return False
    settings = _settings(seed, docs, pages)
    if any(manifest.get(key) != value for key, value in settings.items()):
        return False
    for entry in [*manifest.get("text", []), *manifest.get("pdf", [])]:
        path = out / entry["path"]
        if not path.is_file() or path.stat().st_size != entry["bytes"]:
            return False
    return True


def _clear(out: Path) -> None:
    """Remove a previous corpus; refuse to touch a folder this script did not make."""
    if out.exists() and any(out.iterdir()):
        manifest = read_manifest(out)
        if manifest is None or manifest.get("generator") != GENERATOR:
            raise SystemExit(
                f"{out} is not empty and holds no {MANIFEST} of {GENERATOR}: "
                "choose another folder or empty it"
            )
    for name in ("text", "pdf"):
        shutil.rmtree(out / name, ignore_errors=True)
    (out / MANIFEST).unlink(missing_ok=True)


def generate(out: Path, *, seed: int, docs: int, pages: int) -> dict[str, Any]:
    """Write the corpus into ``out`` and return its manifest."""
    started = time.perf_counter()
    _clear(out)
    rng = random.Random(seed)
    seeds = load_seeds()
    kommuner = load_kommuner()
    (out / "text").mkdir(parents=True, exist_ok=True)

    documents: list[tuple[str, Document]] = []
    text_entries: list[dict[str, Any]] = []
    for index, kind in enumerate(kinds(rng, docs)):
        doc = compose(rng, kind, seeds, kommuner)
        rel = f"text/{index:04d}_{slug(doc.place.kommun)}.txt"
        data = doc.text.encode("utf-8")
        (out / rel).write_bytes(data)
        documents.append((rel, doc))
        text_entries.append(
            {
                "path": rel,
                "bytes": len(data),
                "kind": doc.kind,
                "kommun": doc.place.kommun,
                "lpo": doc.place.lpo,
                "year": doc.place.year,
                "base": doc.base,
                "sources": doc.sources,
                "activities": len(doc.activities),
            }
        )

    pdf_entries: list[dict[str, Any]] = []
    total = 0
    number = 0
    while documents and total < pages:
        rel_text, doc = documents[number % len(documents)]
        layout = LAYOUTS[number % len(LAYOUTS)]
        title, sections = heading_names({"title": doc.title, "sections": doc.headings})
        blocks = text_blocks(doc.text, title, sections, doc.activities)
        drawn = set_document(blocks, layout, number)
        folder = out / "pdf" / layout.name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{number:04d}_{slug(doc.place.kommun)}.pdf"
        draw(drawn, layout, target, header=f"{doc.place.kommun} kommun", doc_index=number)
        total += len(drawn)
        pdf_entries.append(
            {
                "path": target.relative_to(out).as_posix(),
                "bytes": target.stat().st_size,
                "layout": layout.name,
                "pages": len(drawn),
                "source": rel_text,
            }
        )
        number += 1

    manifest = {
        **_settings(seed, docs, pages),
        "seconds": round(time.perf_counter() - started, 2),
        "stats": corpus_stats(text_entries, pdf_entries),
        "text": text_entries,
        "pdf": pdf_entries,
    }
    partial = out / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, out / MANIFEST)  # last: a stopped run leaves no manifest
    return manifest


def corpus_stats(text: Sequence[dict[str, Any]], pdf: Sequence[dict[str, Any]]) -> dict[str, Any]:
    sizes = [int(e["bytes"]) for e in text]
    low, high = SEED_SIZED
    layouts: dict[str, dict[str, int]] = {}
    for entry in pdf:
        row = layouts.setdefault(entry["layout"], {"files": 0, "pages": 0})
        row["files"] += 1
        row["pages"] += int(entry["pages"])
    return {
        "text": {
            "documents": len(text),
            "bytes": sum(sizes),
            "seed_sized": sum(1 for s in sizes if low <= s <= high),
            "seed_sized_range": [low, high],
            "kinds": {k: sum(1 for e in text if e["kind"] == k) for k in ("seed", "short", "long")},
            "min_bytes": min(sizes, default=0),
            "median_bytes": int(statistics.median(sizes)) if sizes else 0,
            "max_bytes": max(sizes, default=0),
        },
        "pdf": {
            "files": len(pdf),
            "pages": sum(int(e["pages"]) for e in pdf),
            "bytes": sum(int(e["bytes"]) for e in pdf),
            "layouts": dict(sorted(layouts.items())),
        },
    }


def ensure(
    out: Path,
    *,
    seed: int = DEFAULT_SEED,
    docs: int = DEFAULT_DOCS,
    pages: int = DEFAULT_PAGES,
    force: bool = False,
) -> tuple[dict[str, Any], bool]:
    """The corpus in ``out``, made when missing or stale; returns (manifest, made now)."""
    if not force and is_current(out, seed, docs, pages):
        manifest = read_manifest(out)
        assert manifest is not None
        return manifest, False
    return generate(out, seed=seed, docs=docs, pages=pages), True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="text documents")
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES, help="PDF pages, at least")
    parser.add_argument("--force", action="store_true", help="make it again even if current")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.pages < 0:
        parser.error("--docs must be at least 1 and --pages at least 0")
    manifest, made = ensure(
        args.out, seed=args.seed, docs=args.docs, pages=args.pages, force=args.force
    )
    stats = manifest["stats"]
    verb = f"made in {manifest['seconds']:.1f} s" if made else "up to date"
    print(
        f"{args.out}: {stats['text']['documents']} text documents "
        f"({stats['text']['bytes'] / 1e6:.1f} MB, {stats['text']['seed_sized']} seed-sized), "
        f"{stats['pdf']['files']} PDFs with {stats['pdf']['pages']} pages; {verb}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
