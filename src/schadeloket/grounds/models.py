"""Grounds analysis: what residents object to, coded by staff so the institute can learn from it.

One `GroundsCoding` per objection (bezwaar) or per zienswijze (the resident's reaction on a draft
decision, `Decision.view_text`). It names one or more `GroundCategory` values (`GroundCode` rows,
so reports count them with GROUP BY), who coded it and when, and an optional note.

Why a fixed list (TextChoices) and not a table staff can extend: the categories are the axis of a
report over months and years. A category added by hand one afternoon ("bedrag te laag" next to
"hoogte bedrag") splits a count in two and makes months incomparable. A new category is a change
of the coding scheme: it is reviewed, gets a description, and is added here. Until then "Anders"
with a note catches it; many notes about one theme are the signal to add a category.

The codings copy, at coding time, what the report groups by: the scheme, the month and date of the
decision the text is about, whether that decision deviated from the rules, and the version of the
rules that decided it. The rules' version is a set: a scheme decides with several decision tables,
each versioned by the SHA-256 of its DMN file (`algorithms.RuleVersion`). `rule_set_version` is one
hash over the sorted (table, version) pairs, so "the rules of VES as they were in March" is one key;
`rule_tables` keeps the pairs themselves. `CodedRule` keeps every decision-table row that matched
(the rules that decided), linked to its `RuleVersion` where that version is known, and marks the
ones staff named as what the objection disputes (`disputed`).

Recoding replaces the categories, the note and the disputed rules of the same row and raises
`version` (optimistic locking: two colleagues coding the same text at once do not overwrite each
other unseen). The copied decision data stay as they were first copied.

A coding belongs to the text as it was read. `text_sha256` keeps the SHA-256 of that text (the
objection's grounds, or the zienswijze). When the text changes afterwards (grounds of a pro-forma
objection that arrive, a supplement the objector sends, any later service that edits the text),
the stored hash no longer matches: the coding "needs review" (opnieuw bekijken). That is read from
the objection's own field, so the objections app needs to tell nobody; the comparison runs in the
database too (`with_review_state`), so the work list and the report can filter on it. Coding again
stores the new hash and so clears the flag. Why a hash and not a timestamp: the objection has no
"grounds changed at" field, and a hash also notices a change no service announced.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, CharField, F, Func, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


def text_sha256(text: str) -> str:
    """The hash a coding keeps of the text it coded (hex SHA-256 of the UTF-8 text, as the database computes it)."""
    return hashlib.sha256((text or "").encode()).hexdigest()


class TextSHA256(Func):
    """SHA-256 of a text column, in hex, the same value as `text_sha256` in Python.

    Django's own `SHA256` needs the pgcrypto extension on PostgreSQL; PostgreSQL 11+ has `sha256()`
    built in, which is used here. On SQLite Django registers a `SHA256` function on every connection.
    """

    function = "SHA256"
    arity = 1
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="ENCODE(SHA256(CONVERT_TO(%(expressions)s, 'UTF8')), 'hex')", **extra_context
        )


def review_state(coded_hash, text):
    """A boolean expression: the coding (its stored hash `coded_hash`) no longer matches `text`.

    NULL-safe for a missing coding (LEFT JOIN): no coding is no review.
    """
    return Case(
        When(**{f"{coded_hash}__isnull": True}, then=Value(False)),
        When(**{coded_hash: TextSHA256(Coalesce(text, Value("")))}, then=Value(False)),
        default=Value(True),
        output_field=BooleanField(),
    )


class GroundsCodingQuerySet(models.QuerySet):
    def with_review_state(self):
        """Annotate `needs_review_db`: the text changed after it was coded."""
        text = Coalesce(F("objection__grounds"), F("draft__view_text"), output_field=models.TextField())
        return self.annotate(needs_review_db=review_state("text_sha256", text))

    def needing_review(self):
        return self.with_review_state().filter(needs_review_db=True)

    def current(self):
        """Codings that still match their text: what the report counts."""
        return self.with_review_state().filter(needs_review_db=False)


class GroundCategory(models.TextChoices):
    """The coding scheme. The values are stored and exported: never rename one, only add."""

    AMOUNT = "amount", _("Hoogte van het bedrag")
    CAUSALITY = "causality", _("Oorzaak van de schade (causaliteit)")
    EVIDENCE_PRESUMPTION = "evidence_presumption", _("Bewijsvermoeden")
    INSPECTION = "inspection", _("Schade-opname en advies")
    RULE_APPLIED = "rule_applied", _("Toegepaste regel")
    FACTS = "facts", _("Onjuiste feiten of gegevens")
    CUSTOM_NEEDED = "custom_needed", _("Maatwerk nodig")
    PROCEDURE = "procedure", _("Procedure en termijnen")
    COMMUNICATION = "communication", _("Communicatie en bejegening")
    OTHER = "other", _("Anders")


#: What each category means, for the staff who code (shown under each checkbox) and the report.
CATEGORY_DESCRIPTIONS = {
    GroundCategory.AMOUNT: _(
        "Het bedrag is te laag volgens de aanvrager, of er ontbreekt een kostenpost (zoals btw, bijkomende kosten "
        "of rente)."
    ),
    GroundCategory.CAUSALITY: _(
        "De aanvrager is het niet eens met wat wij over de oorzaak zeggen: of de schade wel of niet door de "
        "gaswinning komt."
    ),
    GroundCategory.EVIDENCE_PRESUMPTION: _(
        "Over het wettelijk bewijsvermoeden (artikel 6:177a Burgerlijk Wetboek): wij nemen aan dat schade in het "
        "gebied door de gaswinning komt, tenzij het tegendeel blijkt. De aanvrager vindt dat wij dat niet goed "
        "hebben toegepast."
    ),
    GroundCategory.INSPECTION: _(
        "Over de schade-opname of het advies van de deskundige: schade die is gemist, een fout in het rapport, of "
        "bezwaar tegen de deskundige."
    ),
    GroundCategory.RULE_APPLIED: _(
        "Een regel van de regeling had anders moeten uitpakken of niet moeten gelden. Bijvoorbeeld het gebied, het "
        "bouwjaar, of wie mag aanvragen."
    ),
    GroundCategory.FACTS: _(
        "Wij zijn uitgegaan van verkeerde feiten: een verkeerd adres, eigenaar, datum of een gegeven uit het register."
    ),
    GroundCategory.CUSTOM_NEEDED: _(
        "De vaste regeling past niet bij deze situatie. De aanvrager vraagt om maatwerk: een beoordeling van de "
        "eigen situatie."
    ),
    GroundCategory.PROCEDURE: _(
        "Over hoe de aanvraag is behandeld: een termijn die is overschreden, een stap die ontbrak, of geen kans om "
        "te reageren."
    ),
    GroundCategory.COMMUNICATION: _(
        "Over hoe wij met de aanvrager omgingen: een onduidelijke brief, niet teruggebeld, of niet vriendelijk "
        "behandeld."
    ),
    GroundCategory.OTHER: _("Past bij geen van de andere categorieën. Schrijf in de notitie waar het over gaat."),
}


class GroundsSubject(models.TextChoices):
    OBJECTION = "objection", _("bezwaar")
    VIEW = "view", _("zienswijze")


class GroundsCoding(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(_("soort"), max_length=10, choices=GroundsSubject.choices)
    objection = models.OneToOneField(
        "objections.Objection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grounds_coding",
        verbose_name=_("bezwaar"),
    )
    draft = models.OneToOneField(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grounds_coding",
        verbose_name=_("ontwerpbesluit met zienswijze"),
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besluit waar het over gaat"),
        help_text=_("Bij een bezwaar het besluit; bij een zienswijze het ontwerpbesluit zelf."),
    )
    # Copied from the decision at coding time (see the module docstring).
    scheme_code = models.CharField(_("regeling"), max_length=30)
    decided_on = models.DateField(_("datum van het besluit"))
    decision_deviated = models.BooleanField(_("besluit week af van de regels"), default=False)
    rule_set_version = models.CharField(
        _("versie van de regels"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 over de beslistabellen en hun versies; leeg als het besluit geen regeluitkomst bewaarde."),
    )
    rule_tables = models.JSONField(_("beslistabellen en versies"), default=list, blank=True)
    received_on = models.DateField(_("tekst ontvangen op"))
    note = models.TextField(_("notitie"), blank=True)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gecodeerd door")
    )
    coded_at = models.DateTimeField(_("gecodeerd op"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    text_sha256 = models.CharField(
        _("versie van de tekst (sha256)"),
        max_length=64,
        help_text=_("SHA-256 van de gronden of de zienswijze zoals die gecodeerd zijn. Anders nu: opnieuw bekijken."),
    )

    objects = GroundsCodingQuerySet.as_manager()

    class Meta:
        verbose_name = _("codering van gronden")
        verbose_name_plural = _("coderingen van gronden")
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject="objection", objection__isnull=False, draft__isnull=True))
                | Q(subject="view", objection__isnull=True, draft__isnull=False),
                name="grounds_coding_one_subject",
            ),
        ]
        indexes = [models.Index(fields=["decided_on", "scheme_code"], name="grounds_coding_month_scheme")]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.scheme_code} {self.decided_on:%Y-%m}"

    @property
    def short_rule_set_version(self) -> str:
        return self.rule_set_version[:12]

    @property
    def current_text(self) -> str:
        if self.subject == GroundsSubject.OBJECTION:
            return self.objection.grounds
        return self.draft.view_text

    @property
    def needs_review(self) -> bool:
        """The text changed after this coding was made (opnieuw bekijken), until it is coded again."""
        annotated = getattr(self, "needs_review_db", None)
        if annotated is not None:
            return bool(annotated)
        return self.text_sha256 != text_sha256(self.current_text)


class GroundCode(models.Model):
    """One category named by one coding."""

    coding = models.ForeignKey(GroundsCoding, on_delete=models.CASCADE, related_name="codes")
    category = models.CharField(_("categorie"), max_length=30, choices=GroundCategory.choices)

    class Meta:
        verbose_name = _("categorie van een codering")
        verbose_name_plural = _("categorieën van coderingen")
        constraints = [models.UniqueConstraint(fields=["coding", "category"], name="grounds_code_unique")]
        indexes = [models.Index(fields=["category"], name="grounds_code_category")]

    def __str__(self) -> str:
        return self.get_category_display()


class CodedRule(models.Model):
    """A decision-table row that matched for the decision (one of the rules that decided it)."""

    coding = models.ForeignKey(GroundsCoding, on_delete=models.CASCADE, related_name="rules")
    table_id = models.CharField(_("tabel"), max_length=100)
    table_version = models.CharField(_("versie van de tabel (sha256)"), max_length=64)
    rule_version = models.ForeignKey(
        "algorithms.RuleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versie in het algoritmeregister"),
    )
    rule_id = models.CharField(_("regel"), max_length=100, blank=True)
    row = models.PositiveIntegerField(_("rij"))
    legal_basis = models.TextField(_("grondslag"), blank=True)
    disputed = models.BooleanField(
        _("genoemd in de gronden"), default=False, help_text=_("De medewerker koos deze regel als waar het om gaat.")
    )

    class Meta:
        verbose_name = _("regel bij een codering")
        verbose_name_plural = _("regels bij coderingen")
        constraints = [
            models.UniqueConstraint(fields=["coding", "table_id", "row"], name="grounds_coded_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.table_id} {self.rule_id or self.row}"

    @property
    def key(self) -> str:
        """How a form names this row: table and row number (rule ids may be blank)."""
        return f"{self.table_id}:{self.row}"
