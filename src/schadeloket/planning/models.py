"""Planning: regions, support points with opening hours, staff availability, slots and appointments.

Why slots: an applicant chooses a time among free slots (zelfplannen). A slot is one block of one
staff member's time: an inspector's time for a damage inspection at home (kind `inspection`, in a
region), or a case guide's time at a support point or at home (kind `case_guide`). Slots are made
from `Availability` (weekday, hours, slot length, capacity per day) by `services.generate_slots`,
which skips public holidays (`cases.terms`) and never lets one person's slots overlap.

One booking per slot, one active inspection appointment per case and one active case-guide
appointment per person are database constraints on the active status: two applicants who click at
the same moment cannot both get the slot. The services also lock the slot row, so the second one
gets a clear Dutch message instead of a database error.

Statuses: `booked` is the active one; `moved` was replaced by a new appointment (whose
`moved_from` points back); `cancelled`; `done` means its time passed (set when the next
appointment for the same case or person is made).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_SLOT_MINUTES = 15
MAX_SLOT_MINUTES = 480


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class Region(models.Model):
    """A planning region: inspectors work per region. Made of whole municipalities and/or 4-digit
    postcodes, matched against the register's `Address.municipality` and `Address.pc4`; a postcode
    is more precise and wins over a municipality (`selectors.region_for_address`)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=80, unique=True)
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionMunicipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="municipalities", verbose_name=_("regio"))
    municipality = models.CharField(
        _("gemeente"), max_length=80, unique=True, help_text=_("Zoals in het register, bijvoorbeeld Eemsdelta.")
    )

    class Meta:
        verbose_name = _("gemeente in regio")
        verbose_name_plural = _("gemeenten in regio")
        ordering = ["municipality"]

    def __str__(self) -> str:
        return self.municipality


