"""The objection process (bezwaar) from receipt to decision, hearing and appeal.

`Objection` is the stable model other apps link to (the grounds analysis, the weekly report). It
holds the receipt as it came in (which decision, who objected, through which channel, what they
wrote: blank = pro forma), and then the handling:

- one owner, an objection lawyer, who is the resident's only contact;
- the admissibility: in time (decided once at receipt from `term_ends`, the last day of the
  objection term with the Algemene termijnenwet, and kept, so the judgement can be checked later
  even if a term parameter changes); whether lateness is excusable (Awb 6:11) is the lawyer's
  recorded judgement, never the form's; omissions are repaired on request (`RepairRequest`,
  Awb 6:6);
- the legal decision term (Awb 7:10), kept as its basis (start, committee or not, days suspended,
  extended, postponed with consent) next to the computed `deadline`, exactly like a case: only
  `cases.terms` computes it, the deadline monitor flags it;
- the decision on the objection (`outcome`, `decided_on`, reasons, the letter as a document), or
  how it ended otherwise (withdrawn, resolved by a new decision); `outcome` and `closed_on` are
  what reports count;
- `version` is the optimistic lock, as on `cases.Case`: two lawyers who act at once cannot
  overwrite each other silently.

The other models are the steps: intake contacts, repair requests, hearings, court cases, and the
new decisions (`Revision`) an objection or a court leads to, each a follow-up case through the
normal case process, which pays the difference exactly once.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schadeloket.cases.models import DeadlineState


class ObjectionChannel(models.TextChoices):
    PORTAL = "portal", _("Mijn Dossier")
    LETTER = "letter", _("brief")


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    IN_PROGRESS = "in_progress", _("in behandeling")
    AWAITING_REPAIR = "awaiting_repair", _("wacht op aanvulling")
    HEARING_PLANNED = "hearing_planned", _("hoorzitting gepland")
    DECIDED = "decided", _("beslist")
    CLOSED = "closed", _("afgesloten zonder beslissing")


OPEN_STATUSES = (
    ObjectionStatus.RECEIVED,
    ObjectionStatus.IN_PROGRESS,
    ObjectionStatus.AWAITING_REPAIR,
    ObjectionStatus.HEARING_PLANNED,
)


class ObjectionOutcome(models.TextChoices):
    """How an objection ended. The values are a contract: reports of other apps count on them."""

    WELL_FOUNDED = "well_founded", _("gegrond")
    PARTLY_WELL_FOUNDED = "partly_well_founded", _("deels gegrond")
    UNFOUNDED = "unfounded", _("ongegrond")
    INADMISSIBLE = "inadmissible", _("niet-ontvankelijk")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    RESOLVED = "resolved", _("opgelost met een nieuw besluit")


# The outcomes of a decision on the objection (beslissing op bezwaar); the other two end it without one.
DECISION_OUTCOMES = (
    ObjectionOutcome.WELL_FOUNDED,
    ObjectionOutcome.PARTLY_WELL_FOUNDED,
    ObjectionOutcome.UNFOUNDED,
    ObjectionOutcome.INADMISSIBLE,
)


class InadmissibleGround(models.TextChoices):
    LATE = "late", _("te laat, en dat is niet verschoonbaar (Awb 6:11)")
    NOT_REPAIRED = "not_repaired", _("verzuim niet hersteld binnen de termijn (Awb 6:6)")
    OTHER = "other", _("andere reden (schrijf die op)")


class NoHearingReason(models.TextChoices):
    """Awb 7:3: when the objector need not be heard."""

    WAIVED = "waived", _("de indiener wil niet gehoord worden (Awb 7:3 c)")
    FULLY_GRANTED = "fully_granted", _("het bezwaar wordt volledig tegemoetgekomen (Awb 7:3 e)")
    MANIFESTLY_INADMISSIBLE = "manifestly_inadmissible", _("kennelijk niet-ontvankelijk (Awb 7:3 a)")
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("kennelijk ongegrond (Awb 7:3 b)")
    NO_RESPONSE = "no_response", _("de indiener reageerde niet op de uitnodiging (Awb 7:3 d)")


class WithdrawalConfirmation(models.TextChoices):
    """Awb 6:21: a withdrawal is in writing, or orally during the hearing."""

    LETTER = "letter", _("brief")
    EMAIL = "email", _("e-mail")
    PORTAL = "portal", _("bericht in Mijn Dossier")
    HEARING = "hearing", _("mondeling tijdens de hoorzitting")


class Objection(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="objections", verbose_name=_("besluit")
    )
    objector = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("indiener"),
        help_text=_("De persoon die bezwaar maakt (een partij bij de zaak)."),
    )
    channel = models.CharField(_("ingediend via"), max_length=10, choices=ObjectionChannel.choices)
    grounds = models.TextField(_("gronden van het bezwaar"), blank=True, help_text=_("Leeg: pro-formabezwaar."))
    grounds_received_on = models.DateField(
        _("gronden ontvangen op"),
        null=True,
        blank=True,
        help_text=_("Bij een pro-formabezwaar: toen de gronden kwamen."),
    )
    submitted_at = models.DateTimeField(_("ontvangen op (tijdstip)"))
    submitted_by_label = models.CharField(
        _("ingediend door"), max_length=150, help_text=_("Wie het indiende, zoals in het auditspoor.")
    )
    received_on = models.DateField(_("ontvangen op"))
    posted_on = models.DateField(
        _("op de post gedaan op"), null=True, blank=True, help_text=_("Alleen bij een brief (Awb art. 6:9 lid 2).")
    )
    term_ends = models.DateField(_("bezwaartermijn liep tot en met"))
    received_in_time = models.BooleanField(_("op tijd ontvangen"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED
    )
    outcome = models.CharField(
        _("uitkomst"),
        max_length=20,
        blank=True,
        choices=ObjectionOutcome.choices,
        help_text=_("Leeg zolang het bezwaar loopt."),
    )
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)

    # One owner: the objection lawyer who is the resident's only contact.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_objections",
        verbose_name=_("bezwaarjurist"),
    )

    # Lateness (Awb 6:11): the lawyer's judgement, with the reason. None: not judged (or not late).
    late_excusable = models.BooleanField(_("termijnoverschrijding verschoonbaar"), null=True, blank=True)
    late_judgement = models.TextField(_("oordeel over de termijnoverschrijding"), blank=True)
    late_judged_on = models.DateField(_("beoordeeld op"), null=True, blank=True)

    # The decision term (Awb 7:10), its basis and the computed deadline (`cases.terms`).
    with_committee = models.BooleanField(_("met de Bezwaaradviescommissie"), default=False)
    committee_referred_on = models.DateField(_("naar de commissie op"), null=True, blank=True)
    decision_start = models.DateField(_("beslistermijn loopt na"), null=True, blank=True)
    suspended_since = models.DateField(_("opgeschort sinds"), null=True, blank=True)
    suspended_days = models.PositiveIntegerField(_("dagen opgeschort"), default=0)
    extended_days = models.PositiveIntegerField(_("dagen verdaagd"), default=0)
    extension_reason = models.TextField(_("reden van verdagen"), blank=True)
    consent_days = models.PositiveIntegerField(_("dagen uitgesteld met instemming"), default=0)
    court_deadline = models.DateField(
        _("nieuwe beslissing uiterlijk op (volgens de rechter)"),
        null=True,
        blank=True,
        help_text=_("Als de rechter opdraagt opnieuw te beslissen, geldt de termijn uit de uitspraak."),
    )
    deadline = models.DateField(_("uiterste beslisdatum"), null=True, blank=True, db_index=True)
    deadline_state = models.CharField(
        _("stand van de termijn"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.OK
    )

    # The decision on the objection (beslissing op bezwaar).
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_objections",
        verbose_name=_("beslist door"),
    )
    decision_reasons = models.TextField(_("motivering"), blank=True)
    inadmissible_ground = models.CharField(
        _("reden niet-ontvankelijk"), max_length=20, blank=True, choices=InadmissibleGround.choices
    )
    no_hearing_reason = models.CharField(
        _("waarom geen hoorzitting"), max_length=30, blank=True, choices=NoHearingReason.choices
    )
    previous_amount = models.DecimalField(
        _("eerder toegekend (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    new_amount = models.DecimalField(
        _("nieuw totaalbedrag (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_letter = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brief met de beslissing"),
    )

    # Ended without a decision: withdrawn (Awb 6:21) or resolved by a new decision.
    withdrawal_confirmed_on = models.DateField(_("intrekking bevestigd op"), null=True, blank=True)
    withdrawal_confirmation = models.CharField(
        _("intrekking bevestigd via"), max_length=10, blank=True, choices=WithdrawalConfirmation.choices
    )
    closing_note = models.TextField(_("toelichting bij het afsluiten"), blank=True)

    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        constraints = [
            # One objection per person per decision: more grounds are added to the first one.
            models.UniqueConstraint(fields=["decision", "objector"], name="objection_one_per_objector"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(closed_on__isnull=False), name="objection_outcome_has_closed_on"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="objection_status_deadline"),
            models.Index(fields=["owner", "status"], name="objection_owner_status"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} bezwaar {self.submitted_at:%Y-%m-%d}"

    @property
    def pro_forma(self) -> bool:
        return not self.grounds.strip()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def running_term_days(self) -> int:
        """The decision term that runs (for the monitor's share rule): suspended days are not running time."""
        from schadeloket.cases.terms import OBJECTION_DECISION_WEEKS, OBJECTION_DECISION_WEEKS_COMMITTEE

        weeks = OBJECTION_DECISION_WEEKS_COMMITTEE if self.with_committee else OBJECTION_DECISION_WEEKS
        return weeks * 7 + self.extended_days + self.consent_days


class ObjectionAttachment(models.Model):
    """A document sent with (or for) the objection: stored in `documents`, on the decision's case."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    document = models.OneToOneField("documents.Document", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage bij bezwaar")
        verbose_name_plural = _("bijlagen bij bezwaar")

    def __str__(self) -> str:
        return f"{self.objection} bijlage {self.document}"


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("telefoon")
    VIDEO = "video", _("beeldbellen")
    VISIT = "visit", _("bezoek")
    LETTER = "letter", _("brief")
    EMAIL = "email", _("e-mail")


class ContactOutcome(models.TextChoices):
    CLARIFIED = "clarified", _("bezwaar besproken en verduidelijkt")
    HEARING_WANTED = "hearing_wanted", _("indiener wil gehoord worden")
    NO_HEARING_WANTED = "no_hearing_wanted", _("indiener ziet af van een hoorzitting")
    SOLUTION = "solution", _("oplossing in overleg: een nieuw besluit")
    WITHDRAWAL_CONSIDERED = "withdrawal_considered", _("indiener overweegt het bezwaar in te trekken")
    NOT_REACHED = "not_reached", _("niet bereikt")


class IntakeContact(models.Model):
    """The lawyer's contact with the objector (intake, and later calls): when, how, what came of it."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("datum"))
    channel = models.CharField(_("hoe"), max_length=10, choices=ContactChannel.choices)
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=ContactOutcome.choices)
    note = models.TextField(_("aantekening"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact met de indiener")
        verbose_name_plural = _("contacten met de indiener")
        ordering = ["contacted_on", "id"]

    def __str__(self) -> str:
        return f"{self.objection} contact {self.contacted_on}"


class RepairKind(models.TextChoices):
    GROUNDS = "grounds", _("de gronden (redenen) van het bezwaar")
    SIGNATURE = "signature", _("een handtekening")
    DECISION_COPY = "decision_copy", _("een kopie van het besluit")
    AUTHORISATION = "authorisation", _("een machtiging")
    OTHER = "other", _("iets anders")


class RepairRequest(models.Model):
    """A dated request to repair an omission (herstelverzuim, Awb 6:6), with its term.

    Open until repaired or until the term passes: then it has lapsed, and only then may the
    objection be declared inadmissible for this omission. While open, the decision term stands
    still (Awb 7:10 lid 1).
    """

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="repair_requests")
    kind = models.CharField(_("wat ontbreekt"), max_length=20, choices=RepairKind.choices)
    description = models.TextField(_("uitleg voor de indiener"))
    requested_on = models.DateField(_("gevraagd op"))
    due_on = models.DateField(_("uiterlijk op"))
    repaired_on = models.DateField(_("hersteld op"), null=True, blank=True)
    lapsed_on = models.DateField(_("termijn ongebruikt verstreken op"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("verzoek om herstel")
        verbose_name_plural = _("verzoeken om herstel")
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objection"],
                condition=Q(repaired_on__isnull=True, lapsed_on__isnull=True),
                name="repair_request_one_open",
            ),
            models.CheckConstraint(condition=Q(due_on__gt=models.F("requested_on")), name="repair_request_due_after"),
        ]

    def __str__(self) -> str:
        return f"{self.objection} herstel {self.kind} tot {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.repaired_on is None and self.lapsed_on is None


class HearingLocation(models.TextChoices):
    IMG_OFFICE = "img_office", _("kantoor van het IMG")
    SUPPORT_POINT = "support_point", _("steunpunt")
    MOBILE = "mobile", _("mobiel steunpunt")
    VIDEO = "video", _("beeldbellen (video)")


class HearingStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    HELD = "held", _("gehouden")
    CANCELLED = "cancelled", _("afgezegd")


class Hearing(models.Model):
    """A hearing (hoorzitting, Awb 7:2): where, when, with or without the advisory committee."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="hearings")
    location_kind = models.CharField(_("waar"), max_length=20, choices=HearingLocation.choices)
    support_point = models.ForeignKey(
        "planning.SupportPoint", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("steunpunt")
    )
    location_detail = models.CharField(
        _("adres of plek"),
        max_length=200,
        blank=True,
        help_text=_("Bij het kantoor: het adres. Bij het mobiele steunpunt: waar het die dag staat."),
    )
    starts_at = models.DateTimeField(_("begint om"))
    with_committee = models.BooleanField(_("met de Bezwaaradviescommissie"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=HearingStatus.choices, default=HearingStatus.PLANNED)
    cancel_reason = models.TextField(_("reden van afzeggen"), blank=True)
    invitation = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verslag"),
    )
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("hoorzitting")
        verbose_name_plural = _("hoorzittingen")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objection"], condition=Q(status="planned"), name="hearing_one_planned_per_objection"
            ),
            models.CheckConstraint(
                condition=~Q(location_kind__in=["support_point", "mobile"]) | Q(support_point__isnull=False),
                name="hearing_support_point_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objection} hoorzitting {self.starts_at:%Y-%m-%d %H:%M}"


class Court(models.TextChoices):
    RECHTBANK_NOORD_NEDERLAND = "rechtbank_nn", _("Rechtbank Noord-Nederland (beroep)")
    RAAD_VAN_STATE = "raad_van_state", _("Afdeling bestuursrechtspraak van de Raad van State (hoger beroep)")


class AppealFiledBy(models.TextChoices):
    OBJECTOR = "objector", _("de indiener")
    INSTITUTE = "institute", _("het IMG")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("gegrond")
    DISMISSED = "dismissed", _("ongegrond")
    PARTLY = "partly", _("deels gegrond")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    SETTLED = "settled", _("geschikt")


class AppealEffect(models.TextChoices):
    NONE = "none", _("geen: de beslissing op bezwaar blijft staan")
    NEW_DECISION_ON_OBJECTION = "new_decision", _("het IMG moet opnieuw beslissen op het bezwaar")
    AMOUNT_SET = "amount_set", _("de rechter stelt het bedrag vast (of het IMG betaalt een nieuw bedrag)")
    OTHER = "other", _("iets anders (schrijf het op)")


class Appeal(models.Model):
    """A court case about the decision on the objection: beroep, and hoger beroep on its judgment."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="appeals")
    appeal_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="higher_appeals",
        verbose_name=_("hoger beroep tegen"),
    )
    court = models.CharField(_("rechter"), max_length=20, choices=Court.choices)
    case_number = models.CharField(_("zaaknummer bij de rechter"), max_length=40)
    filed_by = models.CharField(_("ingesteld door"), max_length=10, choices=AppealFiledBy.choices)
    filed_on = models.DateField(_("ingediend op"))
    hearing_on = models.DateField(_("zitting op"), null=True, blank=True)
    judgment_on = models.DateField(_("uitspraak (of einde) op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, blank=True, choices=AppealOutcome.choices)
    effect = models.CharField(_("gevolg voor het besluit"), max_length=20, blank=True, choices=AppealEffect.choices)
    effect_note = models.TextField(_("toelichting op het gevolg"), blank=True)
    ordered_amount = models.DecimalField(
        _("bedrag volgens de uitspraak (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    new_decision_due_on = models.DateField(_("nieuwe beslissing uiterlijk op"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("beroepszaak")
        verbose_name_plural = _("beroepszaken")
        ordering = ["filed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "case_number"], name="appeal_court_case_number_unique"),
            models.CheckConstraint(condition=Q(outcome="") | Q(judgment_on__isnull=False), name="appeal_outcome_dated"),
        ]

    def __str__(self) -> str:
        return f"{self.get_court_display()} {self.case_number}"

    @property
    def is_higher_appeal(self) -> bool:
        return self.court == Court.RAAD_VAN_STATE


class RevisionSource(models.TextChoices):
    OBJECTION_DECISION = "objection_decision", _("beslissing op bezwaar")
    RESOLUTION = "resolution", _("oplossing in overleg")
    COURT = "court", _("uitspraak van de rechter")


class Revision(models.Model):
    """A new decision an objection (or a court) leads to: a follow-up case for the difference.

    Why a follow-up case with the difference as its amount: the process engine allows one final
    decision per case, and every report sums decision amounts. The follow-up case goes through the
    normal case process (rules, deviation with this reason, four eyes, letter) and decides on the
    difference only, so the sum over both decisions is the new total and a payment of the
    follow-up decision (`payment_orders`, one order per decision and payee) pays exactly the
    difference, once.
    """

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="revisions")
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions")
    source = models.CharField(_("aanleiding"), max_length=20, choices=RevisionSource.choices)
    previous_amount = models.DecimalField(_("eerder toegekend (euro)"), max_digits=12, decimal_places=2)
    new_amount = models.DecimalField(_("nieuw totaalbedrag (euro)"), max_digits=12, decimal_places=2)
    difference = models.DecimalField(_("verschil (euro)"), max_digits=12, decimal_places=2)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="revision_of", verbose_name=_("vervolgzaak")
    )
    created_on = models.DateField(_("aangemaakt op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nieuw besluit na bezwaar")
        verbose_name_plural = _("nieuwe besluiten na bezwaar")
        ordering = ["created_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(difference__gt=0), name="revision_difference_positive"),
            models.CheckConstraint(
                condition=Q(difference=models.F("new_amount") - models.F("previous_amount")),
                name="revision_difference_is_new_minus_previous",
            ),
            # A court case leads to at most one new amount; a retry finds the one there is.
            models.UniqueConstraint(
                fields=["appeal"], condition=Q(appeal__isnull=False), name="revision_one_per_appeal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objection} nieuw besluit {self.case}"
