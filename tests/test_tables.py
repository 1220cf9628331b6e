"""Research tables: columns, flattening, reading parsed output, pandas, the compare view.

Documents are built by hand (:func:`make_document`) so every value is known.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loftesparser.errors import UnreadableFileError
from loftesparser.models import (
    Activity,
    DateMention,
    Kommun,
    Lokalpolisomrade,
    Period,
    PromiseDocument,
    Signatory,
    Signed,
    Source,
    Span,
)
from loftesparser.tables import (
    COLUMNS,
    LIST_SEPARATOR,
    MANIFEST_NAME,
    InvalidParsedDocumentError,
    MissingDependencyError,
    activity_rows,
    actors_value,
    build_tables,
    column_names,
    compare,
    compare_columns,
    date_rows,
    document_row,
    iter_documents,
    owner_counts,
    rows,
    signatory_rows,
    swedish_sort_key,
    theme_labels,
    to_dataframe,
)

KOMMUNER = {
    "Habo": ("0643", "Jönköpings län", "06", "Syd"),
    "Mullsjö": ("0642", "Jönköpings län", "06", "Syd"),
    "Forshaga": ("1763", "Värmlands län", "17", "Bergslagen"),
    "Åre": ("2321", "Jämtlands län", "23", "Nord"),
    "Älmhult": ("0765", "Kronobergs län", "07", "Syd"),
    "Ystad": ("1286", "Skåne län", "12", "Syd"),
}


def make_activity(
    text: str,
    actors: list[str],
    *,
    themes: list[str] | None = None,
    partners: list[str] | None = None,
    section: str | None = "Aktiviteter",
    page: int | None = None,
) -> Activity:
    return Activity(
        text=text,
        actors=actors,  # type: ignore[arg-type]
        actor_source="marker" if actors else "none",
        section=section,
        themes=themes or [],
        partners=partners or [],
        span=Span(start=0, end=len(text)),
        page=page,
    )


def make_document(
    path: str | None = "in/habo.txt",
    *,
    kommuner: tuple[str, ...] = ("Habo",),
    period: tuple[dt.date | None, dt.date | None] | None = (
        dt.date(2020, 1, 1),
        dt.date(2021, 12, 31),
    ),
    activities: list[Activity] | None = None,
    lpo: str | None = "Södra Vätterbygden",
    sha256: str = "a" * 64,
    title: str | None = "Medborgarlöfte 2020–2021",
    signatories: list[Signatory] | None = None,
    dates: list[DateMention] | None = None,
) -> PromiseDocument:
    """A hand-built document; every field a table reads is set from the arguments."""
    return PromiseDocument(
        parser_version="0.1.0",
        source=Source(
            path=path,
            name=Path(path).name if path else None,
            sha256=sha256,
            format="text",
            encoding="utf-8",
            size_bytes=100,
        ),
        title=title,
        kommuner=[
            Kommun(
                name=name,
                code=KOMMUNER[name][0],
                lan=KOMMUNER[name][1],
                lan_code=KOMMUNER[name][2],
                polisregion=KOMMUNER[name][3],
            )
            for name in kommuner
        ],
        lokalpolisomrade=Lokalpolisomrade(name=lpo) if lpo else None,
        period=Period(start=period[0], end=period[1]) if period else None,
        signed=Signed(date=dt.date(2019, 12, 10), place="Habo"),
        signatories=signatories or [],
        activities=activities if activities is not None else [],
        dates=dates or [],
        text="Medborgarlöfte",
    )


def sample_document() -> PromiseDocument:
    return make_document(
        kommuner=("Habo", "Mullsjö"),
        activities=[
            make_activity(
                "Trafikkontroller vid skolor",
                ["polisen"],
                themes=["trafik", "skola"],
                partners=["skolan", "räddningstjänsten, Habo"],
                page=2,
            ),
            make_activity(
                "Trygghetsvandringar", ["kommunen", "polisen"], themes=["trygghet_offentlig_miljo"]
            ),
            make_activity("Föräldravandringar", ["kommunen"], themes=["ungdomar"]),
            make_activity("Dialog med föreningar", [], themes=[]),
        ],
        signatories=[
            Signatory(
                name="Anna Andersson", role="Lokalpolisområdeschef", organisation="Polismyndigheten"
            ),
            Signatory(
                name="Bo Berg",
                role="Kommunstyrelsens ordförande",
                organisation="Habo kommun",
                party="S",
            ),
        ],
        dates=[
            DateMention(
                text="2020–2021",
                span=Span(start=0, end=9),
                start=dt.date(2020, 1, 1),
                end=dt.date(2021, 12, 31),
                granularity="multi_year",
                role="validity",
                duration="P2Y",
            )
        ],
    )


# --- columns -----------------------------------------------------------------------


def test_column_names_are_stable() -> None:
    # Scripts depend on these names and this order: change them only with a
    # new schema version and a CHANGELOG entry.
    assert column_names("documents") == [
        "file", "sha256", "format", "pages", "title", "kommuner", "kommun_codes", "lan", "lpo",
        "period_start", "period_end", "period_duration", "signed_date", "signed_place",
        "activities", "activities_polisen", "activities_kommunen", "activities_both",
        "activities_unknown", "promises", "focus_areas", "signatories", "warnings",
        "parser_version",
    ]  # fmt: skip
    assert column_names("activities") == [
        "document", "activity", "kommuner", "kommun_codes", "lan", "lpo", "period_start",
        "period_end", "text", "actors", "actor_source", "section", "themes", "partners", "page",
    ]  # fmt: skip
    assert column_names("signatories") == [
        "document", "kommuner", "kommun_codes", "name", "role", "organisation", "party",
        "signed_date", "signed_place",
    ]  # fmt: skip
    assert column_names("dates") == [
        "document", "text", "start", "end", "granularity", "role", "duration", "page",
    ]  # fmt: skip


def test_rows_have_exactly_the_columns_in_order() -> None:
    tables = build_tables([sample_document()])
    for name, table_rows in tables.items():
        assert table_rows, name
        for row in table_rows:
            assert list(row) == column_names(name)


def test_unknown_table_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown table 'activity'.*documents, activities"):
        rows([sample_document()], "activity")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown table"):
        column_names("nope")  # type: ignore[arg-type]


# --- flattening ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actors", "expected"),
    [
        (["polisen"], "polisen"),
        (["kommunen"], "kommunen"),
        (["kommunen", "polisen"], "both"),
        (["polisen", "kommunen"], "both"),
        ([], ""),
    ],
)
def test_actors_value(actors: list[str], expected: str) -> None:
    assert actors_value(actors) == expected


def test_document_row() -> None:
    row = document_row(sample_document())
    assert row["file"] == "in/habo.txt"
    assert row["kommuner"] == "Habo; Mullsjö"
    assert row["kommun_codes"] == "0643; 0642"
    assert row["lan"] == "Jönköpings län"  # the same län once
    assert row["lpo"] == "Södra Vätterbygden"
    assert row["period_start"] == dt.date(2020, 1, 1)
    assert row["period_end"] == dt.date(2021, 12, 31)
    assert row["signed_date"] == dt.date(2019, 12, 10)
    assert row["signed_place"] == "Habo"
    assert (row["activities"], row["activities_polisen"], row["activities_kommunen"]) == (4, 1, 1)
    assert (row["activities_both"], row["activities_unknown"]) == (1, 1)
    assert row["signatories"] == 2
    assert row["pages"] is None


def test_document_without_kommun_period_or_lpo() -> None:
    doc = make_document(None, kommuner=(), period=None, lpo=None, title=None)
    row = document_row(doc)
    assert row["file"] == "a" * 64  # no path, no name: the content hash identifies it
    assert row["kommuner"] == "" and row["kommun_codes"] == "" and row["lan"] == ""
    assert row["lpo"] is None and row["period_start"] is None and row["title"] is None
    assert activity_rows(doc) == [] and signatory_rows(doc) == [] and date_rows(doc) == []


def test_activity_rows() -> None:
    first, both, kommun, unknown = activity_rows(sample_document())
    assert first == {
        "document": "in/habo.txt",
        "activity": 1,
        "kommuner": "Habo; Mullsjö",
        "kommun_codes": "0643; 0642",
        "lan": "Jönköpings län",
        "lpo": "Södra Vätterbygden",
        "period_start": dt.date(2020, 1, 1),
        "period_end": dt.date(2021, 12, 31),
        "text": "Trafikkontroller vid skolor",
        "actors": "polisen",
        "actor_source": "marker",
        "section": "Aktiviteter",
        "themes": "trafik; skola",
        "partners": "skolan; räddningstjänsten, Habo",
        "page": 2,
    }
    assert (both["actors"], kommun["actors"], unknown["actors"]) == ("both", "kommunen", "")
    assert unknown["actor_source"] == "none" and unknown["themes"] == ""
    assert [r["activity"] for r in (first, both, kommun, unknown)] == [1, 2, 3, 4]


def test_signatory_and_date_rows() -> None:
    doc = sample_document()
    police, mayor = signatory_rows(doc)
    assert police["name"] == "Anna Andersson" and police["organisation"] == "Polismyndigheten"
    assert mayor["party"] == "S" and mayor["kommuner"] == "Habo; Mullsjö"
    assert mayor["signed_date"] == dt.date(2019, 12, 10)
    (date,) = date_rows(doc)
    assert date == {
        "document": "in/habo.txt",
        "text": "2020–2021",
        "start": dt.date(2020, 1, 1),
        "end": dt.date(2021, 12, 31),
        "granularity": "multi_year",
        "role": "validity",
        "duration": "P2Y",
        "page": None,
    }


@given(st.lists(st.sampled_from([[], ["polisen"], ["kommunen"], ["kommunen", "polisen"]])))
def test_owner_counts_add_up(actor_lists: list[list[str]]) -> None:
    doc = make_document(activities=[make_activity(f"a{i}", a) for i, a in enumerate(actor_lists)])
    counts = owner_counts(doc)
    assert sum(counts.values()) == len(actor_lists)
    row = document_row(doc)
    assert row["activities"] == sum(row[f"activities_{o}"] for o in counts)


# --- reading parsed output -------------------------------------------------------------


def _write_docs(folder: Path, docs: dict[str, PromiseDocument]) -> None:
    for relative, doc in docs.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.to_json(), encoding="utf-8")


def test_iter_documents_from_a_folder_without_manifest(tmp_path: Path) -> None:
    a, b = make_document("a.txt"), make_document("b.txt")
    _write_docs(tmp_path, {"sub/b.json": b, "a.json": a, ".hidden/c.json": make_document("c")})
    (tmp_path / "errors.jsonl").write_text('{"path": "x", "message": "broken"}\n', encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(make_document("d.txt").to_json(indent=None) + "\n\n")
    files = [document_row(d)["file"] for d in iter_documents(tmp_path)]
    assert files == [
        "a.txt",
        "d.txt",
        "b.txt",
    ]  # sorted by relative path: a.json, more.jsonl, sub/b.json


def test_iter_documents_follows_the_manifest(tmp_path: Path) -> None:
    _write_docs(
        tmp_path,
        {".loftesparser-cache/x.json": make_document("x.txt"), "stale.json": make_document("s")},
    )
    manifest = {
        "entries": {
            "x.txt": {"status": "parsed", "store": ".loftesparser-cache/x.json"},
            "bad.txt": {"status": "failed"},
            "gone.txt": {"status": "parsed", "store": "gone.json"},
        }
    }
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    assert [d.source.path for d in iter_documents(tmp_path)] == ["x.txt"]


def test_iter_documents_mixed_sources(tmp_path: Path) -> None:
    doc = make_document("one.txt")
    (tmp_path / "one.json").write_text(doc.to_json(), encoding="utf-8")
    got = list(iter_documents([doc, tmp_path / "one.json", str(tmp_path / "one.json")]))
    assert [d.source.path for d in got] == ["one.txt"] * 3


def test_iter_documents_errors(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_text('{"document": "x.txt"}', encoding="utf-8")
    with pytest.raises(InvalidParsedDocumentError, match="not a parsed loftesparser document"):
        list(iter_documents(tmp_path / "gold.json"))
    (tmp_path / "bad.jsonl").write_text(make_document().to_json(indent=None) + "\n{}\n")
    with pytest.raises(InvalidParsedDocumentError, match="line 2"):
        list(iter_documents(tmp_path / "bad.jsonl"))
    with pytest.raises(UnreadableFileError, match="no such file"):
        list(iter_documents(tmp_path / "missing"))


# --- pandas -----------------------------------------------------------------------


def test_to_dataframe_types_and_columns() -> None:
    pd = pytest.importorskip("pandas")
    frame = to_dataframe([sample_document()], table="activities")
    assert list(frame.columns) == column_names("activities")
    assert len(frame) == 4
    assert str(frame["activity"].dtype) == "Int64" and str(frame["page"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(frame["period_start"])
    assert frame["page"].isna().tolist() == [False, True, True, True]
    assert frame.loc[0, "period_end"] == pd.Timestamp("2021-12-31")


def test_to_dataframe_empty_table_keeps_columns() -> None:
    pytest.importorskip("pandas")
    frame = to_dataframe([make_document()], table="signatories")
    assert frame.empty and list(frame.columns) == column_names("signatories")


def test_to_dataframe_from_package_and_folder(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    import loftesparser

    _write_docs(tmp_path, {"x.json": sample_document()})
    frame = loftesparser.to_dataframe(tmp_path, table="documents")
    assert frame.loc[0, "kommuner"] == "Habo; Mullsjö"
    assert frame.loc[0, "activities_both"] == 1


def test_to_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'loftesparser\[data\]'"):
        to_dataframe([sample_document()])


# --- compare --------------------------------------------------------------------


def _by_kommun(result: list[dict[str, Any]]) -> dict[tuple[str, Any], dict[str, Any]]:
    return {(r["kommun"], r["period_start"]): r for r in result}


def test_compare_counts_per_kommun_and_period() -> None:
    older = make_document(
        "habo-2018.txt",
        period=(dt.date(2018, 1, 1), dt.date(2019, 12, 31)),
        activities=[make_activity("Fartkontroller", ["polisen"], themes=["trafik"])],
    )
    result = compare(
        [sample_document(), older, make_document("forshaga.txt", kommuner=("Forshaga",))]
    )
    keyed = _by_kommun(result)
    assert [(r["kommun"], r["period_start"]) for r in result] == [
        ("Forshaga", dt.date(2020, 1, 1)),
        ("Habo", dt.date(2018, 1, 1)),
        ("Habo", dt.date(2020, 1, 1)),
        ("Mullsjö", dt.date(2020, 1, 1)),
    ]
    habo = keyed[("Habo", dt.date(2020, 1, 1))]
    # The joint agreement counts in full for both of its kommuner.
    assert habo == {
        **keyed[("Mullsjö", dt.date(2020, 1, 1))],
        "kommun": "Habo",
        "kommun_code": "0643",
    }
    assert (habo["documents"], habo["activities"]) == (1, 4)
    assert (habo["polisen"], habo["kommunen"], habo["both"], habo["unknown"]) == (1, 1, 1, 1)
    assert (habo["theme_trafik"], habo["theme_skola"], habo["theme_ungdomar"]) == (1, 1, 1)
    assert keyed[("Habo", dt.date(2018, 1, 1))]["theme_trafik"] == 1
    assert keyed[("Forshaga", dt.date(2020, 1, 1))]["activities"] == 0
    for row in result:
        assert list(row) == [name for name, _ in compare_columns()]


def test_compare_sums_documents_of_the_same_kommun_and_period() -> None:
    one = make_document("a.txt", activities=[make_activity("x", ["polisen"])])
    two = make_document("b.txt", activities=[make_activity("y", ["kommunen"])])
    (row,) = compare([one, two])
    assert (row["documents"], row["activities"], row["polisen"], row["kommunen"]) == (2, 2, 1, 1)


def test_compare_order_is_swedish_and_unknown_kommun_last() -> None:
    docs = [
        make_document("u.txt", kommuner=()),
        make_document("a.txt", kommuner=("Älmhult",)),
        make_document("b.txt", kommuner=("Ystad",)),
        make_document("c.txt", kommuner=("Åre",)),
        make_document("d.txt", kommuner=("Habo",)),
    ]
    assert [r["kommun"] for r in compare(docs)] == ["Habo", "Ystad", "Åre", "Älmhult", ""]
    assert sorted(["Örebro", "Åre", "Ärla", "Arboga"], key=swedish_sort_key) == [
        "Arboga", "Åre", "Ärla", "Örebro",
    ]  # fmt: skip


def test_theme_columns_follow_the_taxonomy() -> None:
    from loftesparser.extract.themes import themes

    labels = theme_labels()
    assert list(labels) == [f"theme_{t.key}" for t in themes()]
    assert labels["theme_trafik"] == "Trafik"
    assert set(labels) <= {name for name, _ in compare_columns()}


def test_list_separator_is_documented_value() -> None:
    assert LIST_SEPARATOR == "; "
    assert set(COLUMNS) == {"documents", "activities", "signatories", "dates"}
