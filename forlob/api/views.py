# SPDX-License-Identifier: AGPL-3.0-or-later
"""A user's own API tokens: make one (shown once), see when each was last used and when it
expires, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.api.actions import issue_token, revoke_token
from forlob.api.forms import TokenForm
from forlob.api.models import ApiToken
from forlob.common.second_factor import passed_second_factor, second_factor_url
from forlob.common.views import run_action
from forlob.organisations.view_access import actor_of


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """A token outlives the session it was made in, so making one takes the second factor,
    whether or not signing in does (FORLOB_REQUIRE_2FA). Revoking does not."""
    user = actor_of(request).user
    may_create = passed_second_factor(request)
    posted = request.method == "POST"
    form = TokenForm(request.POST if posted and may_create else None)
    new_token = None
    if posted and may_create and form.is_valid():
        made = run_action(form, lambda: issue_token(user, **form.cleaned_data))
        if made is not None:
            new_token = made[1]
            form = TokenForm()
    context = {
        "nav": "api",
        "form": form,
        "tokens": ApiToken.objects.filter(user=user),
        "new_token": new_token,
        "may_create": may_create,
    }
    if not may_create:
        context["second_factor_url"], context["has_app"] = second_factor_url(request, "api_tokens")
    return render(request, "api/tokens.html", context, status=403 if posted and not may_create else 200)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request).user
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    if revoke_token(user, token):
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")