class RegionPostcode(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="postcodes", verbose_name=_("regio"))
    pc4 = models.CharField(
        _("postcodegebied (4 cijfers)"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[1-9][0-9]{3}$", _("Vul vier cijfers in, zoals 9919."))],
    )

    class Meta:
        verbose_name = _("postcodegebied in regio")
        verbose_name_plural = _("postcodegebieden in regio")
        ordering = ["pc4"]

    def __str__(self) -> str:
        return self.pc4


class SupportPoint(models.Model):
    """A place where residents meet the institute (steunpunt). The mobile one has no fixed address:
    its opening hours say where it stands each day."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    is_mobile = models.BooleanField(_("mobiel steunpunt"), default=False)
    street = models.CharField(_("straat"), max_length=80, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True, help_text=_("Opgeslagen als 1234AB."))
    place = models.CharField(_("plaats"), max_length=80, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=80, blank=True, db_index=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    is_active = models.BooleanField(_("open voor afspraken"), default=True)
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("steunpunt")
        verbose_name_plural = _("steunpunten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_mobile=True)
                | (~Q(street="") & ~Q(house_number="") & ~Q(postcode="") & ~Q(place="") & ~Q(municipality="")),
                name="support_point_address_unless_mobile",
                violation_error_message=_(
                    "Vul straat, huisnummer, postcode, plaats en gemeente in. Alleen een mobiel steunpunt heeft "
                    "geen vast adres."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_display(self) -> str:
        if self.is_mobile:
            return ""
        postcode = f"{self.postcode[:4]} {self.postcode[4:]}" if len(self.postcode) == 6 else self.postcode
        return f"{self.street} {self.house_number}, {postcode} {self.place}"


class OpeningHours(models.Model):
    """One opening period of a support point on a weekday (a day may have several: morning and afternoon)."""

    support_point = models.ForeignKey(
        SupportPoint, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("steunpunt")
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens_at = models.TimeField(_("open vanaf"))
    closes_at = models.TimeField(_("dicht om"))
    location = models.CharField(
        _("locatie"), max_length=120, blank=True, help_text=_("Bij het mobiele steunpunt: waar het die dag staat.")
    )

    class Meta:
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")
        ordering = ["support_point", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="opening_hours_in_order",
                violation_error_message=_("De sluitingstijd moet later zijn dan de openingstijd."),
            ),
            models.UniqueConstraint(
                fields=["support_point", "weekday", "opens_at"],
                name="opening_hours_unique_start",
                violation_error_message=_("Op deze dag begint al een openingstijd op dit tijdstip."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class SlotKind(models.TextChoices):
    INSPECTION = "inspection", _("schade-opname")
    CASE_GUIDE = "case_guide", _("gesprek met zaakbegeleider")


# Where a slot or availability is: an inspection is always at home, in a region; a case-guide talk is
# at a support point or at home in a region, never both.
_LOCATION_BY_KIND = (
    Q(kind=SlotKind.INSPECTION, region__isnull=False, support_point__isnull=True)
    | Q(kind=SlotKind.CASE_GUIDE, region__isnull=False, support_point__isnull=True)
    | Q(kind=SlotKind.CASE_GUIDE, region__isnull=True, support_point__isnull=False)
)
_LOCATION_MESSAGE = _(
    "Kies een regio voor een schade-opname. Kies voor een gesprek met een zaakbegeleider een steunpunt "
    "of (voor een gesprek thuis) een regio, niet allebei."
)


class Availability(models.Model):
    """When a staff member can be planned: one weekday, from-until, in slots of N minutes, at most
    `max_per_day` slots that day at that place. Inspectors work in a region; case guides at a
    support point (within its opening hours) or at home in a region."""

    kind = models.CharField(_("soort afspraak"), max_length=20, choices=SlotKind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="planning_availability",
        verbose_name=_("medewerker"),
        limit_choices_to={"groups__name__in": ("Opnemer", "Zaakbegeleider"), "is_active": True},
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    start_time = models.TimeField(_("van"))
    end_time = models.TimeField(_("tot"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("minuten per afspraak"),
        default=120,
        validators=[MinValueValidator(MIN_SLOT_MINUTES), MaxValueValidator(MAX_SLOT_MINUTES)],
    )
    max_per_day = models.PositiveSmallIntegerField(
        _("hoogstens per dag"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leeg: zoveel als er in de tijd passen."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="availability", verbose_name=_("regio")
    )
    support_point = models.ForeignKey(
        SupportPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="availability",
        verbose_name=_("steunpunt"),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True, help_text=_("Leeg: geen einde."))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("beschikbaarheid")
        verbose_name_plural = _("beschikbaarheid")
        ordering = ["staff", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="availability_hours_in_order",
                violation_error_message=_("De eindtijd moet later zijn dan de begintijd."),
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=MIN_SLOT_MINUTES, slot_minutes__lte=MAX_SLOT_MINUTES),
                name="availability_slot_length",
                violation_error_message=_("Een afspraak duurt minstens 15 minuten en hoogstens 8 uur."),
            ),
            models.CheckConstraint(
                condition=_LOCATION_BY_KIND, name="availability_location", violation_error_message=_LOCATION_MESSAGE
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="availability_period_in_order",
                violation_error_message=_("'Geldig tot en met' mag niet voor 'geldig vanaf' liggen."),
            ),
        ]

    def __str__(self) -> str:
        place = self.support_point or self.region
        return (
            f"{self.staff} {self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M} "
            f"({self.get_kind_display()}, {place})"
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        from .selectors import staff_may_take

        super().clean()
        if self.staff_id and self.kind and not staff_may_take(self.staff, self.kind):
            role = _("opnemer") if self.kind == SlotKind.INSPECTION else _("zaakbegeleider")
            raise ValidationError(
                {"staff": _("Deze medewerker heeft niet de rol %(role)s. Kies een andere medewerker.") % {"role": role}}
            )

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Slot(models.Model):
    """One block of one staff member's time that one applicant can book."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort afspraak"), max_length=20, choices=SlotKind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planning_slots", verbose_name=_("medewerker")
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="slots", verbose_name=_("regio")
    )
    support_point = models.ForeignKey(
        SupportPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="slots", verbose_name=_("steunpunt")
    )
    is_open = models.BooleanField(
        _("te boeken"),
        default=True,
        help_text=_("Uit: deze tijd wordt niet meer aangeboden (bijvoorbeeld bij ziekte)."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("tijdslot")
        verbose_name_plural = _("tijdsloten")
        ordering = ["starts_at", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "starts_at"], name="slot_staff_start_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_in_order"),
            models.CheckConstraint(condition=_LOCATION_BY_KIND, name="slot_location"),
        ]
        indexes = [
            models.Index(fields=["kind", "region", "starts_at"], name="slot_kind_region_start"),
            models.Index(fields=["kind", "support_point", "starts_at"], name="slot_kind_point_start"),
        ]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{start:%d-%m-%Y %H:%M}-{end:%H:%M} {self.staff}"

    @property
    def at_home(self) -> bool:
        return self.support_point_id is None


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("gepland")
    MOVED = "moved", _("verplaatst")
    CANCELLED = "cancelled", _("afgezegd")
    DONE = "done", _("geweest")


