# SPDX-License-Identifier: AGPL-3.0-or-later
from ninja import Router

router = Router()
