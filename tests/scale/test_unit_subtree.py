"""The unit subtree behind every manager's view of people: one query, whatever the tree's size."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from workshift.people.access import unit_subtree_ids
from workshift.people.models import OrgUnit


def _chain(parent: OrgUnit, depth: int, prefix: str) -> list[OrgUnit]:
    units = []
    for i in range(depth):
        parent = OrgUnit.objects.create(code=f"{prefix}{i}", name=f"{prefix} {i}", parent=parent)
        units.append(parent)
    return units


def test_it_returns_the_unit_and_everything_below_it_and_nothing_else(db) -> None:
    # given two branches under one root
    root = OrgUnit.objects.create(code="ROOT", name="Root")
    left = _chain(root, 5, "L")
    right = _chain(root, 3, "R")
    # when / then
    assert unit_subtree_ids(root_id=left[1].pk) == {u.pk for u in left[1:]}
    assert unit_subtree_ids(root_id=root.pk) == {root.pk} | {u.pk for u in left + right}
    assert unit_subtree_ids(root_id=right[-1].pk) == {right[-1].pk}


def test_it_runs_one_query_for_a_deep_and_wide_tree(db) -> None:
    root = OrgUnit.objects.create(code="ROOT", name="Root")
    small = _chain(root, 2, "S")
    wide = [OrgUnit(code=f"W{i}", name=f"W {i}", parent=small[-1]) for i in range(300)]
    OrgUnit.objects.bulk_create(wide)
    with CaptureQueriesContext(connection) as queries:
        found = unit_subtree_ids(root_id=small[0].pk)
    assert len(queries) == 1
    assert len(found) == 2 + 300


def test_a_cycle_in_the_tree_ends_the_walk(db) -> None:
    a = OrgUnit.objects.create(code="A", name="A")
    b = OrgUnit.objects.create(code="B", name="B", parent=a)
    OrgUnit.objects.filter(pk=a.pk).update(parent=b)
    assert unit_subtree_ids(root_id=a.pk) == {a.pk, b.pk}
