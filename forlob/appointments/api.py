# SPDX-License-Identifier: AGPL-3.0-or-later
"""Appointments in the API."""

from ninja import Router

router = Router(tags=["Aftaler"])
