from django.urls import path

from forlob.citizens import views

urlpatterns = [
    path("", views.citizen_list, name="citizen_list"),
    path("ny/", views.citizen_create, name="citizen_create"),
    path("<int:pk>/", views.citizen_detail, name="citizen_detail"),
    path("<int:pk>/rediger/", views.citizen_edit, name="citizen_edit"),
    path("<int:pk>/cpr/", views.citizen_reveal_cpr, name="citizen_reveal_cpr"),
    path("<int:pk>/maalgrupper/", views.target_group_add, name="target_group_add"),
    path("maalgrupper/<int:pk>/afslut/", views.target_group_end, name="target_group_end"),
]
