"""After an earthquake: the list of addresses the event reached (2 mm/s at 1% exceedance, the
repository's ground-motion model) with what it opens, from the real KNMI catalogue and the real gas
fields; the table per municipality; the import hook; and events for which no list can be made."""

import datetime as dt
from io import StringIO

import numpy as np
import pytest
from freezegun import freeze_time

from schadeloket.outreach import quake as outreach_quake
from schadeloket.outreach import services
from schadeloket.outreach.models import Campaign, CampaignEntry, CampaignKind, CampaignStatus
from schadeloket.outreach.selectors import municipality_table
from schadeloket.register.addresses.coordinates import wgs84_to_rd
from schadeloket.register.areas.services import load_gas_fields, rebuild_evidence_presumption_area
from schadeloket.register.earthquakes import ground_motion
from schadeloket.register.earthquakes.services import import_catalogue, import_catalogue_text
from schadeloket.schemes.facts import gather_facts, owner_on
from tests.factories import PriorPaymentFactory
from tests.outreach.conftest import home_at, quake

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def build(earthquake, actor="test") -> Campaign:
    campaign = services.start_after_earthquake(earthquake, actor=actor, today=TODAY, enqueue=False)
    return services.build_campaign(campaign.pk)


def entries(campaign) -> dict[int, CampaignEntry]:
    return {entry.building_id: entry for entry in CampaignEntry.objects.filter(campaign=campaign)}


def test_the_2_mm_s_contour_of_huizinge_decides_who_is_on_the_list(real_region, staff):
    huizinge = quake("Huizinge", "20120816")
    assert str(huizinge.magnitude) == "3.6"
    reach = ground_motion.max_epicentral_km_for(2.0, 3.6, huizinge.depth_km, exceedance="p99")
    assert 28.0 < float(reach) < 28.5  # docs/ground-motion.md: 28.2 km at 1% exceedance
    inside_km, outside_km = float(reach) - 0.05, float(reach) + 0.05
    # The model itself: 50 m inside the contour is above 2 mm/s, 50 m outside below it.
    assert float(ground_motion.pgv_mm_s(3.6, inside_km, huizinge.depth_km, exceedance="p99")) >= 2.0
    assert float(ground_motion.pgv_mm_s(3.6, outside_km, huizinge.depth_km, exceedance="p99")) < 2.0
    inside = home_at(huizinge.rd_x + inside_km * 1000, huizinge.rd_y, pc4="9936", owner="Binnen")
    outside = home_at(huizinge.rd_x + outside_km * 1000, huizinge.rd_y, pc4="9937", owner="Buiten")

    campaign = build(huizinge)

    listed = entries(campaign)
    assert inside.pk in listed
    assert outside.pk not in listed
    assert listed[inside.pk].pgv_mm_s == pytest.approx(2.0, abs=0.01)
    assert campaign.reach_km == pytest.approx(float(reach), abs=0.001)


def test_huizinge_reached_loppersum_with_the_documented_velocity_and_not_assen(real_region):
    """docs/ground-motion.md: Huizinge gave 29.4 mm/s (1% exceedance) in Loppersum."""
    x, y = wgs84_to_rd(53.3326, 6.7456)
    loppersum = home_at(x, y, pc4="9919", owner="Bakker")
    x, y = wgs84_to_rd(52.9928, 6.5642)  # Assen, about 40 km away
    assen = home_at(x, y, pc4="9401", municipality="Assen", owner="Jansen")

    campaign = build(quake("Huizinge", "20120816"))

    assert campaign.status == CampaignStatus.READY
    listed = entries(campaign)
    assert listed[loppersum.pk].pgv_mm_s == pytest.approx(29.4, abs=0.1)
    assert assen.pk not in listed
    assert campaign.name == "Na de beving bij Huizinge, 16 augustus 2012, kracht 3,6"


