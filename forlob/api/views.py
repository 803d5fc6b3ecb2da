# SPDX-License-Identifier: AGPL-3.0-or-later
"""A user's own API tokens: make one (shown once), see when each was last used and when it
expires, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.api.actions import issue_token
from forlob.api.forms import TokenForm
from forlob.api.models import ApiToken
from forlob.common.views import actor_of, run_action


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        made = run_action(form, lambda: issue_token(actor_of(request).user, **form.cleaned_data))
        if made is not None:
            new_token = made[1]
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=actor_of(request).user)
    return render(request, "api/tokens.html", {"nav": "api", "form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
@transaction.atomic
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_for_update(), pk=pk, user=actor_of(request).user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")
