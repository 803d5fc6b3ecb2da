# SPDX-License-Identifier: AGPL-3.0-or-later
"""Django's SQLite backend, except that the database file is made only by ``migrate``."""