@pytest.fixture
def wirdum_register(real_region, staff):
    """Homes around Wirdum (8 October 2022, M3.1), each telling a different story."""
    wirdum = quake("Wirdum", "20221008")
    x, y = wirdum.rd_x, wirdum.rd_y
    homes = {
        # 7 km south-east, built in 2022: no earlier quake of 2 mm/s since it was built
        "new_home": home_at(x + 5000, y - 5000, pc4="9936", owner="Nieuw", construction_year=2022),
        # the same spot, built in 1960: earlier quakes reached it, nothing new opens
        "old_home": home_at(x + 5000, y - 5010, pc4="9936", owner="Oud", construction_year=1960),
        # settled with a fixed payment (VES) in 2022: a new damage report is possible again
        "settled": home_at(x, y - 3000, pc4="9919", municipality="Eemsdelta", owner="Vast", resident="Huurder"),
        # an application in progress
        "open_case": home_at(x - 3000, y - 5000, pc4="9919", municipality="Eemsdelta", owner="Bezig"),
        # 30 km away: not reached
        "far": home_at(x + 30_000, y, pc4="9999", owner="Ver"),
    }
    PriorPaymentFactory(
        building=homes["settled"], scheme="IMG vaste vergoeding", amount="10000.00", paid_on=dt.date(2022, 3, 1)
    )
    services_open_case(homes["open_case"], staff)
    return wirdum, homes


def services_open_case(building, actor):
    from schadeloket.cases.services import open_case

    return open_case(
        scheme_code="MAATWERK",
        building=building,
        applicant=building.relations.get().person,
        received_on=dt.date(2025, 2, 3),
        actor=actor,
    )


def test_what_the_event_opens_per_building(wirdum_register):
    wirdum, homes = wirdum_register
    before = gather_facts(
        building=homes["new_home"],
        person=owner_on(homes["new_home"], dt.date(2022, 10, 7)),
        on_date=dt.date(2022, 10, 7),
    )
    assert before.events_2mms_since_construction == 0  # the premise: nothing reached it since it was built

    campaign = build(wirdum)

    listed = entries(campaign)
    assert homes["far"].pk not in listed
    assert "VES" in listed[homes["new_home"].pk].newly_eligible_codes
    assert listed[homes["old_home"].pk].newly_eligible_codes == []
    assert listed[homes["settled"].pk].new_report_possible is True
    assert listed[homes["new_home"].pk].new_report_possible is False
    assert listed[homes["open_case"].pk].has_open_case is True
    assert listed[homes["settled"].pk].has_open_case is False
    # core area first, then the strongest shaking: the nearest home (3 km) before the others
    order = list(
        CampaignEntry.objects.filter(campaign=campaign).order_by("position").values_list("building_id", flat=True)
    )
    assert order[0] == homes["settled"].pk


def test_the_table_per_municipality(wirdum_register):
    wirdum, homes = wirdum_register
    campaign = build(wirdum)

    lines, total = municipality_table(campaign)

    by_name = {line.municipality: line for line in lines}
    assert set(by_name) == {"Eemsdelta"}  # the factory's municipality unless told otherwise
    eemsdelta = by_name["Eemsdelta"]
    assert eemsdelta.addresses == 4
    assert eemsdelta.residents == 5  # four owners and one tenant
    assert eemsdelta.with_open_case == 1
    assert eemsdelta.new_report_possible == 1
    assert eemsdelta.newly_eligible == 1
    assert (total.addresses, total.residents) == (4, 5)


def test_an_event_outside_the_region_gets_no_list(real_region):
    roswinkel = quake("Roswinkel", "19970219")  # M3.4, the Roswinkel field in Drenthe
    with pytest.raises(services.OutreachError) as info:
        services.start_after_earthquake(roswinkel, actor="test", today=TODAY)
    assert "lag buiten het gebied van het IMG" in info.value.messages[0]
    assert "Commissie Mijnbouwschade" in info.value.messages[0]
    assert not Campaign.objects.exists()


def test_a_weak_event_gets_no_list(real_region):
    weak = quake("Eppenhuizen", "20240211")  # M0.4
    with pytest.raises(services.OutreachError) as info:
        services.start_after_earthquake(weak, actor="test", today=TODAY)
    assert info.value.messages == [
        "De aardbeving bij Eppenhuizen, 11 februari 2024, kracht 0,4 was te zwak: volgens het rekenmodel bereikte "
        "zij nergens 2 mm/s (bij 1% overschrijdingskans). Er is geen lijst gemaakt."
    ]
    assert not Campaign.objects.exists()


