"""CSV exports of the backlog and the slices: one header, one row a record, choices by their label."""

from __future__ import annotations

import csv
import io

from django.urls import reverse


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_backlog_exports_rank_score_and_status_label(client_for, groups, metrics) -> None:
    from workshift.impact.models import Opportunity
    from workshift.impact.selectors import backlog_for

    wg = groups["a"]
    Opportunity.objects.create(
        workgroup=wg, title="High", for_whom="Debtors", value=4, confidence=0.75, effort=2,
        metric=metrics["promise"], status="evaluated",
    )  # fmt: skip
    Opportunity.objects.create(workgroup=wg, title="New")
    ranked = list(backlog_for(workgroup=wg))
    rows = _rows(
        client_for("member").get(reverse("impact:opportunities", args=[wg.pk]) + "?format=csv")
    )
    assert rows[0] == [
        "rank", "score", "what", "for whom", "value", "confidence", "effort", "metric", "status",
    ]  # fmt: skip
    assert rows[1] == [
        str(ranked[0].rank), str(ranked[0].score), "High", "Debtors", "4", "0.75", "2",
        str(metrics["promise"]), "Evaluated",
    ]  # fmt: skip
    assert rows[2][2] == "New" and rows[2][4:8] == ["", "", "", ""]
    assert len(rows) == 3


def test_the_slices_export_every_column_with_stage_and_next_step_labels(
    client_for, records_a
) -> None:
    from workshift.impact.models import Slice

    piece = Slice.objects.get(pk=records_a["slice"])
    rows = _rows(
        client_for("member").get(
            reverse("impact:slices", args=[records_a["workgroup"]]) + "?format=csv"
        )
    )
    assert rows[0] == [
        "title", "hypothesis", "metric", "expected change", "start", "end", "stage", "result",
        "learned", "next step",
    ]  # fmt: skip
    assert rows[1] == [
        "Call before the letter", "h", str(piece.metric), "'+3", str(piece.start), str(piece.end),
        piece.get_stage_display(), "", "", piece.get_next_step_display(),
    ]  # fmt: skip
    assert len(rows) == 2  # "+3" is written as "'+3": a spreadsheet does not read it as a formula
