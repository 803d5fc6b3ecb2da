# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.appointments import views

urlpatterns = [
    path("kalender/", views.my_calendar, name="my_calendar"),
    path("kalender/enhed/<int:unit_id>/", views.unit_calendar, name="unit_calendar"),
    path("kalender/abonnement/", views.feed_settings, name="feed_settings"),
    path("kalender/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("forloeb/<int:pk>/aftaler/", views.appointment_plan, name="appointment_plan"),
    path("aftaler/<int:pk>/fremmoede/", views.appointment_attendance, name="appointment_attendance"),
    path("aftaler/<int:pk>/aflys/", views.appointment_cancel, name="appointment_cancel"),
    path("aftaleserier/<int:pk>/afslut/", views.series_end, name="series_end"),
]
