"""Pulse: answering, scheduling, and results that never expose a small group."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workshift.insights.models import PULSE_FIELDS, PulseRound
from workshift.insights.selectors.pulse import pulse_results
from workshift.insights.services import pulse_answer, pulse_round_schedule_next

pytestmark = pytest.mark.django_db


def test_with_four_respondents_nothing_of_theirs_is_shown(
    pilot, crew, open_round, answer, client_for
):
    # given only the 4 members of workgroup South answer, with a recognizable comment
    for person in crew["south"].members.all():
        answer(open_round, person, value=1, comment="South secret remark")
    # when anyone reads the results
    result = pulse_results(pilot=pilot, rounds=[open_round])[0]
    # then no group is shown, and neither page nor report holds their answers or comment
    assert result.shown == []
    page = client_for("champion").get(reverse("insights:pulse", args=[pilot.pk])).content.decode()
    assert "South secret remark" not in page
    assert "fewer than 5 respondents" in page


def test_overlapping_groups_of_eight_and_seven_never_show_both(
    pilot, crew, open_round, answer, client_for
):
    # given the 8 members of North answer (pilot-wide 8 respondents, North 8), then one of South does: 9 vs 8
    north = list(crew["north"].members.all())
    for person in north[:7]:
        answer(open_round, person, value=4)
    answer(open_round, crew["specialists"][7], value=1, comment="the lone voice")
    # pilot-wide has 8 respondents, North has 7 of them: the difference of 1 must not be derivable
    result = pulse_results(pilot=pilot, rounds=[open_round])[0]
    shown = {g.key: g for g in result.shown}
    assert "pilot" in shown and shown["pilot"].respondents == 8
    assert f"wg:{crew['north'].pk}" not in shown
    assert any("reveal" in reason for _, reason in result.suppressed)
    page = client_for("champion").get(reverse("insights:pulse", args=[pilot.pk])).content.decode()
    assert "Workgroup North (shown with the other results" in page


def test_a_member_sees_only_the_pilot_and_their_own_group(pilot, crew, open_round, answer, users):
    from workshift.insights.selectors.pulse import visible_group_keys

    keys = visible_group_keys(user=users["member"], pilot=pilot)
    assert keys == {"pilot", f"wg:{crew['north'].pk}"}
    assert f"wg:{crew['south'].pk}" in visible_group_keys(user=users["champion"], pilot=pilot)


def test_it_refuses_a_second_answer_and_people_outside_the_pilot(
    pilot, crew, open_round, answer, org
):
    answer(open_round, org["people"]["member"])
    with pytest.raises(ValidationError, match="already answered"):
        answer(open_round, org["people"]["member"])
    with pytest.raises(ValidationError, match="taking part"):
        answer(open_round, org["people"]["outsider"])


def test_it_refuses_answers_outside_the_round_and_out_of_range(pilot, crew, org):
    closed = PulseRound.objects.create(
        pilot=pilot, opens_on=dt.date(2020, 1, 1), closes_on=dt.date(2020, 1, 7)
    )
    with pytest.raises(ValidationError, match="open from"):
        pulse_answer(
            pulse_round=closed, person=org["people"]["member"], answers={f: 3 for f in PULSE_FIELDS}
        )
    open_one = PulseRound.objects.create(
        pilot=pilot, opens_on=dt.date.today(), closes_on=dt.date.today()
    )
    with pytest.raises(ValidationError) as error:
        pulse_answer(
            pulse_round=open_one,
            person=org["people"]["member"],
            answers={**{f: 3 for f in PULSE_FIELDS}, "safety": 9},
        )
    assert "safety" in error.value.message_dict


def test_the_next_round_follows_the_cadence(open_round):
    following = pulse_round_schedule_next(pulse_round=open_round)
    assert following.opens_on == open_round.opens_on + dt.timedelta(days=14)
    assert following.closes_on - following.opens_on == open_round.closes_on - open_round.opens_on


def test_a_member_answers_through_the_page(pilot, crew, open_round, client_for):
    url = reverse("insights:pulse_round", args=[open_round.pk])
    client = client_for("member")
    assert client.get(url).status_code == 200
    bad = client.post(url, {f: "3" for f in PULSE_FIELDS[:-1]} | {"comment": "kept text"})
    assert (
        bad.status_code == 200
        and "kept text" in bad.content.decode()
        and "This field is required" in bad.content.decode()
    )
    good = client.post(url, {f: "3" for f in PULSE_FIELDS})
    assert good.status_code == 302
    assert open_round.responses.count() == 1


def test_only_overseers_schedule_rounds(pilot, client_for):
    url = reverse("insights:pulse", args=[pilot.pk])
    data = {
        "title": "Pulse",
        "opens_on": "2026-01-05",
        "closes_on": "2026-01-01",
        "cadence": "weekly",
    }
    assert client_for("member").post(url, data).status_code == 403
    response = client_for("lead").post(url, data)
    assert response.status_code == 200 and "close on or after" in response.content.decode()
    data["closes_on"] = "2026-01-09"
    assert client_for("lead").post(url, data).status_code == 302
    assert pilot.pulse_rounds.count() == 1


def test_pulse_answers_stay_out_of_the_audit_log(pilot, crew, open_round, answer, org):
    from workshift.core.models import AuditEntry

    answer(open_round, org["people"]["member"], comment="private")
    assert not AuditEntry.objects.filter(changes__icontains="private").exists()


def test_the_minimum_group_follows_the_setting_but_never_drops_below_three(
    pilot, crew, open_round, answer, settings
):
    for person in crew["south"].members.all():
        answer(open_round, person)
    settings.PULSE_MIN_GROUP = 4
    shown = pulse_results(pilot=pilot, rounds=[open_round])[0].shown
    assert {g.key: g.respondents for g in shown} == {
        "pilot": 4,
        f"wg:{crew['south'].pk}": 4,
    }  # same 4 people
    settings.PULSE_MIN_GROUP = 1
    south = list(crew["south"].members.all())
    open_round.responses.filter(person__in=south[2:]).delete()
    assert pulse_results(pilot=pilot, rounds=[open_round])[0].shown == []
