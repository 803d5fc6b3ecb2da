# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment in the API."""

from ninja import Router

router = Router(tags=["Medicinsk behandling"])
