"""Sending the comment form as a reader's browser would, for the comment tests."""

from django.urls import reverse

from comments.protection import form_token

# What a browser sends with a form posted from one of the site's own pages.
SAME_ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def form_data(article, **fields):
    return {
        "name": "Ada Reader",
        "email": "ada@example.org",
        "website": "",
        "body": "A thoughtful comment.",
        "token": form_token(article.pk),
        "parent": "",
        "subject": "",
        **fields,
    }


def send_comment(client, article, headers=SAME_ORIGIN, **fields):
    return client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        form_data(article, **fields),
        headers=headers,
    )
