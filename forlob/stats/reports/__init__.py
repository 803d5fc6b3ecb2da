# SPDX-License-Identifier: AGPL-3.0-or-later
"""The statistics reports, a module per family: each aggregates in the database for a scope the
user may see (``forlob.stats.scopes``) and returns its tables already suppressed
(``forlob.stats.report``). Screen, CSV, XLSX, PDF and API all render these tables.

- ``courses``: end reasons, courses started and completed, courses for relatives and families
- ``guarantee``: the 14-day treatment guarantee, and its breaches person by person
- ``children``: children living with citizens in treatment
- ``family``: evidence of family-oriented treatment (the offer, children in sessions, actions)
- ``breakdown``: by age group, sex, target group and referral source
- ``activity``: sessions held and attendance
- ``method_place``: sessions by place and method, and the sessions before a course
- ``screening``: screening at intake
- ``psychiatry``: the psychiatric pathway: assessments, letters to the own doctor, referrals
- ``medical``: the share of courses with medical treatment
- ``outcomes``: change during treatment
- ``prevention``: prevention activities and their participants
- ``training``: key-person training
- ``follow_up``: the reach rate of follow-ups
"""
