from django.urls import path

from . import thread_views

app_name = "themes"

urlpatterns = [
    path("", thread_views.ThemeListView.as_view(), name="theme_list"),
    path("<int:pk>/", thread_views.ThemeDetailView.as_view(), name="theme_detail"),
]
