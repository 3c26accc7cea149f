"""Stille gedupeerden: the list holds exactly the buildings the scheme's own rules say are likely open
and that nobody applied for, core area first; bad input is refused in Dutch and stores nothing."""

import pytest

from schadeloket.audit.models import AuditEvent
from schadeloket.outreach import services
from schadeloket.outreach.models import Campaign, CampaignEntry, CampaignRecipient, CampaignStatus, EntryOutcome
from schadeloket.outreach.selection import AreaSelection
from schadeloket.outreach.silent import find_silent_victims
from schadeloket.schemes.facts import gather_facts, owner_on
from schadeloket.schemes.registry import get_scheme
from tests.outreach.conftest import ON

pytestmark = pytest.mark.django_db


def make(django_capture_on_commit_callbacks, actor, **kwargs) -> Campaign:
    """Start a campaign the way the page does; the build task runs when the transaction commits."""
    kwargs.setdefault("scheme_code", "AVV")
    kwargs.setdefault("pc4_from", "9900")
    kwargs.setdefault("pc4_to", "9999")
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.create_silent_campaign(actor=actor, on_date=ON, **kwargs)
    campaign.refresh_from_db()
    return campaign


def listed(campaign) -> list[int]:
    return list(
        CampaignEntry.objects.filter(campaign=campaign).order_by("position").values_list("building_id", flat=True)
    )


def test_the_avv_list_holds_exactly_the_silent_victims_core_area_first(
    register, staff, django_capture_on_commit_callbacks
):
    campaign = make(django_capture_on_commit_callbacks, staff)

    assert campaign.status == CampaignStatus.READY
    assert listed(campaign) == [
        register["core"].pk,  # the core area first
        register["plain"].pk,
        register["other_case"].pk,
        register["no_owner"].pk,
    ]
    assert (campaign.entry_count, campaign.address_count, campaign.core_count) == (4, 4, 1)
    # Not on the list: applied already, already received the full amount, AVV not open in the
    # municipality yet, outside the effect area.
    for key in ("applied", "paid_enough", "closed_municipality", "far"):
        assert register[key].pk not in listed(campaign), key


def test_each_building_on_the_list_is_one_the_scheme_itself_leaves_open(register, staff):
    """The list agrees with the scheme deciding one building at a time (gather_facts + decide)."""
    scheme = get_scheme("AVV")
    rows = {row.building_id: row for row in find_silent_victims("AVV", AreaSelection(pc4_from="9900"), ON)}
    for key, building in register.items():
        if key in ("applied",):
            continue  # excluded because of the case, whatever the rules say
        facts = gather_facts(building=building, person=owner_on(building, ON), on_date=ON)
        outcome = scheme.decide(facts)
        expected = facts.in_effect_area and outcome.open is not False
        assert (building.pk in rows) == expected, key


def test_owner_is_written_to_and_without_owner_the_resident(register, staff, django_capture_on_commit_callbacks):
    campaign = make(django_capture_on_commit_callbacks, staff)
    recipients = {
        entry.building_id: [(r.person.surname, r.relation) for r in entry.recipients.all()]
        for entry in CampaignEntry.objects.filter(campaign=campaign).prefetch_related("recipients__person")
    }
    assert recipients[register["plain"].pk] == [("Visser", "owner")]
    assert recipients[register["no_owner"].pk] == [("Smit", "resident")]


def test_a_building_without_owner_is_listed_as_depends(register, staff, django_capture_on_commit_callbacks):
    campaign = make(django_capture_on_commit_callbacks, staff)
    outcomes = dict(CampaignEntry.objects.filter(campaign=campaign).values_list("building_id", "outcome"))
    assert outcomes[register["plain"].pk] == EntryOutcome.LIKELY
    assert outcomes[register["no_owner"].pk] == EntryOutcome.DEPENDS  # who applies, the register cannot say


def test_core_only_and_municipality_narrow_the_list(register, staff, django_capture_on_commit_callbacks):
    core = make(django_capture_on_commit_callbacks, staff, pc4_from="", pc4_to="", core_only=True)
    assert listed(core) == [register["core"].pk]
    eemsdelta = make(django_capture_on_commit_callbacks, staff, pc4_from="", pc4_to="", municipality="Eemsdelta")
    assert set(listed(eemsdelta)) == {register[k].pk for k in ("core", "plain", "other_case", "no_owner")}


