"""Recognize without dead ends: warnings acknowledged, a weak catalyst with a way on, metric
parents that fit the level, and units already rated marked in the unit choice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from workshift.core.models import AuditEntry
from workshift.pilots import selectors
from workshift.pilots.models import CatalystAssessment, Champion, EntryCandidate, Metric

EDITORS = ("administrator", "lead", "champion")
READERS = ("coach", "manager")


def _json(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data, content_type="application/json")


# ------------------------------------------------------------------ champion warnings


@pytest.fixture
def vague_champion(recognized):
    champion = recognized["champion"]
    champion.vision = "We will transform collections with automation."
    champion.vision_frontline_gain = False
    champion.committed_on = champion.communicated_on = champion.covered_on = dt.date(2026, 1, 5)
    champion.save()
    return champion


def test_saving_a_champion_with_only_warnings_saves_and_says_so(client_for, pilot, org) -> None:
    # given a vision that names neither frontline people nor a gain
    data = {
        "person": org["people"]["champion"].pk,
        "is_c_level": "on",
        "vision": "We will transform collections with automation.",
    }
    # when the lead saves
    response = client_for("lead").post(
        reverse("pilots:champion", args=[pilot.pk]), data, follow=True
    )
    html = response.content.decode()
    # then it is saved, the page says so, and each warning offers to go on
    champion = Champion.objects.get(pilot=pilot)
    assert champion.vision == data["vision"]
    assert "Champion saved. 4 warnings to read below" in html
    assert 'id="champion-saved"' in html and "version 1" in html
    assert html.count("I have read this; go on") == 4
    assert reverse("pilots:candidates", args=[pilot.pk]) in html


def test_acknowledging_a_warning_records_who_and_when_and_keeps_it_shown(
    client_for, vague_champion, users
) -> None:
    pilot = vague_champion.pilot
    response = client_for("lead").post(
        reverse("pilots:champion_acknowledge", args=[pilot.pk]), {"key": "vision"}, follow=True
    )
    html = response.content.decode()
    vague_champion.refresh_from_db()
    ack = vague_champion.acknowledgements["vision"]
    assert ack["by_id"] == users["lead"].pk and ack["at"]
    assert "does not mention the frontline people involved" in ack["message"]
    # still listed, marked acknowledged, and the check does not call it passed
    assert "does not mention the frontline people involved" in html
    assert (
        f"Read and acknowledged by {users['lead'].get_full_name()}" in html
        and "not counted as passed" in html
    )
    check = vague_champion.assessment()
    assert not check.vision_ok and [w.key for w in check.open_warnings] == []
    assert AuditEntry.objects.filter(
        model="pilots.Champion",
        object_id=str(vague_champion.pk),
        action="update",
        actor=users["lead"],
    ).exists()


def test_an_acknowledged_warning_is_shown_as_acknowledged_in_the_readiness(
    client_for, vague_champion
) -> None:
    pilot = vague_champion.pilot
    client_for("champion").post(
        reverse("pilots:champion_acknowledge", args=[pilot.pk]), {"key": "vision"}
    )
    step = next(s for s in selectors.readiness_for(pilot=pilot).steps if s.key == "champion_vision")
    assert not step.done and step.acknowledged
    html = client_for("lead").get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    assert "going on despite a warning" in html and "Acknowledged, not passed" in html


def test_changing_the_vision_reopens_a_warning_whose_text_changed(client_for, vague_champion):
    pilot = vague_champion.pilot
    client_for("lead").post(
        reverse("pilots:champion_acknowledge", args=[pilot.pk]), {"key": "vision"}
    )
    vague_champion.refresh_from_db()
    vague_champion.vision = "Frontline agents: we embrace automation."
    vague_champion.save()
    assert "vision" in [w.key for w in vague_champion.assessment().open_warnings]


def test_acknowledgements_do_not_carry_to_another_champion(client_for, vague_champion, org):
    pilot = vague_champion.pilot
    client_for("lead").post(
        reverse("pilots:champion_acknowledge", args=[pilot.pk]), {"key": "vision"}
    )
    vague_champion.refresh_from_db()
    assert [w.key for w in vague_champion.assessment().items if w.acknowledged] == ["vision"]
    vague_champion.person = org["people"]["lead"]  # someone else is named, same vision
    vague_champion.save()
    assert not any(w.acknowledged for w in vague_champion.assessment().items)


def test_acknowledging_a_warning_that_is_not_there_is_refused(client_for, recognized) -> None:
    pilot = recognized["pilot"]
    response = client_for("lead").post(
        reverse("pilots:champion_acknowledge", args=[pilot.pk]), {"key": "vision"}, follow=True
    )
    assert "no such open warning" in response.content.decode()
    recognized["champion"].refresh_from_db()
    assert recognized["champion"].acknowledgements == {}


@pytest.mark.parametrize("role", EDITORS)
def test_editors_acknowledge_a_warning(client_for, vague_champion, role) -> None:
    url = reverse("pilots:champion_acknowledge", args=[vague_champion.pilot.pk])
    assert client_for(role).post(url, {"key": "vision"}).status_code == 302
    vague_champion.refresh_from_db()
    assert "vision" in vague_champion.acknowledgements


@pytest.mark.parametrize(
    ("role", "status"),
    [("coach", 403), ("manager", 403), ("member", 403), ("outsider", 404)],
)
def test_others_cannot_acknowledge_a_warning(client_for, vague_champion, role, status) -> None:
    url = reverse("pilots:champion_acknowledge", args=[vague_champion.pilot.pk])
    assert client_for(role).post(url, {"key": "vision"}).status_code == status
    vague_champion.refresh_from_db()
    assert vague_champion.acknowledgements == {}


def test_acknowledging_needs_a_login_and_a_post(client_for, vague_champion) -> None:
    url = reverse("pilots:champion_acknowledge", args=[vague_champion.pilot.pk])
    assert "/accounts/login/" in client_for("anonymous").post(url, {"key": "vision"})["Location"]
    assert client_for("lead").get(url).status_code == 405


def test_readers_see_acknowledged_warnings_without_the_button(client_for, vague_champion) -> None:
    pilot = vague_champion.pilot
    client_for("lead").post(
        reverse("pilots:champion_acknowledge", args=[pilot.pk]), {"key": "vision"}
    )
    vague_champion.refresh_from_db()
    assert set(vague_champion.acknowledgements) == {"vision"}
    html = client_for("coach").get(reverse("pilots:champion", args=[pilot.pk])).content.decode()
    assert "does not mention the frontline" in html and "I have read this" not in html
    assert "Acknowledged" in html and "Read and acknowledged by" in html


def test_the_api_acknowledges_a_warning_and_lists_it_as_acknowledged(
    client_for, vague_champion, users
) -> None:
    url = f"/api/pilots/{vague_champion.pilot.pk}/champion/acknowledgements"
    body = _json(client_for("lead"), "post", url, {"key": "vision"}).json()
    vision = next(c for c in body["checks"] if c["key"] == "vision")
    assert vision["acknowledged"] and vision["acknowledged_by"] == users["lead"].get_full_name()
    assert vision["message"] in body["warnings"]
    refused = _json(client_for("lead"), "post", url, {"key": "cover"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "key"
    assert _json(client_for("coach"), "post", url, {"key": "vision"}).status_code == 403


def _vision_text(champion: Champion) -> str:
    return next(w.message for w in champion.assessment().items if w.key == "vision")


def _vision_changes_meanwhile(champion: Champion) -> str:
    """The vision warning's text as the lead read it, before someone changed the vision."""
    read = _vision_text(champion)
    champion.vision = "Frontline agents: we embrace automation."
    champion.save()
    assert _vision_text(champion) != read
    return read


