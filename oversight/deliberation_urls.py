"""Pages of 审议意见 (Workflow 2), under /deliberation/."""

from __future__ import annotations

from django.urls import path

from oversight.views import deliberation as views

app_name = "deliberation"
urlpatterns = [
    path("", views.opinion_list, name="list"),
    path("new/", views.opinion_new, name="new"),
    path("mine/", views.my_items, name="mine"),
    path("<int:pk>/", views.opinion_detail, name="detail"),
    path("<int:pk>/issue/", views.opinion_issue, name="issue"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/plan/", views.plan, name="plan"),
    path("items/<int:pk>/report/", views.report, name="report"),
    path("items/<int:pk>/escalation/", views.escalation, name="escalation"),
    path("reports/<int:pk>/sign/", views.sign, name="sign"),
    path("reports/<int:pk>/comment/", views.comment, name="comment"),
    path("reports/<int:pk>/send-to-vote/", views.send_to_vote, name="send_to_vote"),
]
