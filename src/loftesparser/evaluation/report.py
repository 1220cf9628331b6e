"""Human-readable rendering of an :class:`~.results.EvalReport`.

Output is plain text (rich tables without colour or markup), so it reads the
same in a terminal, a pipe, a log file or a CI artefact. For machines use
``report.model_dump_json(indent=2)``.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from loftesparser.evaluation.results import (
    PRF,
    Accuracy,
    AttributeScore,
    DocumentScore,
    EvalReport,
    FieldScore,
    ListScore,
)

_LIST_FIELDS = ("activities", "promises", "focus_areas", "sections", "signatories")
_ATTRIBUTE_FIELDS = ("actors", "section_attribution", "roles")
_DOCUMENT_FIELDS = ("period", "signed_date", "kommuner", "lokalpolisomrade")
_ACCURACY_NOTES = {
    "actors": "matched activities with gold actors",
    "section_attribution": "matched activities with a gold section",
    "roles": "matched signatories",
    "period": "documents",
    "signed_date": "documents",
    "kommuner": "documents",
    "lokalpolisomrade": "documents",
}
_CLIP = 110
_CONSOLE_WIDTH = 1000


def _render(*tables: Table) -> str:
    # No colour, no markup: document names and texts may contain "[...]". The
    # console is wider than any table so tables take their natural width
    # instead of truncating document names to fit a guessed terminal.
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=_CONSOLE_WIDTH,
        color_system=None,
        force_terminal=False,
        markup=False,
        highlight=False,
        emoji=False,
    )
    for table in tables:
        console.print(table)
    # rich pads every line to the full width; trailing blanks only get in the way of diff and grep.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _num(value: float) -> str:
    return f"{value:.3f}"


def _clip(text: str | None, limit: int = _CLIP) -> str:
    if text is None:
        return "—"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(report: EvalReport) -> str:
    scored = sum(1 for d in report.documents if d.status == "scored")
    return (
        f"Evaluation of loftesparser {report.parser_version}: gold {report.gold_dir} "
        f"(sha256 {report.gold_hash[:12]}) against documents in {report.docs_dir}\n"
        f"{len(report.documents)} gold documents: {scored} scored, "
        f"{len(report.missing_documents)} without document, "
        f"{len(report.parse_errors)} failed to parse; "
        f"{len(report.unscored_documents)} documents without gold"
    )


def _items_table(report: EvalReport) -> Table:
    table = Table(
        title="Items (micro over all documents)", box=box.SIMPLE_HEAD, title_justify="left"
    )
    table.add_column("metric")
    for header in ("P", "R", "F1", "tp", "fp", "fn", "n gold"):
        table.add_column(header, justify="right")
    for name in _LIST_FIELDS:
        prf: PRF = getattr(report.micro, name)
        table.add_row(
            name,
            _num(prf.precision),
            _num(prf.recall),
            _num(prf.f1),
            str(prf.tp),
            str(prf.fp),
            str(prf.fn),
            str(prf.n),
        )
    return table


def _accuracy_table(report: EvalReport) -> Table:
    table = Table(title="Accuracy", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("metric")
    table.add_column("accuracy", justify="right")
    table.add_column("correct/n", justify="right")
    table.add_column("over")
    for name in (*_ATTRIBUTE_FIELDS, *_DOCUMENT_FIELDS):
        acc: Accuracy = getattr(report.accuracy, name)
        table.add_row(name, _num(acc.value), f"{acc.correct}/{acc.total}", _ACCURACY_NOTES[name])
    return table


def _mark(ok: bool) -> str:
    return "ok" if ok else "WRONG"


_STATUS = {"scored": "scored", "missing_document": "missing", "parse_error": "error"}


def _documents_table(report: EvalReport) -> Table:
    table = Table(
        title="Per document", box=box.SIMPLE_HEAD, title_justify="left", collapse_padding=True
    )
    table.add_column("document", no_wrap=True)
    table.add_column("status", no_wrap=True)
    # Short headers keep thirteen columns within an ordinary terminal.
    for header in ("act F1", "prom", "focus", "sect", "sign", "actors", "section"):
        table.add_column(header, justify="right", no_wrap=True)
    for header in ("period", "signed", "kommun", "LPO"):
        table.add_column(header, no_wrap=True)
    for doc in report.documents:
        if doc.status != "scored":
            # Figures of an unparsed document are all misses; the status says it better.
            table.add_row(doc.document, _STATUS[doc.status], *["—"] * 11)
            continue
        lists = [_num(getattr(doc, name).counts.f1) for name in _LIST_FIELDS]
        attributes = [
            f"{acc.correct}/{acc.total}"
            for acc in (doc.actors.accuracy, doc.section_attribution.accuracy)
        ]
        fields = [_mark(getattr(doc, name).correct) for name in _DOCUMENT_FIELDS]
        table.add_row(doc.document, _STATUS[doc.status], *lists, *attributes, *fields)
    return table


def _list_details(name: str, result: ListScore) -> list[str]:
    lines: list[str] = []
    for label, misses in (("missed:  ", result.missed), ("spurious:", result.spurious)):
        for miss in misses:
            near = f"   [closest {miss.similarity:.2f}: {_clip(miss.closest, 60)}]"
            lines.append(f"  {name} {label} {_clip(miss.text)}{near if miss.closest else ''}")
    return lines


def _attribute_details(name: str, result: AttributeScore) -> list[str]:
    return [
        f"  {name} wrong: {_clip(d.item, 70)}  gold: {_clip(d.gold, 40)}  "
        f"predicted: {_clip(d.predicted, 40)}"
        for d in result.wrong
    ]


def _field_details(name: str, result: FieldScore) -> list[str]:
    if result.correct:
        return []
    return [f"  {name} wrong: gold: {_clip(result.gold)}  predicted: {_clip(result.predicted)}"]


def document_details(doc: DocumentScore) -> list[str]:
    """Lines describing everything that was wrong in one document (empty when perfect)."""
    if doc.status != "scored":
        # Every gold item is a miss; listing them all would bury the reason.
        missed = sum(getattr(doc, name).counts.fn for name in _LIST_FIELDS)
        return [f"  {doc.status}: {doc.error}", f"  all {missed} gold items count as missed"]
    lines: list[str] = []
    for name in _LIST_FIELDS:
        lines += _list_details(name, getattr(doc, name))
    for name in _ATTRIBUTE_FIELDS:
        lines += _attribute_details(name, getattr(doc, name))
    for name in _DOCUMENT_FIELDS:
        lines += _field_details(name, getattr(doc, name))
    return lines


def _details(report: EvalReport) -> str:
    blocks: list[str] = []
    for doc in report.documents:
        lines = document_details(doc)
        if lines:
            where = f" ({doc.document_path})" if doc.document_path else ""
            blocks.append("\n".join([f"{doc.document}{where}", *lines]))
    if report.unscored_documents:
        blocks.append(
            "\n".join(
                ["Documents without gold (not scored):"]
                + [f"  {p}" for p in report.unscored_documents]
            )
        )
    if not blocks:
        return "Details: nothing wrong.\n"
    return "Details (what was wrong)\n\n" + "\n\n".join(blocks) + "\n"


def render_table(
    report: EvalReport,
    *,
    details: bool = False,
    per_document: bool | None = None,
) -> str:
    """Render the report as plain text: summary, P/R/F1 table and accuracy table.

    ``per_document`` adds a row per gold document (default: on when
    ``details`` is). ``details`` lists, per document, every missed and
    spurious item (with the closest item on the other side), every wrong
    actor/section/role, and every wrong document-level field.
    """
    show_documents = details if per_document is None else per_document
    tables = [_items_table(report), _accuracy_table(report)]
    if show_documents:
        tables.append(_documents_table(report))
    text = _summary(report) + "\n\n" + _render(*tables)
    if details:
        text += "\n" + _details(report)
    return text


__all__ = ["document_details", "render_table"]
