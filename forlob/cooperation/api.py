# SPDX-License-Identifier: AGPL-3.0-or-later
"""Cooperation agreements in the API."""

from ninja import Router

router = Router(tags=["Samarbejdsaftaler"])
