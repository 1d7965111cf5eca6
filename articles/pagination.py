from django.core.paginator import Paginator
from django.utils.functional import cached_property

MAX_PAGES = 50


class BoundedPaginator(Paginator):
    """Numbered pages over the newest articles only, at most MAX_PAGES of them.

    Deep pages cost the database the most and serve readers the least: older articles are reached
    through date archives. Counting stops at the bound, so a page's count query stays cheap too.
    """

    max_pages = MAX_PAGES

    @cached_property
    def _bounded_count(self):
        limit = self.max_pages * self.per_page
        # Unordered: which rows make up the bound does not change how many there are, and without the
        # sort the database stops at the bound instead of sorting every match first.
        return self.object_list.order_by()[: limit + 1].count(), limit

    @cached_property
    def count(self):
        found, limit = self._bounded_count
        return min(found, limit)

    @property
    def truncated(self):
        """True when there are more articles than the numbered pages show."""
        found, limit = self._bounded_count
        return found > limit


def page_numbers(page):
    """The page links a list shows: the first and last pages, and two either side of the current one."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2)


class NumberedPagesMixin:
    """For a paginated ListView: hands its template the page links to show."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["is_paginated"]:
            context["page_numbers"] = page_numbers(context["page_obj"])
        return context
