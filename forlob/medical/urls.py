# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.medical import views

urlpatterns = [
    path("forloeb/<int:pk>/medicin/ny/", views.medication_create, name="medication_create"),
    path("medicin/<int:pk>/stop/", views.medication_stop, name="medication_stop"),
    path("forloeb/<int:pk>/afrusning/ny/", views.detox_create, name="detox_create"),
    path("afrusning/<int:pk>/afslut/", views.detox_end, name="detox_end"),
    path("medicin/udlevering/", views.dispensing_list, name="dispensing_list"),
    path("medicin/udlevering/<int:pk>/registrer/", views.dispensing_register, name="dispensing_register"),
]