def test_value_loss_list_uses_that_schemes_rules(register, staff, django_capture_on_commit_callbacks):
    campaign = make(django_capture_on_commit_callbacks, staff, scheme_code="WAARDEDALING_WONING")
    scheme = get_scheme("WAARDEDALING_WONING")
    expected = []
    for building in register.values():
        facts = gather_facts(building=building, person=owner_on(building, ON), on_date=ON)
        if facts.in_effect_area and scheme.decide(facts).open is not False:
            expected.append(building.pk)
    assert sorted(listed(campaign)) == sorted(expected)
    assert register["applied"].pk in listed(campaign)  # an AVV case is no value-loss application
    assert register["far"].pk not in listed(campaign)


def test_the_campaign_and_its_build_are_audited_without_names(register, staff, django_capture_on_commit_callbacks):
    campaign = make(django_capture_on_commit_callbacks, staff)
    events = AuditEvent.objects.filter(object_type="outreach.campaign", object_id=str(campaign.public_id))
    assert list(events.values_list("action", flat=True)) == ["create", "update"]
    assert all("Visser" not in event.reason for event in events)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"scheme_code": "BESTAATNIET"}, "De regeling 'BESTAATNIET' bestaat niet"),
        ({"scheme_code": "AOS"}, "Over de regeling"),
        ({"scheme_code": ""}, "Kies een regeling"),
        ({"pc4_from": "", "pc4_to": ""}, "Kies een gebied"),
        ({"pc4_from": "12", "pc4_to": ""}, "geen postcode van 4 cijfers"),
        ({"pc4_from": "9999", "pc4_to": "9900"}, "De postcodes lopen achteruit"),
        (
            {"pc4_from": "", "pc4_to": "", "municipality": "Atlantis"},
            "De gemeente 'Atlantis' staat niet in het register",
        ),
        ({"pc4_from": "1000", "pc4_to": "1099"}, "In dit gebied staan geen adressen"),
        ({"name": "x" * 121}, "De naam is te lang"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(register, staff, kwargs, message):
    arguments = {"scheme_code": "AVV", "pc4_from": "9900", "pc4_to": "9999", **kwargs}
    before = AuditEvent.objects.count()
    with pytest.raises(services.OutreachError) as info:
        services.create_silent_campaign(actor=staff, on_date=ON, **arguments)
    assert any(message in text for text in info.value.messages), info.value.messages
    assert not Campaign.objects.exists()
    assert AuditEvent.objects.count() == before


def test_core_only_without_a_core_area_is_refused(loppersum, staff):
    from tests.outreach.conftest import home

    home(pc4="9920", owner="Visser")
    with pytest.raises(services.OutreachError) as info:
        services.create_silent_campaign(scheme_code="AVV", core_only=True, actor=staff, on_date=ON)
    assert info.value.messages == ["Er is nog geen kerngebied vastgelegd. Kies een gemeente of postcodes."]


def test_an_area_with_addresses_but_no_silent_victim_gives_an_empty_campaign(
    register, staff, django_capture_on_commit_callbacks
):
    campaign = make(django_capture_on_commit_callbacks, staff, pc4_from="9921", pc4_to="9921")  # only "far"
    assert campaign.status == CampaignStatus.EMPTY
    assert "geen gebouwen in het effectgebied" in campaign.status_message
    assert not CampaignEntry.objects.filter(campaign=campaign).exists()


def test_a_failing_build_stores_no_entry_and_says_so(register, staff, django_capture_on_commit_callbacks, monkeypatch):
    """Nothing half stored: the recipients fail after the entries were written; both are rolled back."""

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("schadeloket.outreach.lists.insert_new", _fail_on_second_call(broken))
    campaign = make(django_capture_on_commit_callbacks, staff)
    assert campaign.status == CampaignStatus.FAILED
    assert "Er is niets opgeslagen" in campaign.status_message
    assert not CampaignEntry.objects.exists()
    assert not CampaignRecipient.objects.exists()


def _fail_on_second_call(error):
    from schadeloket.db import insert_new

    calls = []

    def insert(model, rows):
        calls.append(model)
        if len(calls) == 2:
            error()
        insert_new(model, rows)

    return insert


def test_building_again_changes_nothing(register, staff, django_capture_on_commit_callbacks):
    campaign = make(django_capture_on_commit_callbacks, staff)
    services.build_campaign(campaign.pk)
    assert CampaignEntry.objects.filter(campaign=campaign).count() == 4