def test_the_acknowledge_button_sends_the_warning_text_the_reader_sees(
    client_for, vague_champion
) -> None:
    url = reverse("pilots:champion", args=[vague_champion.pilot.pk])
    html = client_for("lead").get(url).content.decode()
    assert f'name="message" value="{escape(_vision_text(vague_champion))}"' in html


def test_acknowledging_a_warning_that_changed_since_it_was_read_is_refused_next_to_it(
    client_for, vague_champion
) -> None:
    # given the lead read the vision warning, then the vision changed
    read = _vision_changes_meanwhile(vague_champion)
    # when they acknowledge what they read
    response = client_for("lead").post(
        reverse("pilots:champion_acknowledge", args=[vague_champion.pilot.pk]),
        {"key": "vision", "message": read},
    )
    # then the page shows the warning as it reads now, says why, and records nothing
    assert response.status_code == 409
    html = response.content.decode()
    item = re.search(r'<li[^>]*data-warning="vision".*?</li>', html, re.S)
    assert item and "This warning changed since you read it; read it again." in item.group(0)
    assert escape(_vision_text(vague_champion)) in item.group(0)
    vague_champion.refresh_from_db()
    assert vague_champion.acknowledgements == {}


def test_acknowledging_the_warning_text_as_it_reads_now_records_it(
    client_for, vague_champion
) -> None:
    url = reverse("pilots:champion_acknowledge", args=[vague_champion.pilot.pk])
    data = {"key": "vision", "message": _vision_text(vague_champion)}
    assert client_for("lead").post(url, data).status_code == 302
    vague_champion.refresh_from_db()
    assert vague_champion.acknowledgements["vision"]["message"] == data["message"]


