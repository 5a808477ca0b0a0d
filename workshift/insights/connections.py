"""The kept connections analysis: computed by the worker, read by pages and the API.

`connections_compute()` reads the whole collaboration network once and keeps, per pilot, what the
connections page shows (brokers, isolated participants, units that never talk, communities of
practice) and each person's tie to the pilot's participants for who-can-help. It runs after every
collaboration import and when an overseer asks for it; reading it is one query plus the few people
it names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from workshift.engine.network import tie_kinds
from workshift.insights.models import ConnectionsAnalysis
from workshift.insights.selectors.connections import connections_overview, org_network
from workshift.insights.selectors.participants import pilot_participant_ids
from workshift.people.models import Person
from workshift.pilots.models import Pilot

STRONG_COUNT = 30.0
LIMIT = 10


def connections_compute(*, pilots: list[Pilot] | None = None) -> list[ConnectionsAnalysis]:
    """Analyse the network once and keep the result for each pilot (every pilot not closed)."""
    if pilots is None:
        pilots = list(Pilot.objects.exclude(status=Pilot.Status.CLOSED).order_by("pk"))
    network = org_network()
    kept = []
    for pilot in pilots:
        overview = connections_overview(pilot=pilot, limit=LIMIT, network=network)
        group = np.array(
            sorted(
                network.index_of[p]
                for p in pilot_participant_ids(pilot=pilot)
                if p in network.index_of
            ),
            dtype=np.int64,
        )
        ties: dict[str, int] = {}
        if group.size and network.rows:
            candidates = np.arange(len(network.person_ids), dtype=np.int64)
            kinds = tie_kinds(
                analysis=network.analysis,
                group=group,
                candidates=candidates,
                strong_count=STRONG_COUNT,
            )
            for index in np.flatnonzero(kinds):
                ties[str(int(network.person_ids[index]))] = int(kinds[index])
        data = {
            "brokers": [
                {
                    "person": b["person"].pk,
                    "score": b["score"],
                    "bridges": [list(x) for x in b["bridges"]],
                }
                for b in overview.brokers
            ],
            "isolated": [p.pk for p in overview.isolated],
            "isolated_count": overview.isolated_count,
            "silent_pairs": [list(pair) for pair in overview.silent_pairs],
            "communities": overview.communities,
            "ties": ties,
        }
        with transaction.atomic():
            analysis, _ = ConnectionsAnalysis.objects.update_or_create(
                pilot=pilot,
                defaults={
                    "computed_at": timezone.now(),
                    "collaboration_rows": network.rows,
                    "data": data,
                },
            )
        kept.append(analysis)
    return kept


@dataclass
class KeptConnections:
    computed_at: dt.datetime
    rows: int
    brokers: list[dict[str, Any]]
    isolated: list[Person]
    isolated_count: int
    silent_pairs: list[tuple[str, str]]
    communities: list[dict[str, Any]]
    ties: dict[int, int] = field(default_factory=dict)


def connections_kept(*, pilot: Pilot, with_ties: bool = False) -> KeptConnections | None:
    """The kept analysis of a pilot with the people it names, or None before the first one."""
    fields = ["computed_at", "collaboration_rows", "data"]
    analysis = ConnectionsAnalysis.objects.filter(pilot=pilot).only(*fields, "pilot").first()
    if analysis is None:
        return None
    data = analysis.data
    ids = [b["person"] for b in data["brokers"]] + list(data["isolated"])
    people = Person.objects.in_bulk(ids) if ids else {}
    return KeptConnections(
        computed_at=analysis.computed_at,
        rows=analysis.collaboration_rows,
        brokers=[
            {
                "person": people[b["person"]],
                "score": b["score"],
                "bridges": [tuple(x) for x in b["bridges"]],
            }
            for b in data["brokers"]
            if b["person"] in people
        ],
        isolated=[people[i] for i in data["isolated"] if i in people],
        isolated_count=data["isolated_count"],
        silent_pairs=[(a, b) for a, b in data["silent_pairs"]],
        communities=data["communities"],
        ties={int(k): v for k, v in data["ties"].items()} if with_ties else {},
    )
