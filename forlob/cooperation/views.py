# SPDX-License-Identifier: AGPL-3.0-or-later
"""The agreements' pages: the list (search, filters, export), an agreement with its contacts,
documents and history, the form, and the documents' upload and download."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common import applog
from forlob.common.dates import today
from forlob.common.errors import StaleVersion
from forlob.common.kept_forms import back_to_page, kept_form
from forlob.common.views import paginate, run_action
from forlob.cooperation import actions, exports, queries
from forlob.cooperation.files import CONTENT_TYPES, MAX_BYTES
from forlob.cooperation.forms import (
    AgreementFilterForm,
    AgreementForm,
    BaseContactFormSet,
    ContactFormSet,
    DocumentForm,
)
from forlob.cooperation.models import Agreement
from forlob.organisations.models import Municipality
from forlob.organisations.view_access import actor_of

FIELDS = ("title", "partner_kind", "partner_name", "content", "agreed_on", "valid_from", "valid_to", "review_on")
NAV = "cooperation"


def _readable(request: HttpRequest) -> QuerySet[Municipality]:
    municipalities = queries.readable_municipalities(actor_of(request))
    if not municipalities.exists():
        raise PermissionDenied(_("Your roles do not give access to cooperation agreements."))
    return municipalities


def _writable(request: HttpRequest) -> QuerySet[Municipality]:
    municipalities = queries.writable_municipalities(actor_of(request))
    if not municipalities.exists():
        raise PermissionDenied(_("Only leaders and cluster coordinators write cooperation agreements."))
    return municipalities


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    _readable(request)
    return get_object_or_404(queries.agreements(actor_of(request), today()), pk=pk)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponseBase:
    """The agreements of the user's municipalities by title or partner, partner kind and status;
    ``?format=csv`` or ``xlsx`` downloads the list as filtered."""
    municipalities = _readable(request)
    actor, day = actor_of(request), today()
    form = AgreementFilterForm(request.GET or None, municipalities=municipalities)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = queries.agreements(
        actor,
        day,
        municipality=filters.get("municipality"),
        term=filters.get("q", ""),
        partner_kind=filters.get("partner_kind", ""),
        status=filters.get("status", ""),
    )
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return exports.download(list(qs), day, fmt)
    page = paginate(request, qs)
    query = {k: str(v) for k, v in request.GET.items() if k not in ("page", "format") and v}
    context = {
        "nav": NAV,
        "form": form,
        "rows": [(a, a.status(day)) for a in page.object_list],
        "page_obj": page,
        "query_string": urlencode(query) + "&" if query else "",
        "may_write": queries.writable_municipalities(actor).exists(),
        "due": queries.reviews_due_count(qs, day),
    }
    return render(request, "cooperation/agreement_list.html", context)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    actor, day = actor_of(request), today()
    may_write = queries.may_write(actor, agreement.municipality_id)
    upload = kept_form(request, "document", lambda data: DocumentForm(data, kept=True)) or DocumentForm()
    context = {
        "nav": NAV,
        "agreement": agreement,
        "status": agreement.status(day),
        "documents": list(queries.documents(agreement)),
        "changes": list(agreement.history.select_related("history_user").order_by("-history_date")[:20]),
        "may_write": may_write,
        "upload": upload if may_write else None,
    }
    return render(request, "cooperation/agreement_detail.html", context)


def _data(form: AgreementForm, contacts: BaseContactFormSet) -> actions.AgreementData:
    d = form.cleaned_data
    return actions.AgreementData(
        **{name: d[name] for name in FIELDS}, responsible=list(d["responsible"]), contacts=contacts.contacts()
    )


def _place_errors(form: AgreementForm, contacts: BaseContactFormSet, error: ValidationError) -> None:
    """An action's refusal of a contact (``contacts.<n>.<field>``) goes to its row; the rest,
    a stale version included, to the form."""
    named = getattr(error, "error_dict", {})
    rest: dict[str, list[ValidationError]] = {}
    for name, errors in named.items():
        parts = name.split(".")
        placed = len(parts) == 3 and parts[0] == "contacts" and parts[1].isdigit()
        if not (placed and all(contacts.add_action_error(int(parts[1]), parts[2], e) for e in errors)):
            rest[name] = errors
    if isinstance(error, StaleVersion) or not named or rest == named:
        form.add_action_errors(error)
    elif rest:
        form.add_action_errors(ValidationError(rest))


def _save(
    form: AgreementForm, contacts: BaseContactFormSet, write: Callable[[actions.AgreementData], Agreement]
) -> Agreement | None:
    """Run the write when both the form and the contacts are valid; a refusal goes to the fields."""
    if not (form.is_valid() and contacts.is_valid()):
        return None
    try:
        return write(_data(form, contacts))
    except ValidationError as error:
        applog.refused(error, via=type(form).__name__)
        _place_errors(form, contacts, error)
        return None


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    municipalities = _writable(request)
    actor = actor_of(request)
    # The contact people to choose from are the staff of the municipality posted (or the first).
    posted = request.POST.get("municipality", "")
    chosen = (
        municipalities.filter(pk=posted).first() if posted.isdigit() and len(posted) < 19 else None
    ) or municipalities[0]
    staff = queries.staff_of(chosen)
    if request.method == "POST":
        form = AgreementForm(request.POST, municipalities=municipalities, staff=staff)
        contacts = ContactFormSet(request.POST, prefix="contacts")
        saved = _save(
            form,
            contacts,
            lambda data: actions.create_agreement(actor, form.cleaned_data["municipality"], data),
        )
        if saved is not None:
            messages.success(request, _("The agreement has been saved."))
            return redirect("agreement_detail", saved.pk)
    else:
        form = AgreementForm(
            initial={"agreed_on": today(), "valid_from": today(), "responsible": [actor.user.pk]},
            municipalities=municipalities,
            staff=staff,
        )
        contacts = ContactFormSet(prefix="contacts")
    return render(request, "cooperation/agreement_form.html", {"nav": NAV, "form": form, "contacts": contacts})


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    actor = actor_of(request)
    if not queries.may_write(actor, agreement.municipality_id):
        raise PermissionDenied(_("Only leaders and cluster coordinators write cooperation agreements."))
    staff = queries.staff_of(agreement.municipality)
    if request.method == "POST":
        form = AgreementForm(request.POST, municipalities=None, staff=staff, editing=True)
        contacts = ContactFormSet(request.POST, prefix="contacts")
        saved = _save(
            form,
            contacts,
            lambda data: actions.change_agreement(actor, agreement, data, form.cleaned_data["version"]),
        )
        if saved is not None:
            messages.success(request, _("The agreement has been saved."))
            return redirect("agreement_detail", saved.pk)
    else:
        initial = {name: getattr(agreement, name) for name in FIELDS} | {
            "responsible": [u.pk for u in agreement.responsible.all()],
            "version": agreement.version,
        }
        form = AgreementForm(initial=initial, municipalities=None, staff=staff, editing=True)
        contacts = ContactFormSet(
            prefix="contacts",
            initial=[
                {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email} for c in agreement.contacts.all()
            ],
        )
    context = {"nav": NAV, "form": form, "contacts": contacts, "agreement": agreement}
    return render(request, "cooperation/agreement_form.html", context)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    actor = actor_of(request)
    if not queries.may_write(actor, agreement.municipality_id):
        raise PermissionDenied(_("Only leaders and cluster coordinators write cooperation agreements."))
    form = DocumentForm(request.POST, request.FILES)
    page = reverse("agreement_detail", args=[agreement.pk])
    if form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_BYTES + 1)  # one byte more than allowed is enough to refuse it
        if run_action(form, lambda: actions.add_document(actor, agreement, upload.name, content)):
            messages.success(request, _("The document has been attached."))
            return redirect(page)
    return back_to_page(request, "document", form, page)


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """Any staff of the municipality; not logged, as an agreement holds no person data."""
    _readable(request)
    document = queries.document_of(actor_of(request), pk, document_pk)
    if document is None:
        raise Http404
    response = HttpResponse(
        bytes(document.content), content_type=CONTENT_TYPES.get(document.kind, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=document.name) or ""
    return response


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    _readable(request)
    actor = actor_of(request)
    document = queries.document_of(actor, pk, document_pk)
    if document is None:
        raise Http404
    if not queries.may_write(actor, document.agreement.municipality_id):
        raise PermissionDenied(_("Only leaders and cluster coordinators write cooperation agreements."))
    actions.remove_document(actor, document)
    messages.success(request, _("The document has been removed."))
    return redirect("agreement_detail", pk)
