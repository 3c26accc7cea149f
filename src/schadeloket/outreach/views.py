"""Staff pages under /medewerkers/campagnes/. Thin views: access checks and forms here, writes through
`services`, reads through `selectors`.

Who may do what (role codes of accounts.roles):

- the role "Communicatie" (`outreach`) makes campaigns, sees the lists with names and addresses,
  downloads the letters and the mail-house file, and records when the letters went out;
- managers see the figures (conversion, the table per municipality), never the names;
- other staff roles get 403; residents (DigiD) never reach these pages (staff login only).

Why a role of its own and not the case guide's: a list holds the names and addresses of thousands
of people who never contacted the institute. Case guides work on one resident's dossier at a time,
with consent; data minimisation says only the team that writes the letters sees the list.

Every page that shows names or addresses, and every download of them, writes one audit event.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.cases.selectors import user_roles

from . import letters, selectors, services
from .eligibility import scheme_name
from .forms import AfterEarthquakeForm, CampaignForm, LettersSentForm
from .models import CampaignEntry, CampaignKind, CampaignStatus

#: Roles that see names and addresses and act on campaigns.
LIST_ROLES = frozenset({"outreach"})
#: Roles that see the figures of campaigns (no names).
FIGURE_ROLES = LIST_ROLES | {"manager"}
PER_PAGE = 50


def may_see_figures(user) -> bool:
    return bool(user_roles(user) & FIGURE_ROLES)


def may_see_lists(user) -> bool:
    return bool(user_roles(user) & LIST_ROLES)


def _require(request, roles) -> None:
    if not user_roles(request.user) & roles:
        raise PermissionDenied


def _campaign_or_404(public_id):
    campaign = selectors.campaign_by_public_id(public_id)
    if campaign is None:
        raise Http404
    return campaign


def _ready_or_back(request, campaign):
    """A list without addresses has nothing to show or send: say so and go back to the campaign."""
    if campaign.status == CampaignStatus.READY:
        return None
    if campaign.status == CampaignStatus.EMPTY:
        messages.error(request, _("Deze campagne heeft geen adressen. Er zijn geen brieven te versturen."))
    elif campaign.status == CampaignStatus.QUEUED:
        messages.info(request, _("De lijst wordt nog gemaakt. Kijk zo nog eens."))
    else:
        messages.error(request, _("Het maken van deze lijst is mislukt. Er is niets om te tonen."))
    return redirect("outreach:detail", public_id=campaign.public_id)


@staff_verified_required
@require_GET
def overview(request):
    _require(request, FIGURE_ROLES)
    return render(
        request,
        "outreach/overview.html",
        {
            "silent": selectors.with_conversion(selectors.campaigns(CampaignKind.SILENT_VICTIMS)[:100]),
            "after": selectors.with_conversion(selectors.campaigns(CampaignKind.AFTER_EARTHQUAKE)[:100]),
            "may_act": may_see_lists(request.user),
        },
    )


@staff_verified_required
@require_http_methods(["GET", "POST"])
def new_campaign(request):
    _require(request, LIST_ROLES)
    form = CampaignForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_silent_campaign(
                scheme_code=data["scheme"],
                municipality=data["municipality"],
                pc4_from=data["pc4_from"],
                pc4_to=data["pc4_to"],
                core_only=data["core_only"],
                name=data["name"],
                actor=request.user,
            )
        except services.OutreachError as error:
            errors = error.messages
        else:
            messages.success(request, _("De campagne is gemaakt. De lijst wordt in de achtergrond opgebouwd."))
            return redirect("outreach:detail", public_id=campaign.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/new.html", {"form": form, "errors": errors, "may_act": True}, status=status)


@staff_verified_required
@require_http_methods(["GET", "POST"])
def after_earthquake(request):
    _require(request, FIGURE_ROLES)
    may_act = may_see_lists(request.user)
    if request.method == "POST" and not may_act:
        raise PermissionDenied
    form = AfterEarthquakeForm(request.POST or None) if may_act else None
    errors: list[str] = []
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.start_after_earthquake(form.cleaned_data["earthquake"], actor=request.user)
        except services.OutreachError as error:
            errors, existing = error.messages, error.campaign
        else:
            messages.success(request, _("De lijst na de beving wordt gemaakt."))
            return redirect("outreach:detail", public_id=campaign.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "outreach/after_earthquake.html",
        {
            "form": form,
            "errors": errors,
            "existing": existing,
            "campaigns": selectors.campaigns(CampaignKind.AFTER_EARTHQUAKE)[:100],
            "may_act": may_act,
        },
        status=status,
    )


@staff_verified_required
@require_GET
def detail(request, public_id):
    """The campaign's figures and the table per municipality: no names, so no audit event."""
    _require(request, FIGURE_ROLES)
    campaign = _campaign_or_404(public_id)
    lines, total = selectors.municipality_table(campaign) if campaign.status == CampaignStatus.READY else ([], None)
    return _render_detail(request, campaign, LettersSentForm(initial={"sent_on": timezone.localdate()}), lines, total)


