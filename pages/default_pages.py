"""The static pages every newsroom site starts with. Editors rewrite them in the admin afterwards."""

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

# The comment form's privacy notice links here, so this page must always exist.
PRIVACY_URL = "/privacy/"


def html(*blocks):
    """Paragraphs and h2 headings, escaped: ("h2", text) or plain text for a paragraph."""
    return format_html_join(
        "\n",
        "<{0}>{1}</{0}>",
        ((block[0], block[1]) if isinstance(block, tuple) else ("p", block) for block in blocks),
    )


def default_pages(site_name, contact_email):
    """(url, title, content) of About, Contact and Privacy, in the active language."""
    contact = format_html('<a href="mailto:{0}">{0}</a>', contact_email)
    return [
        (
            "/about/",
            _("About us"),
            html(
                _(
                    "%(site)s is an independent news site. We report on the world, technology, business and "
                    "science, and we publish every article with the names of the people who wrote it."
                )
                % {"site": site_name},
                ("h2", _("How we work")),
                _(
                    "Every story is edited before it is published. When we change an article after publication "
                    "in a way that matters to its meaning, we mark it as updated and show the time."
                ),
                ("h2", _("Your comments")),
                _(
                    "Readers can comment under most articles. Comments are moderated: we publish disagreement, "
                    "but not abuse, spam or anything unlawful."
                ),
            ),
        ),
        (
            "/contact/",
            _("Contact"),
            html(
                format_html(
                    _("To reach the newsroom, write to {address}. We read every message."), address=contact
                ),
                ("h2", _("Corrections")),
                _(
                    "If you find a mistake in one of our articles, tell us which article and what is wrong. "
                    "We correct errors promptly and say so on the article."
                ),
                ("h2", _("News tips")),
                _(
                    "If you know something we should report, write to us. Tell us how to reach you; we protect "
                    "the identity of our sources."
                ),
            ),
        ),
        (
            PRIVACY_URL,
            _("Privacy"),
            html(
                _(
                    "%(site)s does not use advertising, analytics or tracking, and its pages load nothing from "
                    "other websites."
                )
                % {"site": site_name},
                ("h2", _("When you comment")),
                _(
                    "We store the name, e-mail address and website you give, your comment, the time, and the "
                    "network address and browser it was sent from. Your e-mail address is never published; we "
                    "use it only to contact you about your comment. The network address and browser help us "
                    "fight spam and abuse; we erase them %(days)d days after you comment."
                )
                % {"days": settings.COMMENTS_IP_ADDRESS_DAYS},
                _(
                    "Comments are checked by moderators, who may also correct a comment’s text; each edit is recorded."
                ),
                ("h2", _("Your data")),
                _(
                    "Write to us from your e-mail address and we send you a copy of everything we store about "
                    "it, or erase it. Erasing deletes your comments that are not on the site. Your published "
                    "comments either stay without your name, e-mail address, website and network address, or "
                    "are deleted, as you choose. A comment that others replied to stays in its place so that "
                    "their replies still make sense, without your name and, if you chose deletion, without its "
                    "text."
                ),
                ("h2", _("Cookies")),
                _(
                    "Reading the site sets no cookies. If you ask the comment form to remember your details, "
                    "they are kept in your own browser’s storage and sent to us only with a comment. Editors "
                    "who sign in receive a session cookie."
                ),
                ("h2", _("Questions")),
                format_html(_("For any question about your data, write to {address}."), address=contact),
            ),
        ),
    ]


def create_default_pages(FlatPage, site, site_name, contact_email):
    """Create the pages that are missing; pages that exist are the editors' and stay as they are."""
    for url, title, content in default_pages(site_name, contact_email):
        page, created = FlatPage.objects.get_or_create(url=url, defaults={"title": title, "content": content})
        if created:
            page.sites.add(site)