def test_the_api_refuses_to_acknowledge_a_warning_that_changed_since_the_client_read_it(
    client_for, vague_champion
) -> None:
    url = f"/api/pilots/{vague_champion.pilot.pk}/champion/acknowledgements"
    read = _vision_changes_meanwhile(vague_champion)
    refused = _json(client_for("lead"), "post", url, {"key": "vision", "message": read})
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "warning_changed"
    assert body["message"] == "This warning changed since you read it; read it again."
    assert [e["field"] for e in body["errors"]] == ["message"]
    vague_champion.refresh_from_db()
    assert vague_champion.acknowledgements == {}
    # read again, it is acknowledged
    current = {"key": "vision", "message": _vision_text(vague_champion)}
    body = _json(client_for("lead"), "post", url, current).json()
    assert next(c for c in body["checks"] if c["key"] == "vision")["acknowledged"]


# ------------------------------------------------------------------ weak catalyst


@pytest.fixture
def weak_catalyst(recognized):
    catalyst = recognized["catalyst"]
    catalyst.capacity = False
    catalyst.absorbing_change = True
    catalyst.save()
    return catalyst


def test_a_weak_verdict_shows_what_would_strengthen_it_and_how_to_go_on(
    client_for, weak_catalyst
) -> None:
    html = (
        client_for("lead")
        .get(reverse("pilots:catalyst", args=[weak_catalyst.pilot.pk]))
        .content.decode()
    )
    assert "What now?" in html
    assert 'href="#id_capacity"' in html and 'href="#id_absorbing_change"' in html
    assert 'href="#id_kind"' in html and 'id="proceed-form"' in html


def test_proceeding_with_a_weak_catalyst_records_the_reason_who_and_when(
    client_for, weak_catalyst, users
) -> None:
    pilot = weak_catalyst.pilot
    response = client_for("champion").post(
        reverse("pilots:catalyst_proceed", args=[pilot.pk]),
        {"reason": "The board wants results this year."},
        follow=True,
    )
    html = response.content.decode()
    weak_catalyst.refresh_from_db()
    assert weak_catalyst.proceed_reason == "The board wants results this year."
    assert weak_catalyst.proceed_by == users["champion"] and weak_catalyst.proceed_at
    assert "Proceeding with a weak case: The board wants results this year." in html
    assert reverse("pilots:champion", args=[pilot.pk]) in html and 'id="proceed-form"' not in html
    step = next(s for s in selectors.readiness_for(pilot=pilot).steps if s.key == "catalyst")
    assert not step.done and step.acknowledged


def test_a_reason_given_for_one_assessment_does_not_carry_to_a_changed_one(
    client_for, weak_catalyst
) -> None:
    pilot = weak_catalyst.pilot
    client_for("lead").post(
        reverse("pilots:catalyst_proceed", args=[pilot.pk]), {"reason": "The board insists."}
    )
    weak_catalyst.refresh_from_db()
    assert weak_catalyst.proceeding
    weak_catalyst.kind = CatalystAssessment.Kind.DIFFUSE  # another catalyst, still weak
    weak_catalyst.save()
    assert weak_catalyst.verdict().verdict == "weak" and not weak_catalyst.proceeding
    html = client_for("lead").get(reverse("pilots:catalyst", args=[pilot.pk])).content.decode()
    assert "Proceeding with a weak case" not in html and 'id="proceed-form"' in html
    step = next(s for s in selectors.readiness_for(pilot=pilot).steps if s.key == "catalyst")
    assert not step.acknowledged


