"""`workshift form-groups PILOT`: form workgroups from the selected volunteers, with a progress bar."""

from __future__ import annotations

import argparse
from typing import Any


def cmd_form_groups(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from workshift.conditions import selectors, services
    from workshift.conditions.models import FormationKind, FormationRun
    from workshift.core.audit import acting_as
    from workshift.engine.grouping import InfeasibleGrouping
    from workshift.people.models import Person
    from workshift.pilots.models import Pilot

    console = Console()
    kind = FormationKind.CELLS if args.cells else FormationKind.WORKGROUPS
    pilot = Pilot.objects.filter(pk=int(args.pilot)).first() if args.pilot.isdigit() else None
    pilot = pilot or Pilot.objects.filter(name__iexact=args.pilot).first()
    if pilot is None:
        console.print(f"[red]No pilot with id or name {args.pilot!r}.[/red]")
        return 2
    previous = selectors.latest_run(pilot=pilot, kind=kind)
    if previous is not None:
        settings = previous.formation_settings
    else:
        people = list(selectors.formation_pool(pilot=pilot, kind=kind))
        if not people:
            console.print(
                "[red]Nobody to group yet: select volunteers (or confirm workgroups, for cells) first.[/red]"
            )
            return 2
        settings = services.formation_defaults(kind=kind, people=people)
    if args.seconds is not None:
        settings = settings.replace(seconds=args.seconds)
    lead = pilot.memberships.filter(role="lead").select_related("user").first()
    with acting_as(lead.user if lead else None):
        try:
            run = services.formation_start(pilot=pilot, kind=kind, settings=settings, user=None)
        except InfeasibleGrouping as exc:
            console.print(f"[red]These settings cannot be met:[/red] {exc}")
            return 1
        with Progress(
            TextColumn("Forming {task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            job = bar.add_task(kind.label.lower(), total=1.0)
            run = services.formation_execute(
                run_id=run.pk, progress=lambda f: bar.update(job, completed=f)
            )
            bar.update(job, completed=1.0)
    if run.status != FormationRun.Status.DONE:
        console.print(f"[red]These settings cannot be met:[/red] {run.error}")
        return 1
    result = run.result
    people = Person.objects.in_bulk(result["people"])  # type: ignore[assignment]
    names = settings.names
    table = Table(title=f"{kind.label} for {pilot.name} (run {run.pk})")
    table.add_column("Group")
    table.add_column("People")
    table.add_column("Mix")
    for g, info in enumerate(result["groups"]):
        members = [
            people[pid].full_name
            for pid, a in zip(result["people"], result["assignment"], strict=True)
            if a == g
        ]
        label = (
            names[g]
            if g < len(names)
            else f"{'Workgroup' if kind == FormationKind.WORKGROUPS else 'Cell'} {g + 1}"
        )
        table.add_row(
            f"{label} ({info['size']})",
            "\n".join(members),
            "\n".join(f"{k}: {v}" for k, v in info["mix"].items()),
        )
    console.print(table)
    gain = (result["score"] / result["random_mean"] - 1) * 100 if result["random_mean"] else 0.0
    console.print(
        f"Diversity score {result['score']:.1f}; a random split scores {result['random_mean']:.1f} on average "
        f"({gain:+.0f}%). Review, edit and confirm it on the pilot's formation page (run {run.pk})."
    )
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "form-groups", help="form diverse workgroups (or cells) for a pilot"
    )
    parser.add_argument("pilot", help="the pilot's id or name")
    parser.add_argument(
        "--seconds",
        type=float,
        default=None,
        help="search time in seconds (default: the last run's, or 2)",
    )
    parser.add_argument(
        "--cells", action="store_true", help="form cells across the confirmed workgroups instead"
    )
    parser.set_defaults(handler=cmd_form_groups)
