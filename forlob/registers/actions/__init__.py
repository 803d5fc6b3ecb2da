# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of national registration: the answers on a course, the monthly submission, the
return tables."""
