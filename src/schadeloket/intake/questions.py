"""Which of the schemes' questions a resident can answer at intake, asked in their own words.

The schemes declare their questions for staff (`schemes/*/scheme.py`, `Scheme.questions`). Most
need an expert or a file (a PIA category, a quote, the WOZ value of 2021); a few only the resident
knows. Those are listed here, each under the scheme's own question name, so the answer goes to the
scheme unchanged (`options_for(answers=...)`, and on submit `decisions.services.save_answers`).

Only yes/no questions, each with "Weet ik niet" (stored as None: the rules then say it is still
open). A question is only asked when its answer can change the outcome for this resident now
(see `selectors.questions_to_ask`): AVV's "chose VES before" only counts under the 2022-2023 rules,
so under the 2025 rules nobody is asked.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ApplicantQuestion:
    scheme_code: str
    name: str  # the scheme's Question.name
    label: str  # B1, to the resident ("u")
    help_text: str = ""

    @property
    def field_name(self) -> str:
        return f"{self.scheme_code.lower()}__{self.name}"


APPLICANT_QUESTIONS: tuple[ApplicantQuestion, ...] = (
    ApplicantQuestion(
        "AVV",
        "had_ves_before",
        _("Heeft u eerder gekozen voor de vaste vergoeding?"),
        _("Dat is een vast bedrag voor schade, zonder dat er een deskundige langskomt."),
    ),
    ApplicantQuestion(
        "AVV",
        "former_owner_has_decision_letter",
        _("Heeft u een eigen besluit (brief) gekregen van NAM, CVW, TCMG of IMG over schade aan dit gebouw?"),
        _("Dit is nodig als u geen eigenaar meer bent."),
    ),
    ApplicantQuestion(
        "WAARDEDALING_WONING",
        "woz_objection_pending",
        _("Loopt er nog een bezwaar of beroep tegen de WOZ-waarde van uw woning?"),
    ),
    ApplicantQuestion(
        "IMS_VOLWASSENE",
        "lived_in_area_since_huizinge",
        _("Woonde u op 16 augustus 2012 of later op een adres in het aardbevingsgebied?"),
        _("Op 16 augustus 2012 was de zware aardbeving bij Huizinge."),
    ),
    ApplicantQuestion(
        "IMS_VOLWASSENE",
        "reinforcement_or_demolition",
        _("Wordt uw woning versterkt, of gesloopt en opnieuw gebouwd?"),
        _("Dat gaat via de Nationaal Coördinator Groningen (NCG)."),
    ),
    ApplicantQuestion(
        "IMS_VOLWASSENE",
        "unsafe_situation",
        _("Was uw woning door de schade ooit onveilig?"),
    ),
    ApplicantQuestion(
        "IMS_VOLWASSENE",
        "ims_received_elsewhere",
        _("Kreeg u al geld voor zorgen, stress of verdriet door de aardbevingen van een andere instantie?"),
    ),
    ApplicantQuestion(
        "HIN",
        "business_activities_block_work",
        _("Zit er een bedrijf in het gebouw dat het herstel in de weg zit?"),
    ),
    ApplicantQuestion(
        "SAMENLOOP",
        "consent",
        _("Mogen het IMG en de NCG uw gegevens met elkaar delen?"),
        _("U kunt die toestemming altijd weer intrekken."),
    ),
    ApplicantQuestion(
        "SAMENLOOP",
        "wants_joint_approach",
        _("Wilt u dat de schade en het versterken samen worden aangepakt?"),
    ),
)

YES, NO, UNKNOWN = "yes", "no", "unknown"
TO_VALUE = {YES: True, NO: False, UNKNOWN: None}
FROM_VALUE = {True: YES, False: NO, None: UNKNOWN}
