"""/api/v1/ routes.

How to add an endpoint (voting, deliberation, …):
1. Write a viewset in ``oversight/api/views/<domain>.py`` whose ``get_queryset`` starts from
   ``<Model>.objects.visible_to(self.request.user)`` (invisible objects must answer 404) and
   whose writes are ``@action(detail=True, methods=["post"])`` methods that call one service.
2. Append one ``router.register(...)`` line below.
3. Add a row per action to ``tests/api/matrix.py`` (role × own/other object → status code);
   ``tests/api/test_permission_matrix.py`` fails for any route without a row.
"""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from oversight.api import deliberation as deliberation_api
from oversight.api import stats as stats_api
from oversight.api import vote_decisions as vote_decisions_api
from oversight.api import voting as voting_api
from oversight.api.views import (
    assignments,
    auth,
    downloads,
    progress,
    public,
    reference,
    replies,
    suggestions,
    tracking,
)

router = DefaultRouter()
router.include_format_suffixes = False
router.register("sessions", reference.SessionViewSet, basename="session")
router.register("categories", reference.CategoryViewSet, basename="category")
router.register("units", reference.UnitViewSet, basename="unit")
router.register("deputies", reference.DeputyViewSet, basename="deputy")
router.register("users", reference.UserViewSet, basename="user")
router.register("suggestions", suggestions.SuggestionViewSet, basename="suggestion")
router.register("assignments", assignments.AssignmentViewSet, basename="assignment")
router.register("extensions", assignments.ExtensionViewSet, basename="extension")
router.register("replies", replies.ReplyViewSet, basename="reply")
router.register("feedback", replies.FeedbackViewSet, basename="feedback")
router.register("commitments", replies.CommitmentViewSet, basename="commitment")
router.register("supervision", tracking.SupervisionViewSet, basename="supervision")
router.register("progress-reports", progress.ProgressReportViewSet, basename="progress-report")
router.register("deadlines", tracking.DeadlineViewSet, basename="deadline")
router.register("inbox", tracking.InboxViewSet, basename="inbox")
router.register("public/replies", public.PublicReplyViewSet, basename="public-reply")
router.register("opinions", deliberation_api.OpinionViewSet, basename="opinion")
router.register("opinion-items", deliberation_api.OpinionItemViewSet, basename="opinion-item")
router.register("followup-reports", deliberation_api.FollowUpReportViewSet, basename="followup-report")
router.register("voting-rounds", voting_api.VotingRoundViewSet, basename="voting-round")
router.register("auth/tokens", auth.ApiTokenViewSet, basename="auth-tokens")
router.register("vote-decisions", vote_decisions_api.VoteDecisionViewSet, basename="vote-decision")

app_name = "api"
urlpatterns = [
    path("auth/token/", auth.TokenLoginView.as_view(), name="auth-token"),
    path("auth/token/revoke/", auth.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("auth/me/", auth.MeView.as_view(), name="auth-me"),
    path("attachments/<int:pk>/download/", downloads.AttachmentDownloadView.as_view(), name="attachment-download"),
    path(
        "report-attachments/<int:pk>/download/",
        downloads.ReportAttachmentDownloadView.as_view(),
        name="report-attachment-download",
    ),
    path("stats/", stats_api.StatsView.as_view(), name="stats"),
    path("stats/public/", stats_api.PublicStatsView.as_view(), name="stats-public"),
    path("stats/export/", stats_api.StatsTableExportView.as_view(), name="stats-export"),
    *(
        path(f"exports/{kind}.xlsx", view.as_view(), name=f"export-{kind}")
        for kind, view in stats_api.EXPORT_VIEWS.items()
    ),
    path("", include(router.urls)),
]
