"""Background work for outreach: building campaign lists, and the lists after a new earthquake.

Both run in the Celery worker (Redis broker in production and CI; eagerly in-process in the
embedded default), never in a request: at IMG scale a list covers hundreds of thousands of
buildings. Each returns plain JSON for the result backend and the log.
"""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="outreach.build_campaign")
def build_campaign_task(campaign_id: int) -> dict:
    """Build one campaign's list (see services.build_campaign); safe to run twice."""
    from .services import build_campaign

    campaign = build_campaign(campaign_id)
    if campaign is None:
        return {"campaign": campaign_id, "status": "missing"}
    logger.info(
        "Outreach campaign %s: %s, %s buildings at %s addresses in %.1f s",
        campaign.pk,
        campaign.status,
        campaign.entry_count,
        campaign.address_count,
        campaign.build_seconds or 0.0,
    )
    return {
        "campaign": campaign.pk,
        "status": campaign.status,
        "entries": campaign.entry_count,
        "addresses": campaign.address_count,
        "seconds": campaign.build_seconds,
    }


@shared_task(name="outreach.after_earthquakes_imported")
def after_earthquakes_imported_task(knmi_keys: list[str]) -> list[dict]:
    """For each newly imported recent event: the after-earthquake list, built right away.

    An event outside the region, too weak, or without addresses in its reach gets no list; the
    reason is logged and returned. Nothing is written to anyone: staff decide on the letters.
    """
    from schadeloket.register.earthquakes.models import Earthquake

    from .services import OutreachError, build_campaign, start_after_earthquake

    results = []
    for quake in Earthquake.objects.filter(knmi_key__in=list(knmi_keys)).order_by("origin_time", "id"):
        try:
            campaign = start_after_earthquake(quake, actor="import hook", enqueue=False)
        except OutreachError as error:
            logger.info("No after-earthquake list for %s: %s", quake.knmi_key, error)
            results.append({"earthquake": quake.knmi_key, "skipped": str(error)})
            continue
        campaign = build_campaign(campaign.pk)
        results.append(
            {
                "earthquake": quake.knmi_key,
                "campaign": campaign.pk,
                "status": campaign.status,
                "addresses": campaign.address_count,
                "seconds": campaign.build_seconds,
            }
        )
    return results
