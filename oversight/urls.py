from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from oversight.views import (
    deputy,
    home,
    inbox,
    profile,
    progress,
    public,
    staff,
    staff_actions,
    staff_boards,
    staff_import,
    staff_review,
    stats,
    suggestions,
    todo,
    unit,
)
from oversight.views import exports as export_views

staff_patterns = [
    path("", staff.workbench, name="workbench"),
    path("intake/", staff.intake, name="intake"),
    path("import/", staff_import.import_sheet, name="import"),
    path("import/template.xlsx", staff_import.import_template_download, name="import_template"),
    path("submitted/", staff.submitted, name="submitted"),
    path("suggestions/", staff.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/register/", staff.register, name="register"),
    path("suggestions/<int:pk>/return/", staff.return_suggestion, name="return"),
    path("suggestions/<int:pk>/assign/", staff.assign, name="assign"),
    path("suggestions/<int:pk>/key/", staff.key, name="key"),
    path("suggestions/<int:pk>/link/<int:other>/", staff.link, name="link"),
    path("suggestions/<int:pk>/similar/", staff.similar, name="similar"),
    path("suggestions/<int:pk>/supervise/", staff.supervise, name="supervise"),
    path("overdue/", staff_boards.overdue, name="overdue"),
    path("due-soon/", staff_boards.due_soon, name="due_soon"),
    path("replies/", staff_review.review_list, name="review_list"),
    path("replies/<int:pk>/review/", staff_review.review, name="review"),
    path("replies/<int:pk>/publish/", staff_review.publish, name="publish"),
    path("requests/", staff_review.requests, name="requests"),
    path("assignments/<int:pk>/decide-return/", staff_review.decide_return, name="decide_return"),
    path("extensions/<int:pk>/decide/", staff_review.decide_extension, name="decide_extension"),
    path("assignments/<int:pk>/waive-contact/", staff_actions.waive_contact, name="waive_contact"),
    path("assignments/<int:pk>/waive-co-opinion/", staff_actions.waive_co_opinion, name="waive_co_opinion"),
    path("assignments/<int:pk>/conclude/", staff_actions.conclude, name="conclude"),
    path("suggestions/<int:pk>/close-off/", staff_actions.close_off, name="close_off"),
    path("commitments/<int:pk>/fulfil/", staff_actions.commitment_fulfil, name="commitment_fulfil"),
    path("commitments/<int:pk>/close/", staff_actions.commitment_close, name="commitment_close"),
]

unit_patterns = [
    path("", unit.work, name="work"),
    path("assignments/<int:pk>/", unit.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/accept/", unit.accept, name="accept"),
    path("assignments/<int:pk>/return/", unit.request_return, name="request_return"),
    path("assignments/<int:pk>/extension/", unit.request_extension, name="request_extension"),
    path("assignments/<int:pk>/contact/", unit.contact, name="contact"),
    path("assignments/<int:pk>/co-opinion/", unit.co_opinion, name="co_opinion"),
    path("assignments/<int:pk>/reply/", unit.reply, name="reply"),
    path("signoff/", unit.signoff_list, name="signoff"),
    path("replies/<int:pk>/", unit.reply_detail, name="reply_detail"),
    path("replies/<int:pk>/edit/", unit.reply_edit, name="reply_edit"),
    path("replies/<int:pk>/sign/", unit.sign, name="sign"),
    path("replies/<int:pk>/send-back/", unit.send_back, name="send_back"),
    path("commitments/", unit.commitments, name="commitments"),
    path("commitments/<int:pk>/progress/", unit.progress, name="progress"),
]

deputy_patterns = [
    path("", deputy.mine, name="mine"),
    path("submit/", deputy.submit, name="submit"),
    path("replies/<int:pk>/rate/", deputy.rate, name="rate"),
]

public_patterns = [
    path("replies/", public.replies, name="replies"),
    path("replies/<int:pk>/", public.reply_detail, name="reply"),
    path("stats/", stats.public_figures, name="stats"),
    path("opinions/", public.opinions, name="opinions"),
    path("opinions/<int:pk>/", public.opinion_detail, name="opinion"),
    path("voting/", public.vote_results, name="vote_results"),
    path("voting/<int:pk>/", public.vote_result_detail, name="vote_result"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("suggestions/<int:pk>/", suggestions.detail, name="suggestion"),
    path("suggestions/<int:pk>/progress/", progress.progress_page, name="progress"),
    path("progress/<int:pk>/file/", progress.progress_file, name="progress_file"),
    path("staff/", include((staff_patterns, "staff"))),
    path("unit/", include((unit_patterns, "unit"))),
    path("deputy/", include((deputy_patterns, "deputy"))),
    path("public/", include((public_patterns, "public"))),
    path("reviewer/", include(([path("", home.reviewer_home, name="home")], "reviewer"))),
    path("todo/", todo.todo_page, name="todo"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("accounts/profile/", profile.profile, name="profile"),
    path("deliberation/", include("oversight.deliberation_urls")),
    path("voting/", include("oversight.voting_urls")),
    path("stats/", include("oversight.stats_urls")),
    path("exports/<slug:kind>.xlsx", export_views.export_list, name="export_list"),
    path("inbox/<int:pk>/open/", inbox.open_notification, name="inbox_open"),
    path("inbox/read-all/", inbox.mark_all_read, name="inbox_read_all"),
]
