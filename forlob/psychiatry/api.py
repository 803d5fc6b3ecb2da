# SPDX-License-Identifier: AGPL-3.0-or-later
"""Psychiatric pathway in the API."""

from ninja import Router

router = Router(tags=["Psykiatri"])
