"""Tests of loftesparser.evaluation: gold format, scoring rules, report, evaluate().

Predictions are constructed PromiseDocument objects (or built from the gold
itself), never the parser, so these tests pin the scoring rules of
corpus/gold/README.md independently of parser quality.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loftesparser.errors import EmptyDocumentError, GoldFormatError, UnreadableFileError
from loftesparser.evaluation import (
    PRF,
    Accuracy,
    DocumentScore,
    EvalReport,
    GoldActivity,
    GoldDocument,
    GoldPeriod,
    GoldSignatory,
    GoldSigned,
    evaluate,
    gold_corpus_hash,
    gold_from_document,
    load_gold,
    load_gold_dir,
    render_table,
    score,
)
from loftesparser.evaluation.scoring import (
    dice,
    greedy_match,
    kommuner_correct,
    lpo_correct,
    match_texts,
    normalize_heading,
    period_correct,
    role_correct,
    score_headings,
    tokens,
)
from loftesparser.models import (
    Activity,
    Kommun,
    Lokalpolisomrade,
    Period,
    PromiseDocument,
    Section,
    Signatory,
    Signed,
    Source,
    Span,
    TextItem,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD_DIR = CORPUS / "gold"

D = dt.date


# --------------------------------------------------------------------------- helpers


def make_gold(**overrides: Any) -> GoldDocument:
    """A small valid gold annotation; keyword arguments replace fields."""
    fields: dict[str, Any] = {
        "document": "doc.txt",
        "title": "Medborgarlöfte",
        "kommuner": ["Habo"],
        "lokalpolisomrade": "Södra Vätterbygden",
        "period": GoldPeriod(start=D(2017, 1, 1), end=D(2017, 12, 31), duration=None),
        "signed": GoldSigned(date=D(2016, 12, 6), place="Habo"),
        "signatories": [
            GoldSignatory(name="Fredrik Lindfors", role="Chef Lokalpolisområde"),
            GoldSignatory(name="Gunnar Pettersson", role="Ordf. kommunstyrelsen"),
        ],
        "sections": ["Fokusområden", "Polisen lovar:", "Uppföljning"],
        "focus_areas": ["Brott i nära relation", "Bostadsinbrott"],
        "promises": ["Skapa förutsättningar för en drogfri miljö för barn och ungdomar"],
        "activities": [
            GoldActivity(
                text="Fotpatrullering i centrum av Habo",
                actors=["polisen"],
                section="Polisen lovar",
            ),
            GoldActivity(
                text="Trygghetsvandringar genomförs och följs upp",
                actors=["polisen", "kommunen"],
                section="Polisen lovar",
            ),
            GoldActivity(text="Förbättra dialogen med brottsutsatta", actors=None, section=None),
        ],
    }
    fields.update(overrides)
    return GoldDocument(**fields)


_KOMMUN_CODES = {"Habo": "0643", "Hagfors": "1783", "Sunne": "1766"}


def doc_from_gold(gold: GoldDocument) -> PromiseDocument:
    """A PromiseDocument that says exactly what the gold says (a perfect 'parser')."""
    span = Span(start=0, end=0)
    period = (
        Period(start=gold.period.start, end=gold.period.end, duration=gold.period.duration)
        if gold.period
        else None
    )
    return PromiseDocument(
        parser_version="test",
        source=Source(name=gold.document, sha256="0" * 64, format="text", size_bytes=0),
        title=gold.title,
        kommuner=[
            Kommun(
                name=name,
                code=_KOMMUN_CODES.get(name, "9999"),
                lan="Testlän",
                lan_code="99",
                polisregion="Test",
            )
            for name in gold.kommuner
        ],
        lokalpolisomrade=(
            Lokalpolisomrade(name=gold.lokalpolisomrade) if gold.lokalpolisomrade else None
        ),
        period=period,
        signed=Signed(date=gold.signed.date, place=gold.signed.place),
        signatories=[Signatory(name=s.name, role=s.role) for s in gold.signatories],
        sections=[Section(heading=h, kind="other", span=span) for h in gold.sections],
        focus_areas=[TextItem(text=t, span=span) for t in gold.focus_areas],
        promises=[TextItem(text=t, span=span) for t in gold.promises],
        activities=[
            Activity(
                text=a.text,
                actors=list(a.actors or []),
                actor_source="marker" if a.actors else "none",
                section=a.section,
                span=span,
            )
            for a in gold.activities
        ],
        text="",
    )


def all_figures(ds: DocumentScore) -> list[float]:
    prfs = [ds.activities, ds.promises, ds.focus_areas, ds.sections, ds.signatories]
    values = [v for s in prfs for v in (s.counts.precision, s.counts.recall, s.counts.f1)]
    values += [a.accuracy.value for a in (ds.actors, ds.section_attribution, ds.roles)]
    return values


def is_perfect(ds: DocumentScore) -> bool:
    fields = (ds.period, ds.signed_date, ds.kommuner, ds.lokalpolisomrade)
    return all(v == 1.0 for v in all_figures(ds)) and all(f.correct for f in fields)


def report_figures(report: EvalReport) -> dict[str, float]:
    figures = {
        f"{name}.{m}": getattr(getattr(report.micro, name), m)
        for name in ("activities", "promises", "focus_areas", "sections", "signatories")
        for m in ("precision", "recall", "f1")
    }
    for name in type(report.accuracy).model_fields:
        figures[name] = getattr(report.accuracy, name).value
    return figures


# --------------------------------------------------------------------------- tokens and Dice


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Polisen och Kommunen", ["polisen", "och", "kommunen"]),
        ("POLISEN", ["polisen"]),
        ("alkohol/droger", ["alkohol", "droger"]),
        ("trafikkontroll/vecka.", ["trafikkontroll", "vecka"]),
        ("...fotpatrullera, med uniform!", ["fotpatrullera", "med", "uniform"]),
        ("Ｐｏｌｉｓｅｎ ２０２０", ["polisen", "2020"]),  # full-width forms (NFKC)
        ("ﬁka", ["fika"]),  # ligature (NFKC)
        ("O\u0308versyn fo\u0308r a\u030ar", ["översyn", "för", "år"]),  # decomposed (NFD) input
        ("Över-\nsyn", ["över", "syn"]),
        ("– • …", []),
        ("", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("fotpatrullering i centrum", "fotpatrullering i centrum", 1.0),
        ("Fotpatrullering i centrum.", "fotpatrullering, i CENTRUM", 1.0),
        ("alkohol/droger", "alkohol droger", 1.0),
        ("polisen", "kommunen", 0.0),
        ("a b c d", "a b c d e f", 0.8),  # 2*4 / (4+6)
        ("a a b", "a b", 0.8),  # multisets: overlap counts a once
        ("a a", "a", 2 / 3),
        ("", "", 1.0),  # two empty texts are identical
        ("a", "", 0.0),
    ],
)
def test_dice(a: str, b: str, expected: float) -> None:
    assert dice(a, b) == pytest.approx(expected)
    assert dice(b, a) == pytest.approx(expected)


# --------------------------------------------------------------------------- greedy matching


def _words(n: int, prefix: str = "w") -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def test_match_threshold_exactly_point_eight_matches() -> None:
    gold = "a b c d"
    pred = "a b c d e f"
    assert dice(gold, pred) == 0.8
    assert match_texts([gold], [pred]) == [(0, 0, 0.8)]


def test_match_below_threshold_does_not_match() -> None:
    shared = _words(79)
    gold = " ".join(shared + _words(21, "g"))
    pred = " ".join(shared + _words(21, "p"))
    assert dice(gold, pred) == pytest.approx(0.79)
    assert match_texts([gold], [pred]) == []


def test_match_is_one_to_one() -> None:
    # Two identical predictions for one gold item: one matches, the other is spurious.
    pairs = match_texts(["polisen patrullerar"], ["polisen patrullerar", "polisen patrullerar"])
    assert pairs == [(0, 0, 1.0)]


def test_match_takes_highest_similarity_first() -> None:
    # gold0~pred1 is best (1.0), so gold0 takes pred1 even though gold0~pred0 also passes,
    # and gold1 is left with pred0.
    gold = ["a b c d e", "a b c d x"]
    pred = ["a b c d x", "a b c d e"]
    assert match_texts(gold, pred) == [(0, 1, 1.0), (1, 0, 1.0)]


def test_match_is_greedy_not_optimal() -> None:
    # Greedy takes the single best pair (gold0-pred0, 1.0) although pairing gold0-pred1
    # and gold1-pred0 would match both: the README asks for greedy.
    sims = {(0, 0): 1.0, (0, 1): 0.9, (1, 0): 0.85}
    pairs = greedy_match([0, 1], [0, 1], lambda g, p: sims.get((g, p), 0.0))
    assert pairs == [(0, 0, 1.0)]


def test_match_ties_follow_document_order() -> None:
    pairs = greedy_match(["x", "x"], ["x", "x"], lambda g, p: 1.0)
    assert pairs == [(0, 0, 1.0), (1, 1, 1.0)]


@given(
    st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=5).map(" ".join), max_size=6),
    st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=5).map(" ".join), max_size=6),
)
def test_match_properties(gold: list[str], pred: list[str]) -> None:
    pairs = match_texts(gold, pred)
    assert len({g for g, _, _ in pairs}) == len(pairs)
    assert len({p for _, p, _ in pairs}) == len(pairs)
    assert all(0.8 <= sim <= 1.0 for _, _, sim in pairs)
    assert all(dice(gold[g], pred[p]) == sim for g, p, sim in pairs)


# --------------------------------------------------------------------------- P/R/F1 conventions


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [
        (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find, nothing found: perfect, n = 0
        (0, 0, 3, 1.0, 0.0, 0.0),  # nothing predicted: vacuous precision, no recall
        (0, 2, 0, 0.0, 1.0, 0.0),  # gold empty, predictions made
        (3, 1, 2, 0.75, 0.6, 2 * 3 / (2 * 3 + 1 + 2)),
        (5, 0, 0, 1.0, 1.0, 1.0),
    ],
)
def test_prf_conventions(tp: int, fp: int, fn: int, p: float, r: float, f1: float) -> None:
    prf = PRF(tp=tp, fp=fp, fn=fn)
    assert (prf.precision, prf.recall) == pytest.approx((p, r))
    assert prf.f1 == pytest.approx(f1)
    assert prf.n == tp + fn


def test_accuracy_of_nothing_is_one_with_zero_total() -> None:
    assert Accuracy().value == 1.0
    assert Accuracy(correct=1, total=4).value == 0.25
    assert (Accuracy(correct=1, total=2) + Accuracy(correct=2, total=2)).value == 0.75


# --------------------------------------------------------------------------- document scoring


def test_perfect_prediction_scores_one() -> None:
    gold = make_gold()
    result = score(gold, doc_from_gold(gold))
    assert is_perfect(result)
    assert result.activities.counts == PRF(tp=3, fp=0, fn=0)
    # actors null in the gold is not scored; section null is not scored.
    assert result.actors.accuracy == Accuracy(correct=2, total=2)
    assert result.section_attribution.accuracy == Accuracy(correct=2, total=2)


def test_partial_prediction_reports_what_was_wrong() -> None:
    gold = make_gold()
    pred = doc_from_gold(gold)
    span = Span(start=0, end=0)
    pred.activities = [
        # matches gold 0 (reworded within threshold) but with the wrong owner
        Activity(
            text="Fotpatrullering i centrum av Habo.",
            actors=["kommunen"],
            actor_source="marker",
            section="POLISEN LOVAR…",
            span=span,
        ),
        # matches gold 1 with right owners but wrong section
        Activity(
            text="Trygghetsvandringar genomförs och följs upp",
            actors=["kommunen", "polisen"],
            actor_source="subject",
            section="Uppföljning",
            span=span,
        ),
        Activity(text="Något helt annat", actors=[], actor_source="none", span=span),
    ]
    pred.signatories = [Signatory(name="Fredrik Lindfors (S)", role="Kommunalråd")]
    pred.sections = [Section(heading=h, kind="other", span=span) for h in ["fokusområden:", "X"]]
    result = score(gold, pred)

    assert result.activities.counts == PRF(tp=2, fp=1, fn=1)
    assert [m.text for m in result.activities.missed] == ["Förbättra dialogen med brottsutsatta"]
    assert [m.text for m in result.activities.spurious] == ["Något helt annat"]
    assert result.actors.accuracy == Accuracy(correct=1, total=2)
    assert result.actors.wrong[0].gold == "polisen"
    assert result.actors.wrong[0].predicted == "kommunen"
    assert result.section_attribution.accuracy == Accuracy(correct=1, total=2)
    assert result.section_attribution.wrong[0].predicted == "Uppföljning"

    # "(S)" makes similarity 0.8, still a match; the role is wrong.
    assert result.signatories.counts == PRF(tp=1, fp=0, fn=1)
    assert result.roles.accuracy == Accuracy(correct=0, total=1)
    assert result.sections.counts == PRF(tp=1, fp=1, fn=2)


def test_missing_prediction_counts_everything_as_missed() -> None:
    gold = make_gold(period=None, lokalpolisomrade=None, kommuner=[])
    result = score(gold, None)
    assert result.activities.counts == PRF(tp=0, fp=0, fn=3)
    assert result.promises.counts.fn == 1
    # Even fields whose gold is null are wrong: a failed parse earns no credit.
    assert not any(
        f.correct
        for f in (result.period, result.signed_date, result.kommuner, result.lokalpolisomrade)
    )


def test_empty_gold_and_empty_prediction_is_perfect() -> None:
    gold = make_gold(
        kommuner=[],
        lokalpolisomrade=None,
        period=None,
        signed=GoldSigned(date=None, place=None),
        signatories=[],
        sections=[],
        focus_areas=[],
        promises=[],
        activities=[],
    )
    result = score(gold, doc_from_gold(gold))
    assert is_perfect(result)
    assert result.activities.counts.n == 0


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        ("Tidsram", "Tidsram:", True),
        ("Polisen lovar...", "polisen lovar", True),
        ("Polisen lovar…", "Polisen lovar:", True),
        ("Uppföljning.", "UPPFÖLJNING", True),
        ("Det  här ska vi göra", "Det här ska vi göra", True),
        ("Tidsram", "Tidsramar", False),
        ("Syfte med medborgarlöften", "Syfte", False),
    ],
)
def test_section_headings_normalized(gold: str, pred: str, ok: bool) -> None:
    assert (normalize_heading(gold) == normalize_heading(pred)) is ok
    assert score_headings([gold], [pred]).counts.tp == int(ok)


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        (None, None, True),
        (None, (D(2020, 1, 1), D(2020, 12, 31), None), False),
        ((D(2020, 1, 1), D(2020, 12, 31), None), None, False),
        ((D(2020, 1, 1), D(2020, 12, 31), None), (D(2020, 1, 1), D(2020, 12, 31), None), True),
        ((D(2020, 1, 1), D(2020, 12, 31), None), (D(2020, 1, 1), D(2021, 12, 31), None), False),
        ((D(2020, 1, 1), D(2020, 12, 31), None), (D(2020, 1, 1), D(2020, 12, 31), "P1Y"), True),
        ((D(2020, 1, 1), None, None), (D(2020, 1, 1), None, "P2Y"), True),
        ((D(2020, 1, 1), D(2020, 12, 31), None), (None, None, "P1Y"), False),
        ((None, None, "P2Y"), (None, None, "P2Y"), True),
        ((None, None, "P2Y"), (None, None, "P1Y"), False),
        # duration-only gold: predicted dates are not checked, the duration is
        ((None, None, "P2Y"), (D(2020, 1, 1), D(2021, 12, 31), "P2Y"), True),
        ((None, None, "P2Y"), (D(2020, 1, 1), D(2021, 12, 31), None), False),
    ],
)
def test_period_rule(gold: Any, pred: Any, ok: bool) -> None:
    assert period_correct(gold, pred) is ok


def test_predicted_period_without_values_counts_as_null() -> None:
    gold = make_gold(period=None)
    pred = doc_from_gold(gold)
    pred.period = Period(text="under året")
    assert score(gold, pred).period.correct


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        ("Karlstad", "Karlstad", True),
        ("Karlstad", "Lokalpolisområde Karlstad", True),
        ("Lokalpolisområde Karlstad", "LPO Karlstad", True),
        ("Karlstad", "lpo  karlstad", True),
        ("Södra Vätterbygden", "LOKALPOLISOMRÅDE SÖDRA VÄTTERBYGDEN", True),
        ("Karlstad", "Karlstads", False),
        ("Karlstad", "LPOKarlstad", False),  # the prefix is a word, not any leading "LPO"
        ("Torsby", "Karlstad", False),
        (None, None, True),
        (None, "Torsby", False),
        ("Torsby", None, False),
    ],
)
def test_lpo_rule(gold: str | None, pred: str | None, ok: bool) -> None:
    assert lpo_correct(gold, pred) is ok


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        (["Habo"], ["Habo"], True),
        (["Habo", "Mullsjö"], ["Mullsjö", "Habo"], True),
        (["Habo"], ["Habo", "Habo"], True),
        (["Habo"], ["Habo kommun"], True),
        (["Habo"], ["habo"], True),
        (["Habo", "Mullsjö"], ["Habo"], False),
        (["Habo"], ["Habo", "Jönköping"], False),
        ([], [], True),
        ([], ["Habo"], False),
    ],
)
def test_kommuner_set_rule(gold: list[str], pred: list[str], ok: bool) -> None:
    assert kommuner_correct(gold, pred) is ok


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        ("Kommunstyrelsens ordförande", "kommunstyrelsens ordförande", True),
        ("Chef LPO Karlstad", "Chef LPO Karlstad, Polisen", True),  # 2*3 / 7 ≈ 0.86
        ("Chef LPO Karlstad", "Chef LPO", True),  # 2*2 / 5 = 0.8
        ("Kommunstyrelsens ordförande", "Kommunalråd", False),
        (None, None, True),
        (None, "Kommunalråd", False),
        ("Kommunalråd", None, False),
    ],
)
def test_role_rule(gold: str | None, pred: str | None, ok: bool) -> None:
    assert role_correct(gold, pred) is ok


def test_signed_date_exact() -> None:
    gold = make_gold()
    pred = doc_from_gold(gold)
    pred.signed = Signed(date=D(2016, 12, 7), place="Habo")
    result = score(gold, pred)
    assert not result.signed_date.correct
    assert (result.signed_date.gold, result.signed_date.predicted) == ("2016-12-06", "2016-12-07")


# --------------------------------------------------------------------------- gold format


def _write_gold(tmp_path: Path, data: dict[str, Any], name: str = "doc.gold.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _gold_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(make_gold().to_json())
    return data


def test_corpus_gold_loads() -> None:
    golds = load_gold_dir(GOLD_DIR)
    assert [g.stem for g in golds] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    first = golds[0]
    assert first.period is not None and first.period.duration == "P2Y"
    assert isinstance(golds[2].signed.date, dt.date)


def test_gold_file_round_trip(tmp_path: Path) -> None:
    gold = make_gold()
    path = tmp_path / "doc.gold.json"
    path.write_text(gold.to_json(), encoding="utf-8")
    assert load_gold(path) == gold


def _set(path: str, value: Any) -> Any:
    """A mutation setting ``path`` (dotted, with integer list indexes) to ``value``."""

    def apply(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = data
        for part in parents:
            target = target[part]
        target[last] = value

    return apply


def _delete(key: str) -> Any:
    return lambda data: data.pop(key)


@pytest.mark.parametrize(
    ("mutate", "field", "fragment"),
    [
        (_set("activites", []), "activites", "Extra inputs"),
        (_delete("focus_areas"), "focus_areas", "Field required"),
        (_set("activities.0.actors", ["polis"]), "activities[0].actors[0]", "'polisen'"),
        (_set("activities.0.actors", []), "activities[0].actors", "write null"),
        (_set("activities.0.actors", ["polisen", "polisen"]), "activities[0].actors", "twice"),
        (_set("activities.0.actors", "polisen"), "activities[0].actors", "valid array"),
        (_set("activities.0.text", "  – "), "activities[0].text", "letter or digit"),
        (_set("activities.0.extra", 1), "activities[0].extra", "Extra inputs"),
        (_set("signed.date", "6/12/2016"), "signed.date", "valid date"),
        (_set("signed.date", "2016-12-6"), "signed.date", "YYYY-MM-DD"),
        (_set("signed.date", 20161206), "signed.date", "valid date"),
        (_set("period.end", "2016-01-01"), "period", "before start"),
        (_set("period", {"start": None, "end": None, "duration": None}), "period", "null"),
        (_set("period.duration", "2 år"), "period.duration", "pattern"),
        (_delete("signed"), "signed", "Field required"),
        (_set("kommuner", "Habo"), "kommuner", "valid array"),
        (_set("title", 5), "title", "valid string"),
        (_set("document", "sub/doc.txt"), "document", "bare file name"),
        (_set("document", "other.txt"), "document", "does not match the file name"),
        (_set("activities.1.section", "Okänd rubrik"), "activities[1].section", "not one of"),
    ],
)
def test_malformed_gold_names_file_and_field(
    tmp_path: Path, mutate: Any, field: str, fragment: str
) -> None:
    data = _gold_data()
    mutate(data)
    path = _write_gold(tmp_path, data)
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    error = info.value
    assert error.path == str(path)
    assert str(path) in str(error)
    fields = [f for f, _ in error.problems]
    assert field in fields, error.problems
    assert any(fragment in message for f, message in error.problems if f == field), error.problems
    assert error.code == "gold_format"


def test_gold_section_matches_headings_after_normalization(tmp_path: Path) -> None:
    data = _gold_data()
    data["activities"][0]["section"] = "polisen lovar…"  # heading is "Polisen lovar:"
    assert load_gold(_write_gold(tmp_path, data)).activities[0].section == "polisen lovar…"


def test_gold_activity_section_may_be_omitted(tmp_path: Path) -> None:
    data = _gold_data()
    del data["activities"][0]["section"]
    assert load_gold(_write_gold(tmp_path, data)).activities[0].section is None


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"document": "doc.txt",\n "title": }', "not valid JSON"),
        (b'{"document": "doc.txt"', "line 1"),
        ('{"document": "dök.txt"}'.encode("latin-1"), "not UTF-8"),
        (b'{"document": "doc.txt", "document": "doc.txt"}', "appears twice"),
        (b"[]", "should be an object"),
    ],
)
def test_unparseable_gold(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "doc.gold.json"
    path.write_bytes(content)
    with pytest.raises(GoldFormatError, match=fragment):
        load_gold(path)


def test_gold_with_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "doc.gold.json"
    path.write_bytes(b"\xef\xbb\xbf" + make_gold().to_json().encode("utf-8"))
    assert load_gold(path) == make_gold()


def test_gold_dir_errors(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError):
        load_gold(tmp_path / "missing.gold.json")
    with pytest.raises(UnreadableFileError):
        load_gold_dir(tmp_path / "missing")
    with pytest.raises(GoldFormatError, match=r"no \*\.gold\.json"):
        load_gold_dir(tmp_path)
    # Two gold files annotating documents with the same stem.
    _write_gold(tmp_path, _gold_data(), "doc.gold.json")
    sub = tmp_path / "more"
    sub.mkdir()
    _write_gold(sub, _gold_data(), "doc.gold.json")
    assert len(load_gold_dir(tmp_path)) == 1
    with pytest.raises(GoldFormatError, match="already annotated"):
        load_gold_dir(tmp_path, recursive=True)


def test_gold_corpus_hash(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    shutil.copytree(GOLD_DIR, gold_dir)
    original = gold_corpus_hash(gold_dir)
    assert original == gold_corpus_hash(GOLD_DIR)
    assert len(original) == 64
    (gold_dir / "README.md").write_text("changed", encoding="utf-8")
    assert gold_corpus_hash(gold_dir) == original  # only gold files count
    first = sorted(gold_dir.glob("*.gold.json"))[0]
    first.write_bytes(first.read_bytes() + b"\n")
    assert gold_corpus_hash(gold_dir) != original


# --------------------------------------------------------------------------- gold_from_document


def test_gold_from_document_round_trip(tmp_path: Path) -> None:
    gold = make_gold()
    doc = doc_from_gold(gold)
    bootstrapped = gold_from_document(doc)
    assert bootstrapped == gold
    assert is_perfect(score(bootstrapped, doc))
    # and through a file, as a researcher would save and correct it
    path = tmp_path / "doc.gold.json"
    path.write_text(bootstrapped.to_json(), encoding="utf-8")
    assert is_perfect(score(load_gold(path), doc))


def test_gold_from_document_normalizes_unknowns() -> None:
    doc = doc_from_gold(make_gold())
    span = Span(start=0, end=0)
    doc.activities.append(Activity(text="—", actors=[], actor_source="none", span=span))
    doc.activities.append(Activity(text="Okänd ägare", actors=[], actor_source="none", span=span))
    doc.period = Period(text="under året")
    gold = gold_from_document(doc, document="other.pdf")
    assert gold.document == "other.pdf"
    assert gold.period is None
    assert gold.activities[-1] == GoldActivity(text="Okänd ägare", actors=None, section=None)
    assert len(gold.activities) == 4  # the item without words is dropped


def test_gold_from_document_needs_a_name() -> None:
    doc = doc_from_gold(make_gold())
    doc.source = Source(sha256="0" * 64, format="text", size_bytes=0)
    with pytest.raises(GoldFormatError, match="document="):
        gold_from_document(doc)


# --------------------------------------------------------------------------- property tests

_WORDS = ["polisen", "kommunen", "trygghet", "Habo", "ÖVERSYN", "ﬁka", "skola", "2020", "SSP"]
_text = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join)
_date = st.dates(min_value=D(2010, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def golds(draw: st.DrawFn) -> GoldDocument:
    sections = draw(st.lists(_text, max_size=4))
    period_kind = draw(st.sampled_from(["none", "dates", "duration"]))
    period = None
    if period_kind == "dates":
        start = draw(_date)
        period = GoldPeriod(
            start=start, end=start + dt.timedelta(days=draw(st.integers(0, 900))), duration=None
        )
    elif period_kind == "duration":
        period = GoldPeriod(start=None, end=None, duration=draw(st.sampled_from(["P1Y", "P2Y"])))
    activities = draw(
        st.lists(
            st.builds(
                GoldActivity,
                text=_text,
                actors=st.one_of(
                    st.none(),
                    st.sampled_from([["polisen"], ["kommunen"], ["kommunen", "polisen"]]),
                ),
                section=st.one_of(st.none(), st.sampled_from(sections)) if sections else st.none(),
            ),
            max_size=6,
        )
    )
    return GoldDocument(
        document="doc.txt",
        title=draw(st.one_of(st.none(), _text)),
        kommuner=draw(st.lists(st.sampled_from(["Habo", "Hagfors", "Sunne"]), max_size=2)),
        lokalpolisomrade=draw(st.one_of(st.none(), st.sampled_from(["Torsby", "LPO Karlstad"]))),
        period=period,
        signed=GoldSigned(date=draw(st.one_of(st.none(), _date)), place=None),
        signatories=draw(
            st.lists(
                st.builds(GoldSignatory, name=_text, role=st.one_of(st.none(), _text)), max_size=3
            )
        ),
        sections=sections,
        focus_areas=draw(st.lists(_text, max_size=3)),
        promises=draw(st.lists(_text, max_size=3)),
        activities=activities,
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(golds())
def test_gold_scored_against_itself_is_perfect(gold: GoldDocument) -> None:
    assert is_perfect(score(gold, gold))
    assert is_perfect(score(gold, doc_from_gold(gold)))
    assert gold_from_document(doc_from_gold(gold)) == gold


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(golds(), golds())
def test_scores_are_within_unit_interval(gold: GoldDocument, other: GoldDocument) -> None:
    result = score(gold, doc_from_gold(other))
    assert all(0.0 <= v <= 1.0 for v in all_figures(result))
    for name in ("activities", "promises", "focus_areas", "sections", "signatories"):
        counts = getattr(result, name).counts
        assert counts.tp + counts.fn == len(getattr(gold, name))
        assert counts.tp + counts.fp == len(getattr(other, name))


# --------------------------------------------------------------------------- evaluate() and report


def _gold_parser(gold_dir: Path) -> Any:
    by_stem = {g.stem: g for g in load_gold_dir(gold_dir)}

    def parse(path: Path) -> PromiseDocument:
        return doc_from_gold(by_stem[path.stem])

    return parse


def test_evaluate_corpus_with_gold_parser_is_perfect() -> None:
    report = evaluate(GOLD_DIR, CORPUS, parse=_gold_parser(GOLD_DIR))
    assert all(v == 1.0 for v in report_figures(report).values()), report_figures(report)
    assert report.micro.activities.tp == sum(len(g.activities) for g in load_gold_dir(GOLD_DIR))
    assert report.accuracy.period.total == len(report.documents) == 5
    assert report.missing_documents == report.parse_errors == report.unscored_documents == []
    assert report.gold_hash == gold_corpus_hash(GOLD_DIR)
    assert all(d.document_path and d.gold_path for d in report.documents)


def test_evaluate_reports_missing_failed_and_unscored(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    gold_dir = docs / "gold"  # gold inside the documents folder, README and all
    shutil.copytree(GOLD_DIR, gold_dir)
    stems = sorted(g.stem for g in load_gold_dir(gold_dir))
    shutil.copy(CORPUS / f"{stems[0]}.txt", docs / f"{stems[0]}.txt")
    (docs / f"{stems[1]}.md").write_text("broken", encoding="utf-8")  # other suffix, same stem
    (docs / "extra.pdf").write_bytes(b"%PDF-")
    (docs / ".hidden.txt").write_text("x", encoding="utf-8")
    parse_ok = _gold_parser(gold_dir)

    def parse(path: Path) -> PromiseDocument:
        if path.suffix == ".md":
            raise EmptyDocumentError("the file holds no text", path=path)
        result: PromiseDocument = parse_ok(path)
        return result

    report = evaluate(gold_dir, docs, parse=parse)
    statuses = {d.document: d.status for d in report.documents}
    assert statuses[f"{stems[0]}.txt"] == "scored"
    assert statuses[f"{stems[1]}.txt"] == "parse_error"
    assert sorted(report.missing_documents) == [f"{s}.txt" for s in stems[2:]]
    assert report.parse_errors == [f"{stems[1]}.txt"]
    assert report.unscored_documents == [str(docs / "extra.pdf")]
    failed = next(d for d in report.documents if d.status == "parse_error")
    assert failed.error_code == "empty_document"
    assert "no text" in (failed.error or "")
    # every gold item of unscored gold counts as missed
    gold_total = sum(len(g.activities) for g in load_gold_dir(gold_dir))
    assert report.micro.activities.tp + report.micro.activities.fn == gold_total
    assert report.micro.activities.recall < 1.0
    assert report.accuracy.period.total == 5

    text = render_table(report, details=True)
    assert "parse_error" in text and "missing_document" in text
    assert "extra.pdf" in text


def test_evaluate_picks_exact_name_then_suffix_order(tmp_path: Path) -> None:
    gold = make_gold(document="doc.pdf")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "doc.gold.json").write_text(gold.to_json(), encoding="utf-8")
    for suffix in (".txt", ".md", ".pdf"):
        (tmp_path / f"doc{suffix}").write_text("x", encoding="utf-8")
    seen: list[Path] = []

    def parse(path: Path) -> PromiseDocument:
        seen.append(path)
        return doc_from_gold(gold)

    report = evaluate(tmp_path / "gold", tmp_path, parse=parse)
    assert seen == [tmp_path / "doc.pdf"]
    assert sorted(report.unscored_documents) == [
        str(tmp_path / "doc.md"),
        str(tmp_path / "doc.txt"),
    ]


def test_evaluate_recursive(tmp_path: Path) -> None:
    gold = make_gold()
    (tmp_path / "gold" / "2017").mkdir(parents=True)
    (tmp_path / "gold" / "2017" / "doc.gold.json").write_text(gold.to_json(), encoding="utf-8")
    (tmp_path / "docs" / "2017").mkdir(parents=True)
    (tmp_path / "docs" / "2017" / "doc.txt").write_text("x", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        evaluate(tmp_path / "gold", tmp_path / "docs", parse=lambda p: doc_from_gold(gold))
    report = evaluate(
        tmp_path / "gold", tmp_path / "docs", parse=lambda p: doc_from_gold(gold), recursive=True
    )
    assert [d.status for d in report.documents] == ["scored"]
    assert is_perfect(report.documents[0])


def test_evaluate_missing_docs_dir(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError):
        evaluate(GOLD_DIR, tmp_path / "nope", parse=_gold_parser(GOLD_DIR))


def test_parser_bugs_are_not_swallowed() -> None:
    def parse(path: Path) -> PromiseDocument:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        evaluate(GOLD_DIR, CORPUS, parse=parse)


def test_report_json_round_trip() -> None:
    report = evaluate(GOLD_DIR, CORPUS, parse=_gold_parser(GOLD_DIR))
    dumped = report.model_dump_json(indent=2)
    data = json.loads(dumped)
    assert data["micro"]["activities"]["f1"] == 1.0
    assert data["accuracy"]["period"] == {"correct": 5, "total": 5, "value": 1.0}
    assert EvalReport.model_validate_json(dumped) == report


def test_render_table_is_plain_and_complete() -> None:
    gold_parse = _gold_parser(GOLD_DIR)

    def parse(path: Path) -> PromiseDocument:
        doc: PromiseDocument = gold_parse(path)
        doc.activities = doc.activities[1:]  # lose the first activity of each document
        doc.period = None
        return doc

    report = evaluate(GOLD_DIR, CORPUS, parse=parse)
    table = render_table(report)
    for metric in (
        "activities",
        "promises",
        "focus_areas",
        "sections",
        "signatories",
        "actors",
        "section_attribution",
        "roles",
        "period",
        "signed_date",
        "kommuner",
        "lokalpolisomrade",
    ):
        assert metric in table
    assert "\x1b" not in table  # no terminal escapes when piped
    assert all(line == line.rstrip() for line in table.splitlines())
    assert "Per document" not in table and "Details" not in table

    detailed = render_table(report, details=True)
    assert "Per document" in detailed
    assert "activities missed:" in detailed
    assert "Trygghetsskapande patrullering på publika platser" in detailed
    assert "period wrong" in detailed
    assert "Per document" in render_table(report, per_document=True)
    assert "Per document" not in render_table(report, details=True, per_document=False)


def test_render_table_when_nothing_is_wrong() -> None:
    report = evaluate(GOLD_DIR, CORPUS, parse=_gold_parser(GOLD_DIR))
    assert "nothing wrong" in render_table(report, details=True)