def test_an_empty_reason_is_refused_at_the_field(client_for, weak_catalyst) -> None:
    response = client_for("lead").post(
        reverse("pilots:catalyst_proceed", args=[weak_catalyst.pilot.pk]), {"reason": "  "}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "id_reason_error" in html
    assert "Say why the pilot goes on with a weak catalyst" in html
    weak_catalyst.refresh_from_db()
    assert weak_catalyst.proceed_reason == "" and weak_catalyst.proceed_at is None


def test_a_strong_catalyst_needs_no_reason_to_proceed(client_for, recognized) -> None:
    response = client_for("lead").post(
        reverse("pilots:catalyst_proceed", args=[recognized["pilot"].pk]),
        {"reason": "Why not"},
        follow=True,
    )
    assert "it needs no reason to go on" in response.content.decode()
    assert CatalystAssessment.objects.get(pilot=recognized["pilot"]).proceed_reason == ""


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 302),
        ("lead", 302),
        ("champion", 302),
        ("coach", 403),
        ("manager", 403),
        ("member", 403),
        ("outsider", 404),
    ],
)
def test_only_editors_record_a_reason_to_proceed(client_for, weak_catalyst, role, status) -> None:
    url = reverse("pilots:catalyst_proceed", args=[weak_catalyst.pilot.pk])
    assert client_for(role).post(url, {"reason": "Go."}).status_code == status


def test_proceeding_needs_a_login_and_a_post(client_for, weak_catalyst) -> None:
    url = reverse("pilots:catalyst_proceed", args=[weak_catalyst.pilot.pk])
    assert "/accounts/login/" in client_for("anonymous").post(url, {"reason": "x"})["Location"]
    assert client_for("lead").get(url).status_code == 405


def test_the_api_records_a_reason_and_refuses_an_empty_one(client_for, weak_catalyst) -> None:
    url = f"/api/pilots/{weak_catalyst.pilot.pk}/catalyst/proceed"
    refused = _json(client_for("lead"), "post", url, {"reason": ""})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    body = _json(client_for("lead"), "post", url, {"reason": "Budget is approved."}).json()
    assert body["proceed_reason"] == "Budget is approved." and body["proceed_by"] == "lena"
    assert body["verdict"]["verdict"] == "weak"
    assert [f for f, _ in body["verdict"]["strengthen"]] == ["capacity", "absorbing_change"]


# ------------------------------------------------------------------ metric levels and parents


def test_the_new_metric_form_offers_no_parent_for_a_key_business_metric(
    client_for, recognized
) -> None:
    html = (
        client_for("lead")
        .get(reverse("pilots:metric_create", args=[recognized["pilot"].pk]))
        .content.decode()
    )
    assert 'id="parent-field"' in html and "it has no parent" in html
    parent_select = re.search(r'<select name="parent"[^>]*>', html)
    assert parent_select and "disabled" in parent_select.group(0)
    assert 'hx-get="' + reverse("pilots:metric_parent_field", args=[recognized["pilot"].pk]) in html


@pytest.mark.parametrize(
    ("level", "offered", "not_offered"),
    [
        ("operating", "business", "operating"),
        ("frontline", "operating", "business"),
    ],
)
def test_the_parent_field_lists_only_the_metrics_of_the_level_above(
    client_for, recognized, level, offered, not_offered
) -> None:
    url = reverse("pilots:metric_parent_field", args=[recognized["pilot"].pk])
    html = client_for("lead").get(url, {"level": level}).content.decode()
    assert f'value="{recognized[offered].pk}"' in html
    assert f'value="{recognized[not_offered].pk}"' not in html
    assert f'value="{recognized["frontline"].pk}"' not in html


def test_every_offered_level_and_parent_pair_is_accepted(client_for, recognized) -> None:
    pilot = recognized["pilot"]
    for level in selectors.metric_levels_open(pilot=pilot):
        parents = list(selectors.metric_parent_choices(pilot=pilot, level=level)) or [None]
        for parent in parents:
            data = {
                "level": level,
                "name": f"{level} under {parent}",
                "unit": "%",
                "direction": "up",
                "cadence": "weekly",
            }
            if parent is not None:
                data["parent"] = parent.pk
            response = client_for("lead").post(
                reverse("pilots:metric_create", args=[pilot.pk]), data
            )
            assert response.status_code == 302, (level, parent)


def test_a_level_without_a_possible_parent_is_not_offered(client_for, pilot) -> None:
    html = client_for("lead").get(reverse("pilots:metric_create", args=[pilot.pk])).content.decode()
    level_select = html.split('id="id_level"')[1].split("</select>")[0]
    assert 'value="business"' in level_select and 'value="frontline"' not in level_select
    assert "add one first" in html


