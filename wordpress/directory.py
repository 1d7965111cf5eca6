"""WordPress's authors, categories and tags as authors, sections and topics (and user accounts when asked)."""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Max

from articles.models import Author, Section, Topic
from wordpress import wxr
from wordpress.content import plain_text
from wordpress.models import WordPressId, digest_of
from wordpress.slugs import numbered, readable_slug

USERNAME_CHARACTERS = re.compile(r"[^\w.@+-]")


def free_slug(model, wanted, fallback, taken=lambda slug: False):
    """A slug for a new `model` row: `wanted` made readable, numbered while another row (or `taken`) has it."""
    max_length = model._meta.get_field("slug").max_length
    base = readable_slug(wanted, max_length) or fallback
    slug, number = base, 1
    while taken(slug) or model.objects.filter(slug=slug).exists():
        number += 1
        slug = numbered(base, number, max_length)
    return slug


def reserved_for_site(slug):
    """Section slugs the site's own addresses use (search, archive, the admin's ...)."""
    try:
        Section(slug=slug).clean()
    except ValidationError:
        return True
    return False


class Directory:
    """Authors, sections and topics by the names the export's items use for them (logins and slugs)."""

    def __init__(self, report, addresses, create_users=False):
        self.report = report
        self.addresses = addresses
        self.create_users = create_users
        self.authors = {}  # login → Author
        self.sections = {}  # category slug → Section (a child category's is its top-level category's)
        self.topics = {}  # tag slug → Topic
        self.sections_by_id = {}  # category wp_id → Section

    # Authors

    def add_authors(self, authors):
        for author in authors:
            self.authors[author.login] = self._author(author)

    def author(self, login):
        """The author of an item: one the export listed, else one made from the login alone."""
        if login not in self.authors:
            self.authors[login] = self._author(wxr.Author(None, login, "", login, "", ""))
        return self.authors[login]

    def _author(self, record):
        name = plain_text(record.display_name) or plain_text(f"{record.first_name} {record.last_name}")
        name = (name or record.login)[: Author._meta.get_field("name").max_length]
        known = WordPressId.objects.find(WordPressId.Kind.AUTHOR, record.wp_id) if record.wp_id else None
        digest = digest_of({"name": name})
        if known is not None:
            author = known.author
            self._renew(author, "authors", known, {"name": name}, digest)
        else:
            slug = readable_slug(name, Author._meta.get_field("slug").max_length)
            author = Author.objects.filter(slug=slug).first() if slug else None
            if author is None:
                author = Author.objects.create(
                    name=name, slug=free_slug(Author, name, f"author-{record.wp_id}")
                )
                self.report.count("authors", "added")
            else:
                self.report.count("authors", "unchanged")
            if record.wp_id:
                WordPressId.objects.remember(
                    WordPressId.Kind.AUTHOR, record.wp_id, author, digest, record.login
                )
        if self.create_users:
            self._link_user(author, record)
        self.addresses.author(record.login, author)
        return author

    def _link_user(self, author, record):
        User = get_user_model()
        username = USERNAME_CHARACTERS.sub("-", record.login)[:150]
        user = User.objects.filter(username=username).first()
        if user is None:
            # No password and no staff status: an administrator gives the roles and the password.
            user = User(
                username=username,
                email=record.email,
                first_name=plain_text(record.first_name)[:150],
                last_name=plain_text(record.last_name)[:150],
            )
            user.set_unusable_password()
            user.save()
            self.report.count("users", "added")
        else:
            self.report.count("users", "unchanged")
        if author.user_id is None and not Author.objects.filter(user=user).exists():
            author.user = user
            author.save(update_fields=["user"])

    # Sections and topics

    def add_terms(self, terms):
        categories = {term.slug: term for term in terms if term.taxonomy == "category"}
        for term in terms:
            if term.taxonomy not in {"category", "post_tag"}:
                self.report.skip(f"terms of the “{term.taxonomy}” taxonomy")
        # Top-level categories first: nested ones are flattened into them.
        for term in sorted(categories.values(), key=lambda term: bool(term.parent_slug)):
            chain = self._chain(term, categories)
            top = categories[chain[0]]
            section = self.sections.get(top.slug) or self._section(top)
            self.sections[term.slug] = section
            if term.wp_id:
                self.sections_by_id[term.wp_id] = section
                if term is not top:
                    self._flattened(term, section)
            self.addresses.category(chain, section)
        for term in terms:
            if term.taxonomy == "post_tag":
                self.topics[term.slug] = self._topic(term)

    def section(self, slug, name):
        """The section of a category an item names, made on the spot when the export did not list it."""
        if slug not in self.sections:
            self.sections[slug] = self._section(wxr.Term("category", None, slug, name))
        return self.sections[slug]

    def topic(self, slug, name):
        if slug not in self.topics:
            self.topics[slug] = self._topic(wxr.Term("post_tag", None, slug, name))
        return self.topics[slug]

    @staticmethod
    def _flattened(term, section):
        """A nested category's id leads to the section it was flattened into."""
        known = WordPressId.objects.find(WordPressId.Kind.CATEGORY, term.wp_id)
        digest = digest_of({"flattened into": section.pk})
        if known is None or known.digest != digest:
            WordPressId.objects.remember(
                WordPressId.Kind.CATEGORY, term.wp_id, section, digest, term.slug, known
            )

    @staticmethod
    def _chain(term, categories):
        """The slugs from the category's top-level ancestor down to it."""
        chain = [term.slug]
        while (parent := categories[chain[0]].parent_slug) in categories and parent not in chain:
            chain.insert(0, parent)
        return chain

    def _section(self, term):
        fields = {
            "name": plain_text(term.name)[: Section._meta.get_field("name").max_length] or term.slug,
            "description": plain_text(term.description),
        }
        digest = digest_of(fields)
        known = WordPressId.objects.find(WordPressId.Kind.CATEGORY, term.wp_id) if term.wp_id else None
        if known is not None:
            section = known.section
            self._renew(section, "sections", known, fields, digest)
            return section
        max_length = Section._meta.get_field("slug").max_length
        section = Section.objects.filter(slug=readable_slug(term.slug, max_length) or None).first()
        if section is None:
            slug = free_slug(
                Section, term.slug or term.name, f"section-{term.wp_id}", taken=reserved_for_site
            )
            position = (Section.objects.aggregate(last=Max("position"))["last"] or 0) + 1
            section = Section.objects.create(slug=slug, position=position, **fields)
            self.report.count("sections", "added")
        else:
            self.report.count("sections", "unchanged")
        if term.wp_id:
            WordPressId.objects.remember(WordPressId.Kind.CATEGORY, term.wp_id, section, digest, term.slug)
        return section

    def _topic(self, term):
        name = plain_text(term.name)[: Topic._meta.get_field("name").max_length] or term.slug
        digest = digest_of({"name": name})
        known = WordPressId.objects.find(WordPressId.Kind.TAG, term.wp_id) if term.wp_id else None
        if known is not None:
            topic = known.topic
            self._renew(topic, "topics", known, {"name": name}, digest)
        else:
            max_length = Topic._meta.get_field("slug").max_length
            topic = Topic.objects.filter(slug=readable_slug(term.slug, max_length) or None).first()
            if topic is None:
                topic = Topic.objects.create(
                    name=name, slug=free_slug(Topic, term.slug or name, f"topic-{term.wp_id}")
                )
                self.report.count("topics", "added")
            else:
                self.report.count("topics", "unchanged")
            if term.wp_id:
                WordPressId.objects.remember(WordPressId.Kind.TAG, term.wp_id, topic, digest, term.slug)
        self.addresses.tag(term.slug, topic)
        return topic

    def _renew(self, record, kind, known, fields, digest):
        """Write `fields` to a record imported before, unless the export gives what the last import wrote."""
        if known.digest == digest:
            self.report.count(kind, "unchanged")
            return
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
        known.digest = digest
        known.save(update_fields=["digest", "imported_at"])
        self.report.count(kind, "updated")
