# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.registers import views

urlpatterns = [
    path("forloeb/<int:pk>/registrering/", views.course_answers, name="register_answers"),
]