def test_an_event_without_addresses_in_reach_gets_no_list(real_region):
    with pytest.raises(services.OutreachError) as info:
        services.start_after_earthquake(quake("Wirdum", "20221008"), actor="test", today=TODAY)
    assert "daar staan geen adressen in het register" in info.value.messages[0]
    assert not Campaign.objects.exists()


def test_one_list_per_event(wirdum_register):
    wirdum, _homes = wirdum_register
    first = build(wirdum)
    with pytest.raises(services.OutreachError) as info:
        services.start_after_earthquake(wirdum, actor="test", today=TODAY)
    assert info.value.campaign == first
    assert "is al een lijst gemaakt" in info.value.messages[0]
    assert Campaign.objects.count() == 1


def test_without_gas_fields_the_region_is_unknown(db, shared_data):
    import_catalogue(shared_data / "knmi-earthquakes.csv")
    with pytest.raises(services.OutreachError) as info:
        services.start_after_earthquake(quake("Huizinge", "20120816"), actor="test", today=TODAY)
    assert "Laad eerst de gasvelden in" in info.value.messages[0]


def _catalogue_lines(shared_data, first: str, last: str) -> str:
    lines = (shared_data / "knmi-earthquakes.csv").read_text().splitlines()
    return "\n".join([lines[0], *(line for line in lines[1:] if first <= line[:8] <= last)]) + "\n"


def test_importing_a_new_event_makes_its_list_right_away(db, shared_data, django_capture_on_commit_callbacks):
    """The real catalogue, imported in two parts on 10 December 2023: first everything up to
    4 November (old news when imported), then the events of 5 November to 9 December. Only
    Thesinge (9 December, M1.7) is strong enough, in the region, and has a home in reach."""
    load_gas_fields(shared_data / "gas-fields.geojson")
    rebuild_evidence_presumption_area()
    with freeze_time("2023-12-10 12:00:00"):
        with django_capture_on_commit_callbacks(execute=True):
            import_catalogue_text(_catalogue_lines(shared_data, "19000101", "20231104"))
        assert not Campaign.objects.exists()  # loading the history writes to nobody

        x, y = wgs84_to_rd(53.251, 6.639)
        near = home_at(x + 400, y, pc4="9797", municipality="Groningen", owner="Dichtbij")
        with django_capture_on_commit_callbacks(execute=True):
            report = import_catalogue_text(_catalogue_lines(shared_data, "20231105", "20231231"))

    assert report.created == 6
    campaign = Campaign.objects.get()
    assert campaign.kind == CampaignKind.AFTER_EARTHQUAKE
    assert (campaign.earthquake.location_name, str(campaign.earthquake.magnitude)) == ("Thesinge", "1.7")
    assert campaign.status == CampaignStatus.READY
    assert list(entries(campaign)) == [near.pk]
    assert campaign.reference_date == dt.date(2023, 12, 10)


def test_importing_the_historic_catalogue_makes_no_list(db, shared_data, django_capture_on_commit_callbacks):
    load_gas_fields(shared_data / "gas-fields.geojson")
    rebuild_evidence_presumption_area()
    home_at(*wgs84_to_rd(53.3326, 6.7456), pc4="9919", owner="Bakker")
    with django_capture_on_commit_callbacks(execute=True):
        import_catalogue(shared_data / "knmi-earthquakes.csv")
    assert not Campaign.objects.exists()


def test_the_import_management_command_still_reports_normally(db, shared_data):
    from django.core.management import call_command

    out = StringIO()
    call_command("import_earthquakes", str(shared_data / "knmi-earthquakes.csv"), stdout=out)
    assert "1920 aardbevingen gelezen" in out.getvalue()


def test_final_settlement_names():
    assert outreach_quake.is_final_settlement("IMG vaste vergoeding")
    assert outreach_quake.is_final_settlement("VES")
    assert outreach_quake.is_final_settlement("NAM vaststellingsovereenkomst finale kwijting")
    assert not outreach_quake.is_final_settlement("Aanvullende vaste vergoeding")
    assert not outreach_quake.is_final_settlement("IMG fysieke schade")
    assert not outreach_quake.is_final_settlement("")