def _render_detail(request, campaign, letters_form, lines=None, total=None, errors=(), status=200):
    if lines is None:
        lines, total = selectors.municipality_table(campaign) if campaign.status == CampaignStatus.READY else ([], None)
    return render(
        request,
        "outreach/detail.html",
        {
            "campaign": campaign,
            "scheme_name": scheme_name(campaign.scheme_code) if campaign.scheme_code else "",
            "conversion": selectors.conversion(campaign),
            "lines": lines,
            "total": total,
            "newly": [(scheme_name(code), n) for code, n in selectors.newly_eligible_counts(campaign)]
            if campaign.kind == CampaignKind.AFTER_EARTHQUAKE and campaign.status == CampaignStatus.READY
            else [],
            "letters_form": letters_form,
            "letter_errors": list(errors),
            "may_act": may_see_lists(request.user),
        },
        status=status,
    )


@staff_verified_required
@require_GET
def entries(request, public_id):
    """The list with names and addresses, core area first, 50 a page. Every view is audited."""
    _require(request, LIST_ROLES)
    campaign = _campaign_or_404(public_id)
    back = _ready_or_back(request, campaign)
    if back is not None:
        return back
    page = Paginator(selectors.entries_page_queryset(campaign), PER_PAGE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    for entry in rows:
        entry.newly_names = [scheme_name(code) for code in entry.newly_eligible_codes]
    services.record_list_view(campaign, actor=request.user, what=f"list page {page.number}")
    return render(
        request,
        "outreach/entries.html",
        {
            "campaign": campaign,
            "page": page,
            "rows": rows,
            "after_earthquake": campaign.kind == CampaignKind.AFTER_EARTHQUAKE,
            "may_act": True,
        },
    )


@staff_verified_required
@require_GET
def entries_csv(request, public_id):
    """The mail-house file (CSV, streamed). Audited as a view of the whole list."""
    _require(request, LIST_ROLES)
    campaign = _campaign_or_404(public_id)
    back = _ready_or_back(request, campaign)
    if back is not None:
        return back
    services.record_list_view(campaign, actor=request.user, what="CSV for the mail house")
    response = StreamingHttpResponse(letters.csv_lines(campaign), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.reference}-adressen.csv"'
    return response


@staff_verified_required
@require_GET
def letter(request, public_id, position):
    """The letter for one building of the list, as PDF/A. Audited."""
    _require(request, LIST_ROLES)
    campaign = _campaign_or_404(public_id)
    back = _ready_or_back(request, campaign)
    if back is not None:
        return back
    entry = (
        CampaignEntry.objects.filter(campaign=campaign, position=position)
        .select_related("address", "building")
        .prefetch_related("recipients__person")
        .first()
    )
    if entry is None:
        raise Http404
    services.record_list_view(campaign, actor=request.user, what=f"letter {position}")
    pdf = letters.render_letter(campaign, entry, sent_on=campaign.letter_sent_on or timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{campaign.reference}-{position}.pdf"'
    return response


@staff_verified_required
@require_POST
def letters_sent(request, public_id):
    _require(request, LIST_ROLES)
    campaign = _campaign_or_404(public_id)
    form = LettersSentForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.record_letters_sent(campaign, sent_on=form.cleaned_data["sent_on"], actor=request.user)
        except services.OutreachError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("De verzenddatum is vastgelegd. Vanaf nu telt het aantal aanvragen na de brief.")
            )
            return redirect("outreach:detail", public_id=campaign.public_id)
    return _render_detail(request, campaign, form, errors=errors, status=400)
