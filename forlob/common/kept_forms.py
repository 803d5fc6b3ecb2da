# SPDX-License-Identifier: AGPL-3.0-or-later
"""A form shown on one page but posted to its own URL (one of several forms on the page): when it
is refused, the browser goes back to the page's address with the input and the messages kept in
the session, shown once. So the address bar never holds a URL that only accepts POST, and a
reload or a bookmark after an error opens the page itself."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponseRedirect, QueryDict

F = TypeVar("F", bound=forms.Form)

_KEY = "kept_form:"


def back_to_page(request: HttpRequest, name: str, form: forms.Form, page_url: str) -> HttpResponseRedirect:
    """Keep the refused ``form`` (its input and its errors, field by field) and go to ``page_url``.
    The form's data, not the post: a refusal for a stale version has moved it to the current one."""
    posted = form.data if isinstance(form.data, QueryDict) else request.POST
    data = {key: posted.getlist(key) for key in posted if key != "csrfmiddlewaretoken"}
    errors = {
        field: [[message, error.code or ""] for error in found for message in error.messages]
        for field, found in form.errors.as_data().items()
    }
    request.session[_KEY + name] = {"data": data, "errors": errors}
    return HttpResponseRedirect(page_url)


def kept_form(request: HttpRequest, name: str, make: Callable[[QueryDict], F]) -> F | None:
    """The form refused a moment ago, bound to the input and with the messages it was refused with;
    None when there is none (shown once: a second reload shows the empty form)."""
    kept = request.session.pop(_KEY + name, None)
    if kept is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    form = make(data)
    form.is_valid()  # the form's own checks run again; the action's refusals come from the session
    for field, found in kept["errors"].items():
        target = field if field in form.fields else None
        shown = [str(message) for message in form.errors.get(field if target else NON_FIELD_ERRORS, ())]
        for message, code in found:
            if message not in shown:
                form.add_error(target, ValidationError(message, code=code or None))
    return form
