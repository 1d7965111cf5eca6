import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django_prose_editor.config import allowlist_from_extensions
from hypothesis import given
from hypothesis import strategies as st

from articles.body import prepare_body
from articles.editor import EDITOR_EXTENSIONS
from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, sanitize

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<p>text<script>document.cookie</script></p>",
    '<img src="x" onerror="alert(1)">',
    '<p onclick="alert(1)" onmouseover="alert(2)">click</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="  javascript:alert(1)">link</a>',
    '<a href="java&#09;script:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<style>body { display: none }</style><p>visible</p>",
    '<p style="position:fixed;top:0;background:url(javascript:alert(1))">styled</p>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
    "<template><script>alert(1)</script></template>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></p></noscript>",
    "<!--<script>alert(1)</script>-->",
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<video><source onerror="alert(1)"></video>',
    '<p id="csrf_token" class="admin">clobber</p>',
    "<scr<script>ipt>alert(1)</script>",
    '<a href="https://example.com" target="_blank" onfocus="alert(1)" autofocus>ok</a>',
]
EXECUTABLE = re.compile(
    r"<\s*(script|style|iframe|object|embed|svg|math|link|meta|base|form|input|img|template)\b"
    r"|\son\w+\s*="
    r"|\s(style|id|class|srcdoc|target)\s*="
    r"|javascript:|vbscript:|data:",
    re.IGNORECASE,
)


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_comes_out_with_nothing_executable(html):
    assert not EXECUTABLE.search(sanitize(html))


def test_script_and_style_are_dropped_with_their_content():
    assert (
        sanitize("<p>Keep</p><script>alert('gone')</script><style>p { color: red }</style>") == "<p>Keep</p>"
    )


def test_a_link_with_an_unsafe_address_keeps_only_its_text():
    assert sanitize('<p>Read <a href="javascript:alert(1)">this</a>.</p>') == "<p>Read this.</p>"


def test_safe_links_keep_their_address_and_get_a_safe_rel():
    html = sanitize(
        '<p><a href="https://example.com/a?b=1&amp;c=2" title="Source">web</a> '
        '<a href="mailto:desk@example.com">mail</a> <a href="/world/">here</a></p>'
    )
    assert html == (
        '<p><a href="https://example.com/a?b=1&amp;c=2" title="Source" rel="noopener noreferrer">web</a> '
        '<a href="mailto:desk@example.com" rel="noopener noreferrer">mail</a> '
        '<a href="/world/" rel="noopener noreferrer">here</a></p>'
    )


def test_the_editors_structure_passes_unchanged():
    html = (
        "<h2>Section</h2><p>Some <strong>bold</strong>, <em>italic</em>, CO<sub>2</sub> and m<sup>2</sup>.<br>"
        "Next line.</p><ul><li><p>One</p></li><li><p>Two</p></li></ul><ol><li><p>First</p></li></ol>"
        "<blockquote><p>Quoted.</p></blockquote><hr><h3>Sub</h3><h4>Minor</h4>"
    )
    assert sanitize(html) == html


def test_text_that_looks_like_markup_stays_escaped():
    assert (
        sanitize("<p>1 &lt; 2 &amp;&amp; &lt;script&gt;</p>") == "<p>1 &lt; 2 &amp;&amp; &lt;script&gt;</p>"
    )


def test_an_editor_cannot_choose_heading_ids():
    assert sanitize('<h2 id="main">Heading</h2>') == "<h2>Heading</h2>"


def test_headings_outside_the_articles_range_are_moved_into_it():
    assert (
        sanitize("<h1>Top</h1><h5>Small</h5><h6>Smaller</h6>") == "<h2>Top</h2><h4>Small</h4><h4>Smaller</h4>"
    )


def test_empty_paragraphs_headings_and_loose_line_breaks_are_dropped():
    assert sanitize("<p></p><p>&nbsp;</p><p> <br> </p><h2> </h2><br><p>Text</p>") == "<p>Text</p>"


def test_a_heading_nested_in_a_heading_becomes_one_heading():
    assert sanitize("<p><h1><a><h1>words") == "<h2>words</h2>"
    assert sanitize("<h2>Title <ul><li>item</li></ul></h2>") == "<h2>Title item</h2>"


def test_an_empty_editor_saves_an_empty_body():
    assert sanitize("<p></p>") == ""
    assert sanitize(None) == ""


WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=Generator content="Microsoft Word 15"><title>Report</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri",sans-serif;} --></style></head>
<body lang=EN-GB style='tab-interval:36.0pt'><div class=WordSection1>
<h1><a name="_Toc1"></a><span lang=EN-GB>Harbour report</span></h1>
<p class=MsoNormal><b><span style='font-size:12.0pt'>Bold lead</span></b><span style='font-size:12.0pt'>
and <i>italic</i> words.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>First point<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>Second point<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span>Step one<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span>Step two<o:p></o:p></p>
</div></body></html>"""


def test_pasted_word_markup_is_cleaned_to_the_allowed_structure():
    html = sanitize(WORD_PASTE)
    assert " ".join(html.split()) == (
        "<h2>Harbour report</h2> <p><strong>Bold lead</strong> and <em>italic</em> words.</p> "
        "<ul><li>First point</li><li>Second point</li></ul> <ol><li>Step one</li><li>Step two</li></ol>"
    )


GOOGLE_DOCS_PASTE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-3f2a">'
    '<h1 dir="ltr" style="line-height:1.38;margin-top:20pt"><span style="font-size:20pt;font-weight:400">'
    "Shore power</span></h1>"
    '<p dir="ltr" style="line-height:1.38"><span style="font-weight:700;font-style:normal">Ports</span>'
    '<span style="font-weight:400"> plug in, </span><span style="font-style:italic">quietly</span>'
    '<span style="font-weight:700;font-style:italic"> and fast</span>, cutting NO'
    '<span style="vertical-align:sub">2</span>.</p><br>'
    '<ul style="margin-top:0;margin-bottom:0"><li dir="ltr" style="list-style-type:disc">'
    '<p dir="ltr" role="presentation"><span style="font-weight:400">Cables</span></p></li></ul>'
    '<p dir="ltr"><a href="https://example.com/report" style="text-decoration:none">'
    '<span style="color:#1155cc;text-decoration:underline">the report</span></a></p></b>'
)


def test_pasted_google_docs_markup_keeps_its_emphasis_without_the_bold_wrapper():
    assert sanitize(GOOGLE_DOCS_PASTE) == (
        "<h2>Shore power</h2>"
        "<p><strong>Ports</strong> plug in, <em>quietly</em><strong><em> and fast</em></strong>, "
        "cutting NO<sub>2</sub>.</p>"
        "<ul><li><p>Cables</p></li></ul>"
        '<p><a href="https://example.com/report" rel="noopener noreferrer">the report</a></p>'
    )


def test_the_editor_cannot_produce_a_tag_the_sanitiser_strips():
    editor_tags = allowlist_from_extensions(EDITOR_EXTENSIONS)["tags"]
    assert editor_tags <= ALLOWED_TAGS


def test_sanitising_twice_changes_nothing():
    once = sanitize(WORD_PASTE + GOOGLE_DOCS_PASTE + "".join(HOSTILE))
    assert sanitize(once) == once


class StructureCollector(HTMLParser):
    """Every tag and attribute in a piece of HTML, read by the standard library's parser."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes |= {(tag, name, value) for name, value in attrs}


def structure(html):
    collector = StructureCollector()
    collector.feed(html)
    collector.close()
    return collector


FRAGMENT_TAGS = ["p", "h1", "h2", "h5", "a", "b", "span", "ul", "li", "o:p", "div", "script", "style", "img"]
FRAGMENT_TAGS += ["svg", "iframe", "math", "template", "noscript", "textarea", "table", "td"]
FRAGMENT_ATTRIBUTES = [
    'onclick="alert(1)"',
    'href="javascript:alert(1)"',
    'href="https://example.com/?a=1&b=2"',
    'href="data:text/html,x"',
    'src="x" onerror="alert(1)"',
    'style="font-weight:700;font-style:italic"',
    "style='mso-list:l0 level1 lfo1'",
    "style='mso-list:Ignore'",
    'id="main"',
    'class="MsoNormal"',
]
FRAGMENT_TEXT = ["words", "<", ">", "&", "&amp;", '"', "'", "<!--", "-->", " ", "&nbsp;", "港口", "·", "1."]
markup = st.recursive(
    st.sampled_from(FRAGMENT_TEXT),
    lambda inner: st.builds(
        lambda tag, attributes, children, closed: (
            f"<{tag} {' '.join(attributes)}>{''.join(children)}" + (f"</{tag}>" if closed else "")
        ),
        st.sampled_from(FRAGMENT_TAGS),
        st.lists(st.sampled_from(FRAGMENT_ATTRIBUTES), max_size=3),
        st.lists(inner, max_size=4),
        st.booleans(),
    ),
    max_leaves=25,
)


@given(markup)
def test_any_markup_comes_out_as_allowed_tags_attributes_and_addresses_only(html):
    found = structure(sanitize(html))
    assert found.tags <= ALLOWED_TAGS
    for tag, name, value in found.attributes:
        assert name in ALLOWED_ATTRIBUTES.get(tag, set()) or (tag, name) == ("a", "rel")
        if name == "href":
            assert urlsplit(value).scheme in URL_SCHEMES | {""}


@given(markup)
def test_preparing_a_prepared_body_again_changes_nothing(html):
    prepared = prepare_body(html)
    assert prepare_body(prepared.html) == prepared
