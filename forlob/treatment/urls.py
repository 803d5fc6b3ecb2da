from django.urls import path

from forlob.treatment import group_views, journal_views, views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("henvendelser/ny/", views.request_create, name="request_create"),
    path("henvendelser/<int:pk>/", views.request_detail, name="request_detail"),
    path("borgere/<int:pk>/henvis/", views.citizen_refer, name="citizen_refer"),
    path("visitation/", views.visitation_queue, name="visitation_queue"),
    path("kontaktoensker/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("forloeb/", views.course_list, name="course_list"),
    path("forloeb/nyt/", views.course_create, name="course_create"),
    path("forloeb/<int:pk>/", views.course_detail, name="course_detail"),
    path("forloeb/<int:pk>/plan/", views.course_plan, name="course_plan"),
    path("forloeb/<int:pk>/samtaler/", views.session_create, name="session_create"),
    path("forloeb/<int:pk>/afslut/", views.course_discharge, name="course_discharge"),
    path("forloeb/<int:pk>/journal/", journal_views.course_journal, name="course_journal"),
    path("forloeb/<int:pk>/journal/udskrift/", journal_views.course_journal_print, name="course_journal_print"),
    path("borgere/<int:pk>/journal/", journal_views.citizen_journal, name="citizen_journal"),
    path("borgere/<int:pk>/journal/udskrift/", journal_views.citizen_journal_print, name="citizen_journal_print"),
    path("samtaler/<int:pk>/fremmoede/", views.session_attendance, name="session_attendance"),
    path("samtaler/<int:pk>/notat/", journal_views.session_note, name="session_note"),
    path("import/forloeb/", views.course_import, name="course_import"),
    path("grupper/", group_views.group_list, name="group_list"),
    path("grupper/ny/", group_views.group_create, name="group_create"),
    path("grupper/<int:pk>/", group_views.group_detail, name="group_detail"),
    path("grupper/<int:pk>/medlemmer/", group_views.group_add_member, name="group_add_member"),
    path("grupper/<int:pk>/moeder/", group_views.group_session, name="group_session"),
    path("grupper/medlemskab/<int:pk>/afslut/", group_views.group_remove_member, name="group_remove_member"),
]
