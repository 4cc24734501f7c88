from django.urls import path

from . import staff_views as views

app_name = "strategies_staff"

urlpatterns = [
    path("", views.StrategyListView.as_view(), name="strategy_list"),
    path("new/", views.StrategyCreateView.as_view(), name="strategy_create"),
    path("<int:pk>/", views.StrategyDetailView.as_view(), name="strategy_detail"),
    path("<int:pk>/edit/", views.StrategyUpdateView.as_view(), name="strategy_update"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="strategy_publish"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="strategy_withdraw"),
    path("<int:pk>/approve/", views.ApproveView.as_view(), name="strategy_approve"),
    path(
        "<int:pk>/new-version/",
        views.NewVersionView.as_view(),
        name="strategy_new_version",
    ),
    path(
        "<int:pk>/priorities/new/",
        views.PriorityFormView.as_view(),
        name="priority_create",
    ),
    path(
        "<int:pk>/priorities/<int:priority_pk>/edit/",
        views.PriorityFormView.as_view(),
        name="priority_update",
    ),
    path(
        "<int:pk>/priorities/<int:priority_pk>/remove/",
        views.PriorityDeleteView.as_view(),
        name="priority_delete",
    ),
    path(
        "<int:pk>/documents/new/",
        views.DocumentFormView.as_view(),
        name="document_create",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        views.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path("<int:pk>/easy-read/", views.EasyReadView.as_view(), name="easy_read"),
    path(
        "<int:pk>/easy-read/new/",
        views.EasyReadSectionFormView.as_view(),
        name="easy_read_section_create",
    ),
    path(
        "<int:pk>/easy-read/<int:section_pk>/edit/",
        views.EasyReadSectionFormView.as_view(),
        name="easy_read_section_update",
    ),
    path(
        "<int:pk>/easy-read/<int:section_pk>/move/",
        views.EasyReadSectionMoveView.as_view(),
        name="easy_read_section_move",
    ),
    path(
        "<int:pk>/easy-read/<int:section_pk>/remove/",
        views.EasyReadSectionRemoveView.as_view(),
        name="easy_read_section_remove",
    ),
    path("<int:pk>/themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("<int:pk>/themes/new/", views.ThemeFormView.as_view(), name="theme_create"),
    path(
        "<int:pk>/themes/copy/",
        views.CodingFrameCopyView.as_view(),
        name="coding_frame_copy",
    ),
    path(
        "<int:pk>/themes/<int:theme_pk>/edit/",
        views.ThemeFormView.as_view(),
        name="theme_update",
    ),
    path(
        "<int:pk>/themes/<int:theme_pk>/merge/",
        views.ThemeMergeView.as_view(),
        name="theme_merge",
    ),
    path(
        "<int:pk>/themes/<int:theme_pk>/retire/",
        views.ThemeRetireView.as_view(),
        name="theme_retire",
    ),
]