def test_reached_addresses_agree_with_the_register_bulk_count(real_region):
    """The list's circle is the register's own: count_events_above_bulk over one event."""
    from schadeloket.register.earthquakes.selectors import count_events_above_bulk

    huizinge = quake("Huizinge", "20120816")
    xs = huizinge.rd_x + np.linspace(-30_000, 30_000, 61)
    made = [home_at(x, huizinge.rd_y, pc4="9936", owner=None) for x in xs]
    reached = set()
    for ids, _pgv in outreach_quake.addresses_reached(huizinge, outreach_quake.reach_km(huizinge)):
        reached.update(ids.tolist())
    day = huizinge.origin_time
    counts = count_events_above_bulk(xs, np.full(len(xs), huizinge.rd_y), 2, since=day, until=day, exceedance="p99")
    assert [b.address_id in reached for b in made] == [bool(n) for n in counts]


def test_the_management_command_makes_a_list_or_says_why_not(real_region):
    from django.core.management import CommandError, call_command

    home_at(*wgs84_to_rd(53.3326, 6.7456), pc4="9919", owner="Bakker")
    out = StringIO()
    call_command("outreach_after_earthquake", "Huizinge", "2012-08-16", stdout=out)
    assert "Na de beving bij Huizinge, 16 augustus 2012, kracht 3,6: klaar; adressen: 1, gebouwen: 1" in out.getvalue()
    with pytest.raises(CommandError, match="lag buiten het gebied van het IMG"):
        call_command("outreach_after_earthquake", "Roswinkel", "1997-02-19")
    with pytest.raises(CommandError, match="Er staat geen aardbeving bij Atlantis"):
        call_command("outreach_after_earthquake", "Atlantis", "2012-08-16")
    with pytest.raises(CommandError, match="Schrijf de datum als 2012-08-16"):
        call_command("outreach_after_earthquake", "Huizinge", "16-08-2012")


def test_after_an_earthquake_a_case_in_any_scheme_counts_as_applied_afterwards(wirdum_register, staff):
    from django.utils import timezone

    from schadeloket.cases.services import open_case
    from schadeloket.outreach.selectors import conversion

    wirdum, homes = wirdum_register
    campaign = build(wirdum)
    today = timezone.localdate()
    services.record_letters_sent(campaign, sent_on=today, actor="test", today=today)
    campaign.refresh_from_db()
    settled = homes["settled"]
    owner = settled.relations.get(kind="owner").person
    open_case(scheme_code="MAATWERK", building=settled, applicant=owner, received_on=today, actor=staff)

    result = conversion(campaign)
    assert (result.letters, result.applied) == (4, 1)  # the open case from before the letter does not count


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing")
def test_the_letter_after_an_earthquake_says_what_it_opens(wirdum_register, tmp_path):
    import re
    import subprocess

    from schadeloket.outreach.letters import render_letter

    wirdum, homes = wirdum_register
    campaign = build(wirdum)
    settled = CampaignEntry.objects.get(campaign=campaign, building=homes["settled"])
    path = tmp_path / "brief.pdf"
    path.write_bytes(render_letter(campaign, settled, sent_on=TODAY))
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)  # noqa: S603,S607

    assert "De aardbeving bij Wirdum, 8 oktober 2022, kracht 3,1" in text
    assert f"Dat was ongeveer {settled.pgv_mm_s:.0f} millimeter per seconde" in text
    assert "kunt u toch een nieuwe melding doen" in text
    assert "Vast" in text and "Huurder" in text  # the owner and the tenant
    new_home = CampaignEntry.objects.get(campaign=campaign, building=homes["new_home"])
    path.write_bytes(render_letter(campaign, new_home, sent_on=TODAY))
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)  # noqa: S603,S607
    assert "Door deze beving kunt u nu misschien ook Vaste vergoeding krijgen" in text
    assert "nieuwe melding doen" not in text
