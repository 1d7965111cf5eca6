from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("<slug:section>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.article_detail, name="article"),
]
