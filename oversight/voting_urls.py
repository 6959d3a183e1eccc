"""Pages of 满意度测评 / 票决, under /voting/."""

from __future__ import annotations

from django.urls import path

from oversight.views import vote_decisions
from oversight.views import voting as views

app_name = "voting"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_new, name="new"),
    path("mine/", views.my_rounds, name="mine"),
    path("decisions/", vote_decisions.decision_list, name="decisions"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/items/", views.round_add_item, name="add_item"),
    path("<int:pk>/reviewers/", views.round_reviewers, name="reviewers"),
    path("<int:pk>/open/", views.round_open, name="open"),
    path("<int:pk>/close/", views.round_close, name="close"),
    path("<int:pk>/publish/", views.round_publish, name="publish"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/done/", views.done, name="done"),
    path("<int:pk>/results/", views.results, name="results"),
]
