"""Case, its parties and tasks. The status values come from the scheme's process declaration.

`version` is the optimistic lock: every change goes through `services`, which updates the row only
when the version the user saw is still current, so two staff acting at once cannot overwrite each
other silently. The legal term lives on the case as its basis (received_on, term, suspended and
extended days) and the computed `deadline`; `terms.py` is the one module that computes it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DeadlineState(models.TextChoices):
    OK = "ok", _("binnen termijn")
    AT_RISK = "at_risk", _("termijn in gevaar")
    OVERDUE = "overdue", _("termijn verstreken")
    STOPPED = "stopped", _("beslist")


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("zaaknummer"), max_length=20, unique=True)
    scheme_code = models.CharField(_("regeling"), max_length=30, db_index=True)
    building = models.ForeignKey(
        "buildings.Building", on_delete=models.PROTECT, related_name="cases", verbose_name=_("gebouw")
    )
    status = models.CharField(_("status"), max_length=40, db_index=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_cases",
        verbose_name=_("behandelaar"),
    )
    received_on = models.DateField(_("ontvangen op"))
    term_days = models.PositiveIntegerField(_("beslistermijn (dagen)"))
    suspended_since = models.DateField(_("opgeschort sinds"), null=True, blank=True)
    suspended_days = models.PositiveIntegerField(_("dagen opgeschort"), default=0)
    extended_days = models.PositiveIntegerField(_("dagen verdaagd"), default=0)
    deadline = models.DateField(_("uiterste beslisdatum"), null=True, blank=True, db_index=True)
    deadline_state = models.CharField(
        _("stand van de termijn"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.OK
    )
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    pre_registered = models.BooleanField(_("vooraf ingeschreven"), default=False)
    in_core_area = models.BooleanField(_("in het kerngebied"), default=False)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        indexes = [
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
            models.Index(fields=["scheme_code", "status"], name="case_scheme_status"),
            models.Index(fields=["handler", "status"], name="case_handler_status"),
            # The weekly report's live part (reporting.queries with `since`): the cases decided after the
            # last frozen week, and those still open then (decided_on IS NULL), without reading them all.
            models.Index(fields=["decided_on"], name="case_decided_on"),
            # The bulk run's order of the next cases (cases.bulk.next_cases: pre-registered first, then
            # the core area, then the oldest), over the cases it may take only: the LIMIT reads the first
            # rows of this index instead of sorting every open case of the scheme for each batch.
            models.Index(
                fields=["scheme_code", "-pre_registered", "-in_core_area", "received_on", "id"],
                name="case_bulk_order",
                condition=Q(status__in=["received", "in_progress"], handler__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("aanvrager")
    CO_APPLICANT = "co_applicant", _("mede-aanvrager")
    REPRESENTATIVE = "representative", _("gemachtigde")


class CaseParty(models.Model):
    """A person on a case: the applicant, co-owners, or someone acting for them with consent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("zaak"))
    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="case_parties", verbose_name=_("persoon")
    )
    role = models.CharField(_("rol"), max_length=20, choices=PartyRole.choices, default=PartyRole.APPLICANT)
    consent_given_on = models.DateField(_("toestemming gegeven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="case_party_unique")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_role_display()}"


class CaseCounter(models.Model):
    """The last case number handed out per year: `IMG-2025-000123`."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class TaskKind(models.TextChoices):
    INSPECTION = "inspection", _("schade-opname")
    EXPERT_ADVICE = "expert_advice", _("advies deskundige")
    DRAFT_DECISION = "draft_decision", _("ontwerpbesluit")
    REVIEW = "review", _("toetsing")
    PAYMENT = "payment", _("betaling")
    OTHER = "other", _("overig")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("klaar")
    CANCELLED = "cancelled", _("vervallen")


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("zaak"))
    kind = models.CharField(_("soort"), max_length=20, choices=TaskKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    role = models.CharField(_("rol"), max_length=30, help_text=_("De rol die deze taak oppakt."))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("toegewezen aan"),
    )
    due_on = models.DateField(_("uiterlijk klaar op"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    done_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        indexes = [models.Index(fields=["status", "role", "due_on"], name="task_worklist")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class StatusChange(models.Model):
    """One step in a case's status history: from which status to which, on which day.

    Why a table of its own: the weekly report counts inflow, throughput and outflow per scheme and
    week from these rows (how many cases entered 'decided' in week N), and stock at any past date
    (the last change on or before that date). The audit trail holds the same facts as text, but a
    report over ten million events needs narrow, indexed rows. Written by the process engine
    (`services.open_case`, `services.transition`) and the bulk run (`bulk._move`) in the same
    transaction as the change itself; never edited. `scheme_code` is copied from the case so the
    report groups without a join.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("zaak"))
    scheme_code = models.CharField(_("regeling"), max_length=30)
    from_status = models.CharField(_("van status"), max_length=40, blank=True, help_text=_("Leeg bij een nieuwe zaak."))
    to_status = models.CharField(_("naar status"), max_length=40)
    changed_on = models.DateField(_("datum"))
    changed_at = models.DateTimeField(_("tijdstip"))

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        indexes = [
            # The weekly report counts per scheme, status and week; with case_id in the index (PostgreSQL
            # INCLUDE) joining the counted changes to their cases reads the index only, not the table.
            models.Index(
                fields=["scheme_code", "to_status", "changed_on"], include=["case"], name="statuschange_report"
            ),
            models.Index(fields=["case", "changed_at"], name="statuschange_case"),
            # The weekly report's live part finds changes recorded after the last freeze but dated
            # before it (a late registration) by this timestamp (reporting.queries.Live).
            models.Index(fields=["changed_at"], name="statuschange_recorded"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.from_status or '-'} → {self.to_status} {self.changed_on}"
