import threading

import pytest
from django.db import connection
from django.test import Client, TransactionTestCase

from comments.models import Comment
from tests.comment_forms import send_comment
from tests.factories import make_article, make_comment


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; the race needs PostgreSQL"
)
class ConcurrentPostsTests(TransactionTestCase):
    # Restore what migrations created (groups, pages) for the transactional tests that come after.
    serialized_rollback = True

    def post_together(self, article, bodies, parent=None):
        barrier = threading.Barrier(len(bodies))
        statuses = []

        def post(body):
            try:
                barrier.wait(timeout=10)
                fields = {"body": body, "parent": str(parent.pk) if parent else ""}
                statuses.append(send_comment(Client(), article, **fields).status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        return statuses

    def test_two_readers_posting_at_the_same_moment_are_both_stored(self):
        article = make_article()
        statuses = self.post_together(article, ["First at once.", "Second at once."])
        self.assertEqual(statuses, [302, 302])
        self.assertEqual(
            set(Comment.objects.values_list("body", flat=True)), {"First at once.", "Second at once."}
        )

    def test_two_replies_to_one_comment_at_the_same_moment_are_both_stored(self):
        article = make_article()
        parent = make_comment(article)
        statuses = self.post_together(article, ["Reply one.", "Reply two."], parent=parent)
        self.assertEqual(statuses, [302, 302])
        self.assertEqual(set(Comment.objects.filter(parent=parent).values_list("depth", flat=True)), {1})
        self.assertEqual(Comment.objects.filter(parent=parent).count(), 2)
