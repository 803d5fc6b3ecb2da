# SPDX-License-Identifier: AGPL-3.0-or-later
"""The journal pages: of a course and of a citizen's courses, paged and bounded by a period; their
print view and PDF, each with a stated purpose; and a session's note with its addenda."""

from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.audit.models import Use
from forlob.citizens.queries import get_citizen
from forlob.common.dates import today
from forlob.common.pdf import render_pdf
from forlob.common.views import run_action
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import actions, journal, queries
from forlob.treatment.forms import (
    JOURNAL_PURPOSES,
    AddendumForm,
    JournalPeriodForm,
    JournalPrintForm,
    SessionNoteForm,
)

JOURNAL_PAGE_SIZE = 50
# A print or PDF holds at most this many entries; a longer period is refused.
JOURNAL_PRINT_MAX = 2000

# (read, start, end, use, purpose, via) → the journal of the page's subject, read and logged.
Reader = Callable[..., journal.Journal]


def _subject(request: HttpRequest, kind: str, pk: int, via: str) -> tuple[dict[str, object], Reader]:
    """The course or citizen whose journal is asked for (read and logged as such), the page's
    context for it, and how to read its journal."""
    actor = actor_of(request)
    if kind == "course":
        course = queries.get_course(actor, pk, via=via)
        subject = {
            "course": course,
            "heading": f"{course.get_offer_type_display()}: {course.citizen.display_name}",
            "back": reverse("course_detail", args=[pk]),
            "print_url": reverse("course_journal_print", args=[pk]),
            "citizen": course.citizen,
        }
        return subject, partial(queries.course_journal, actor, course)
    citizen = get_citizen(actor, pk, via=via)
    subject = {
        "heading": citizen.display_name,
        "back": reverse("citizen_detail", args=[pk]),
        "print_url": reverse("citizen_journal_print", args=[pk]),
        "citizen": citizen,
    }
    return subject, partial(queries.citizen_journal, actor, pk)


def _journal_page(request: HttpRequest, kind: str, pk: int, print_form: JournalPrintForm | None = None) -> HttpResponse:
    via = f"{kind}_journal"
    subject, read = _subject(request, kind, pk, via)
    period = JournalPeriodForm(request.GET or None)
    start, end = (period.cleaned_data["fra"], period.cleaned_data["til"]) if period.is_valid() else (None, None)
    page_reader = partial(journal.read_page, number=request.GET.get("page"), per_page=JOURNAL_PAGE_SIZE)
    shown = read(page_reader, via=via, start=start, end=end)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        **subject,
        "nav": "courses" if kind == "course" else "citizens",
        "journal": shown,
        "period_form": period,
        "print_form": print_form or JournalPrintForm(initial={"fra": start, "til": end}),
        "purposes": JOURNAL_PURPOSES,
        "show_course": kind == "citizen",
        "query_string": params.urlencode() + "&" if params else "",
    }
    return render(request, "treatment/journal.html", context)


def _journal_print(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The print view or PDF of the journal for the chosen period, logged as an export with the
    purpose given. Without a purpose (or with too long a period) the journal page comes back
    with the reason next to the field."""
    form = JournalPrintForm(request.POST)
    if not form.is_valid():
        return _journal_page(request, kind, pk, print_form=form)
    d = form.cleaned_data
    fmt = d["format"]
    via = f"{kind}_journal_{fmt}"
    subject, read = _subject(request, kind, pk, via)
    everything = partial(journal.read_all, limit=JOURNAL_PRINT_MAX)
    printed = run_action(
        form,
        lambda: read(everything, via=via, start=d["fra"], end=d["til"], use=Use.EXPORT, purpose=d["purpose"]),
    )
    if printed is None:
        return _journal_page(request, kind, pk, print_form=form)
    context = {
        **subject,
        "journal": printed,
        "start": d["fra"],
        "end": d["til"],
        "purpose": d["purpose"],
        "printed_at": timezone.localtime(),
        "printed_by": actor_of(request).user.get_full_name() or request.user.get_username(),
    }
    if fmt == "print":
        return render(request, "treatment/journal_print.html", context)
    # WeasyPrint reads the page from a string: the print stylesheet goes in with it.
    css = finders.find("journal-print.css")
    context["print_css"] = Path(str(css)).read_text(encoding="utf-8") if css else ""
    response = HttpResponse(render_pdf("treatment/journal_print.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="journal-{kind}-{pk}-{today():%Y%m%d}.pdf"'
    return response


@case_work_required
def course_journal(request: HttpRequest, pk: int) -> HttpResponse:
    return _journal_page(request, "course", pk)


@case_work_required
def citizen_journal(request: HttpRequest, pk: int) -> HttpResponse:
    return _journal_page(request, "citizen", pk)


@case_work_required
@require_POST
def course_journal_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _journal_print(request, "course", pk)


@case_work_required
@require_POST
def citizen_journal_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _journal_print(request, "citizen", pk)


@case_work_required
def session_note(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's note and its addenda. Its author may correct the note for a while after
    writing it; after that, and for everyone else, an addendum is added below it."""
    actor = actor_of(request)
    session = queries.get_session(actor, pk, via="session_note")
    can_edit = session.note_open_to(actor.user.pk)
    note_form = SessionNoteForm(initial={"note": session.note}) if can_edit else None
    addendum_form = AddendumForm()
    if request.method == "POST" and request.POST.get("what") == "note":
        note_form = posted_note = SessionNoteForm(request.POST)
        note = posted_note.cleaned_data["note"] if posted_note.is_valid() else None
        corrected = (
            run_action(posted_note, lambda: actions.change_session_note(actor, session, note))
            if note is not None
            else None
        )
        if corrected:
            messages.success(request, _("The note has been corrected."))
            return redirect("session_note", pk=pk)
    elif request.method == "POST":
        addendum_form = AddendumForm(request.POST)
        text = addendum_form.cleaned_data["text"] if addendum_form.is_valid() else None
        added = (
            run_action(addendum_form, lambda: actions.add_addendum(actor, session, text)) if text is not None else None
        )
        if added:
            messages.success(request, _("The addendum has been added."))
            return redirect("session_note", pk=pk)
    context = {
        "nav": "courses",
        "session": session,
        "course": session.course,
        "note_form": note_form,
        "note_hours": settings.FORLOB_NOTE_EDIT_HOURS,
        "addendum_form": addendum_form,
    }
    return render(request, "treatment/session_note.html", context)
