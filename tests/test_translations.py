"""English and Simplified Chinese: compiled catalogues that match their sources, and a Chinese site with no
English left in its interface."""

import gettext
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.template import loader
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from pages.default_pages import create_default_pages
from tests.bulk import publish_many
from tests.factories import make_article, make_author, make_section, make_topic
from tests.page_html import Page
from tests.po_files import LOCALE_DIR, compiled_catalog, placeholders, read_po

CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def test_every_shipped_language_has_a_catalogue():
    shipped = {path.parent.parent.name for path in CATALOGUES}
    assert shipped == {translation.to_locale(code) for code, _ in settings.LANGUAGES}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_compiled_catalogue_matches_its_source(po_path):
    """The committed .mo is what the site runs on: it must say exactly what the .po says."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: compile the catalogue and commit it"
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    source = read_po(po_path)
    expected = compiled_catalog(source)
    header, expected_header = compiled._catalog.pop("", ""), expected.pop("", "")
    assert compiled._catalog == expected, f"{mo_path.name} is stale: recompile {po_path}"
    plural_forms = re.search(r"Plural-Forms: (.*)", expected_header).group(1)
    assert f"Plural-Forms: {plural_forms}" in header


def test_the_chinese_catalogue_is_complete_and_keeps_every_placeholder():
    entries = read_po(LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po")
    for entry in entries:
        if not entry.msgid:
            continue
        assert "fuzzy" not in entry.flags, entry.msgid
        assert all(entry.msgstr.values()), f"untranslated: {entry.msgid!r}"
        wanted = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural or ""))
        for text in entry.msgstr.values():
            assert set(placeholders(text)) == wanted, entry.msgid


def test_the_comment_area_uses_the_reference_sites_chinese_wording():
    with translation.override("zh-hans"):
        assert translation.gettext("Leave a reply") == "发表回复"
        assert translation.gettext("Your email address will not be published.") == "您的邮箱地址不会被公开。"
        assert translation.gettext("Required fields are marked *") == "必填项已用 * 标注"
        assert translation.gettext("Comments") == "评论"


@pytest.mark.parametrize(
    ("value", "works"), [("zh-hans", True), ("zh-Hans", True), ("en", True), ("fr", False)]
)
def test_language_code_must_be_a_shipped_language(value, works):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "true",
            "LANGUAGE_CODE": value,
            "PATH": "",
        },
        cwd=LOCALE_DIR.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode == 0) == works, result.stderr
    if not works:
        assert "LANGUAGE_CODE must be one of: en, zh-hans." in result.stderr


SITE_NAME_ZH = "新闻编辑室"
EMAIL = re.compile(r"[\w.+-]+@[\w.-]+")
# Written in Latin letters in Chinese too.
LOANWORDS = re.compile(r"\b(Cookie|RSS|Atom)\b")


def english_left(html):
    """Every visible or spoken piece of the page that still contains Latin letters (e-mail addresses and
    loanwords aside)."""
    return [
        text for text in Page(html).texts if re.search(r"[A-Za-z]", LOANWORDS.sub("", EMAIL.sub("", text)))
    ]


@pytest.fixture
def chinese_site(db):
    with override_settings(LANGUAGE_CODE="zh-hans", SITE_NAME=SITE_NAME_ZH):
        FlatPage.objects.all().delete()
        with translation.override("zh-hans"):
            create_default_pages(FlatPage, Site.objects.get(), SITE_NAME_ZH, "desk@example.com")
        section = make_section(name="国际", slug="world")
        authors = [
            make_author(name=name, slug=slug)
            for name, slug in [("李文", "li"), ("王芳", "wang"), ("张伟", "zhang")]
        ]
        topic = make_topic(name="气候", slug="climate")
        publish_many(section, 25, authors=authors[:1], topics=[topic])
        published = timezone.now() - timedelta(days=1)
        article = make_article(
            section=section,
            authors=authors,
            topics=[topic],
            headline="河水上涨",
            slug="rivers-rise",
            standfirst="沿河城镇做好准备。",
            body="<h2>发生了什么</h2><p>洪水来了。</p><h2>接下来</h2><p>加固堤坝。</p>",
            published_at=published,
            updated_at=published + timedelta(hours=2),
        )
        from articles.models import Article

        Article.objects.exclude(pk=article.pk).update(headline="旧闻", standfirst="")
        yield {"section": section, "author": authors[0], "topic": topic, "article": article}


@pytest.mark.parametrize(
    "url",
    [
        lambda site: reverse("articles:home"),
        lambda site: site["section"].get_absolute_url(),
        lambda site: site["section"].get_absolute_url() + "?page=2",
        lambda site: site["author"].get_absolute_url(),
        lambda site: site["topic"].get_absolute_url(),
        lambda site: site["article"].get_absolute_url(),
        lambda site: "/pages/about/",
        lambda site: "/pages/contact/",
        lambda site: "/pages/privacy/",
        lambda site: "/nowhere/at-all/",
        lambda site: reverse("articles:archive"),
        lambda site: reverse("articles:search") + "?q=河水",
    ],
    ids=[
        "home",
        "section",
        "section page 2",
        "author",
        "topic",
        "article",
        "about",
        "contact",
        "privacy",
        "404",
        "archive",
        "search",
    ],
)
def test_a_chinese_site_shows_no_english(client, chinese_site, url):
    response = client.get(url(chinese_site))
    assert response.status_code in {200, 404}
    assert Page(response.text).find_all("html", lang="zh-hans")
    assert english_left(response.text) == []


def test_the_chinese_article_page_reads_in_chinese(client, chinese_site):
    texts = Page(client.get(chinese_site["article"].get_absolute_url()).text).texts
    for text in ["作者", "李文", "、", "和", "发布于", "更新于", "目录", "话题"]:
        assert text in texts, text
    assert any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}", text) for text in texts)


def test_the_chinese_server_error_page_shows_no_english():
    with override_settings(LANGUAGE_CODE="zh-hans", SITE_NAME=SITE_NAME_ZH), translation.override("zh-hans"):
        html = loader.get_template("500.html").render()
    assert english_left(html) == []
    assert "出错了" in Page(html).texts
