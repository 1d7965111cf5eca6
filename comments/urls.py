from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("posted/<str:token>/", views.posted, name="posted"),
    path("started/", views.started, name="started"),
    path("reply/<int:comment_id>/", views.reply, name="reply"),
    path("article/<int:article_id>/page/<int:number>/", views.thread_page, name="page"),
]
