# SPDX-License-Identifier: AGPL-3.0-or-later
"""Coordinated action plans in the API."""

from ninja import Router

router = Router(tags=["Koordinerende indsatsplaner"])