class BookedBy(models.TextChoices):
    APPLICANT = "applicant", _("aanvrager")
    STAFF = "staff", _("medewerker")


class Appointment(models.Model):
    """What inspection and case-guide appointments share. Written only by `services`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    booked_by = models.CharField(_("gemaakt door"), max_length=10, choices=BookedBy.choices)
    booked_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door medewerker"),
    )
    booked_by_person = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door aanvrager"),
    )
    moved_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moved_to",
        verbose_name=_("verplaatst van"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.CharField(_("verplaatst of afgezegd door"), max_length=10, choices=BookedBy.choices, blank=True)
    cancel_reason = models.CharField(_("reden"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.BOOKED


class InspectionAppointment(Appointment):
    """A damage inspection at the building of the case, in an inspector's slot."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="inspection_appointments", verbose_name=_("zaak")
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="inspection_appointments", verbose_name=_("tijdslot")
    )
    task = models.ForeignKey(
        "cases.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_appointments",
        verbose_name=_("taak schade-opname"),
    )

    class Meta:
        verbose_name = _("afspraak schade-opname")
        verbose_name_plural = _("afspraken schade-opname")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status=AppointmentStatus.BOOKED),
                name="inspection_appointment_one_per_slot",
                violation_error_message=_("Deze tijd is al gekozen. Kies een andere tijd."),
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=AppointmentStatus.BOOKED),
                name="inspection_appointment_one_per_case",
                violation_error_message=_("Deze zaak heeft al een afspraak voor de schade-opname."),
            ),
        ]
        indexes = [models.Index(fields=["case", "status"], name="inspection_appt_case_status")]

    def __str__(self) -> str:
        return f"{self.case} {self.slot}"


class GuideAppointment(Appointment):
    """A talk with a case guide at a support point or at home. About a case, or not (yet): people
    also come for help before they apply."""

    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="guide_appointments", verbose_name=_("inwoner")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guide_appointments",
        verbose_name=_("zaak"),
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="guide_appointments", verbose_name=_("tijdslot")
    )
    visit_address = models.ForeignKey(
        "addresses.Address",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adres van het huisbezoek"),
    )
    topic = models.CharField(_("onderwerp"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("afspraak met zaakbegeleider")
        verbose_name_plural = _("afspraken met zaakbegeleider")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status=AppointmentStatus.BOOKED),
                name="guide_appointment_one_per_slot",
                violation_error_message=_("Deze tijd is al gekozen. Kies een andere tijd."),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=AppointmentStatus.BOOKED),
                name="guide_appointment_one_per_person",
                violation_error_message=_("Deze persoon heeft al een afspraak met een zaakbegeleider."),
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="guide_appt_person_status")]

    def __str__(self) -> str:
        return f"{self.slot}"
