"""Optimistic concurrency: an edit based on an old version is refused, not applied."""

from __future__ import annotations

import pytest

from workshift.core.concurrency import EditConflict, save_versioned
from workshift.people.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_saving_the_version_you_opened_stores_it_and_counts_up() -> None:
    unit = OrgUnit.objects.create(code="OPS", name="Operations")
    opened = OrgUnit.objects.get(pk=unit.pk)
    opened.name = "Operations and Service"
    save_versioned(instance=opened, expected_version=1)
    stored = OrgUnit.objects.get(pk=unit.pk)
    assert (stored.name, stored.version) == ("Operations and Service", 2)


def test_saving_over_a_newer_version_is_refused_and_keeps_the_newer_one() -> None:
    # given two people who open the same unit at version 1
    unit = OrgUnit.objects.create(code="OPS", name="Operations")
    first = OrgUnit.objects.get(pk=unit.pk)
    second = OrgUnit.objects.get(pk=unit.pk)
    # when the first saves, then the second saves their older copy
    first.name = "Operations and Service"
    save_versioned(instance=first, expected_version=1)
    second.name = "Ops"
    with pytest.raises(EditConflict) as conflict:
        save_versioned(instance=second, expected_version=1)
    # then the second is told which versions clash and the first one's work stays
    assert (conflict.value.current_version, conflict.value.expected_version) == (2, 1)
    assert "version 2, you edited version 1" in str(conflict.value)
    stored = OrgUnit.objects.get(pk=unit.pk)
    assert (stored.name, stored.version) == ("Operations and Service", 2)