def test_a_parent_that_does_not_fit_the_level_is_refused_at_the_field(
    client_for, recognized
) -> None:
    pilot = recognized["pilot"]
    response = client_for("lead").post(
        reverse("pilots:metric_create", args=[pilot.pk]),
        {
            "level": "frontline",
            "parent": recognized["business"].pk,
            "name": "Calls",
            "unit": "count",
            "direction": "up",
            "cadence": "daily",
        },
    )
    html = response.content.decode()
    assert "id_parent_error" in html and "must sit under an operating metric" in html
    assert not Metric.objects.filter(name="Calls").exists()


def test_without_javascript_a_button_shows_the_parents_for_the_chosen_level(
    client_for, recognized
) -> None:
    pilot = recognized["pilot"]
    response = client_for("lead").post(
        reverse("pilots:metric_create", args=[pilot.pk]),
        {"level": "frontline", "name": "Calls", "refresh": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "id_parent_error" not in html
    assert f'value="{recognized["operating"].pk}"' in html and "Calls" in html
    assert not Metric.objects.filter(name="Calls").exists()


def test_enter_in_a_metric_field_saves_even_without_javascript(client_for, recognized) -> None:
    """A browser submits a form on Enter with its first submit button (HTML's implicit submission)."""
    pilot = recognized["pilot"]
    html = client_for("lead").get(reverse("pilots:metric_create", args=[pilot.pk])).content.decode()
    form = html[html.index('<form class="ws-form') :]
    first_submit = re.search(r"<button[^>]*type=\"submit\"[^>]*>", form)
    assert first_submit is not None
    assert 'name="refresh"' in form  # the no-script refresh button is there ...
    assert "refresh" not in first_submit.group(0)  # ... but Enter presses Save


def test_a_metric_with_metrics_below_it_keeps_its_level(client_for, recognized) -> None:
    operating = recognized["operating"]
    html = (
        client_for("lead")
        .get(reverse("pilots:metric_edit", args=[operating.pilot.pk, operating.pk]))
        .content.decode()
    )
    assert "its level stays" in html
    operating.level = "business"
    operating.parent = None
    with pytest.raises(ValidationError, match="move or delete them"):
        operating.full_clean()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 200),
        ("lead", 200),
        ("champion", 200),
        ("coach", 403),
        ("manager", 403),
        ("member", 403),
        ("outsider", 404),
    ],
)
def test_only_editors_get_the_parent_field(client_for, recognized, role, status) -> None:
    url = reverse("pilots:metric_parent_field", args=[recognized["pilot"].pk])
    assert client_for(role).get(url, {"level": "operating"}).status_code == status


def test_the_parent_field_needs_a_login_and_a_get(client_for, recognized) -> None:
    url = reverse("pilots:metric_parent_field", args=[recognized["pilot"].pk])
    assert "/accounts/login/" in client_for("anonymous").get(url)["Location"]
    assert client_for("lead").post(url).status_code == 405


# ------------------------------------------------------------------ entry-point units


def test_units_already_rated_are_marked_in_the_unit_choice(client_for, recognized) -> None:
    html = (
        client_for("lead")
        .get(reverse("pilots:candidate_create", args=[recognized["pilot"].pk]))
        .content.decode()
    )
    assert "Collections (CC-COL) — already a candidate" in html
    assert "Finance (FIN) — already a candidate" in html
    assert "Contact Center (CC)<" in html


def test_editing_a_candidate_does_not_mark_its_own_unit(client_for, recognized) -> None:
    col = recognized["col"]
    html = (
        client_for("lead")
        .get(reverse("pilots:candidate_edit", args=[col.pilot.pk, col.pk]))
        .content.decode()
    )
    assert "Collections (CC-COL)<" in html and "Finance (FIN) — already a candidate" in html


def test_a_unit_already_rated_is_refused_with_the_way_on(client_for, recognized, org) -> None:
    response = client_for("lead").post(
        reverse("pilots:candidate_create", args=[recognized["pilot"].pk]),
        {
            "unit": org["units"]["FIN"].pk,
            "unit_type": "function",
            "coupling": "self_contained",
            "position": "edge",
            "supervisors_motivated": 3,
            "collaborative_groups": 3,
            "leadership_support": 3,
            "improvement_exposure": 3,
            "freeable_capacity_pct": 80,
            "pool_size": 40,
        },
    )
    html = response.content.decode()
    assert "id_unit_error" in html and "Finance (FIN) is already a candidate" in html
    assert EntryCandidate.objects.filter(pilot=recognized["pilot"]).count() == 2
