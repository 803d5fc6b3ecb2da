# SPDX-License-Identifier: AGPL-3.0-or-later
"""Login, the second factor, and the pages shown when a request is refused."""

import base64

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from forlob.accounts import actions
from forlob.accounts.forms import OtpForm
from forlob.audit.models import SecurityEvent
from forlob.audit.security import record
from forlob.common.views import next_url


class ForlobLoginView(LoginView):
    """The login page: user name and password when local login is on, and/or the button for
    the municipality's single sign-on."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "local_login": settings.LOCAL_LOGIN,
            "oidc_enabled": settings.OIDC_ENABLED,
        }

    def get_redirect_url(self) -> str:
        return next_url(self.request, "")


def _check_code(request: HttpRequest, form: OtpForm, device: TOTPDevice) -> bool:
    """True when the code is right; otherwise the form says why and the attempt is logged."""
    allowed, _details = device.verify_is_allowed()
    if allowed and device.verify_token(form.cleaned_data["token"].strip()):
        return True
    record(SecurityEvent.Kind.OTP_FAILED, request)
    if not allowed:
        form.add_error("token", _("Too many wrong codes. Wait a little, then try again."))
    else:
        form.add_error("token", _("The code is wrong or has expired. Try again with a new code."))
    return False


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('otp_setup')}?{request.GET.urlencode()}")
    after = next_url(request, settings.LOGIN_REDIRECT_URL)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(request, form, device):
        otp_login(request, device)
        return redirect(after)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": after})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("otp_verify")
    device = actions.start_second_factor(request.user)  # type: ignore[arg-type]
    after = next_url(request, settings.LOGIN_REDIRECT_URL)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(request, form, device):
        actions.confirm_second_factor(request.user, device)  # type: ignore[arg-type]
        otp_login(request, device)
        return redirect(after)
    context = {
        "form": form,
        "next": after,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/otp_setup.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    record(SecurityEvent.Kind.CSRF_FAILED, request)
    return render(request, "accounts/refused.html", {"reason": "csrf"}, status=403)


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/refused.html", {"reason": "locked", "minutes": minutes}, status=429)


def _only_with_oidc(view):
    def wrapped(request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request)

    return wrapped


oidc_init = _only_with_oidc(OIDCAuthenticationRequestView.as_view())
oidc_callback = _only_with_oidc(OIDCAuthenticationCallbackView.as_view())
