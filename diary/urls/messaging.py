"""Conversations, announcements and polls (D5)."""

from django.urls import path

from diary.views import messages as views

urlpatterns = [
    path("messages/", views.message_list, name="message-list"),
    path("messages/new/", views.message_create, name="message-create"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
    path("messages/<int:pk>/reply/", views.message_reply, name="message-reply"),
    path("announcements/", views.announcement_list, name="announcement-list"),
    path("announcements/new/", views.announcement_create, name="announcement-create"),
    path(
        "announcements/<int:pk>/",
        views.announcement_detail,
        name="announcement-detail",
    ),
    path(
        "announcements/<int:pk>/withdraw/",
        views.announcement_withdraw,
        name="announcement-withdraw",
    ),
    path("polls/", views.poll_list, name="poll-list"),
    path("polls/new/", views.poll_create, name="poll-create"),
    path("polls/<int:pk>/", views.poll_detail, name="poll-detail"),
    path("polls/<int:pk>/vote/", views.poll_vote, name="poll-vote"),
    path("polls/<int:pk>/close/", views.poll_close, name="poll-close"),
]
