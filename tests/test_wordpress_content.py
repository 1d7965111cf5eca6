"""How WordPress post content, comments and slugs are converted on import (no database needed)."""

from types import SimpleNamespace

import pytest

from wordpress.attachments import original_name, uploaded_file
from wordpress.autop import autop
from wordpress.content import comment_text, convert, plain_text
from wordpress.slugs import readable_slug

FLAG = SimpleNamespace(pk=7, file=SimpleNamespace(name="images/flag.jpg"))


def find_flag(attributes):
    return FLAG if "flag" in attributes.get("src", "") else None


def test_autop_makes_paragraphs_of_blank_lines_and_line_breaks_of_single_ones():
    assert autop("One line\nand the next.\n\nA new paragraph.") == (
        "<p>One line<br />\nand the next.</p>\n<p>A new paragraph.</p>\n"
    )


def test_autop_leaves_block_elements_unwrapped():
    html = autop("Before\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\nAfter\n<h2>Heading</h2>")
    assert "<p><ul>" not in html and "<li>One</li>" in html and "<p><li>" not in html
    assert "<p>Before</p>" in html and "<p>After</p>" in html and "<h2>Heading</h2>" in html
    assert "<br />" not in html


def test_autop_puts_a_quotations_paragraphs_inside_it():
    assert autop("<blockquote>Said once.\n\nSaid twice.</blockquote>") == (
        "<blockquote><p>Said once.</p>\n<p>Said twice.</p></blockquote>\n"
    )


def test_autop_keeps_preformatted_text_and_line_breaks_inside_tags_as_they_are():
    html = autop('<pre>a\n\nb</pre>\n\n<a href="/x"\ntitle="y">link</a>')
    assert "<pre>a\n\nb</pre>" in html
    assert '<p><a href="/x"\ntitle="y">link</a></p>' in html


def test_autop_of_nothing_is_nothing():
    assert autop("  \n ") == ""


def test_classic_content_gets_paragraphs():
    assert convert("First.\n\nSecond,\nwith a break.").html == (
        "<p>First.</p>\n<p>Second,<br>\nwith a break.</p>\n"
    )


def test_block_editor_content_loses_its_block_comments_and_is_not_rewrapped():
    content = '<!-- wp:paragraph -->\n<p>One.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator {"a":1} /-->'
    assert convert(content).html == "\n<p>One.</p>\n"


def test_a_caption_shortcode_becomes_a_figure_with_its_caption():
    content = (
        '[caption id="attachment_7" align="alignnone" width="300"]<a href="https://old.example/wp-content/uploads/'
        '2024/05/flag.jpg"><img class="wp-image-7" src="https://old.example/wp-content/uploads/2024/05/'
        'flag-300x200.jpg" alt="Flag" /></a> The flag at <em>dawn</em>[/caption]'
    )
    result = convert(content, find_flag)
    assert result.html == (
        '<figure><img src="images/flag.jpg" alt="Flag" data-file="7">'
        "<figcaption>The flag at <em>dawn</em></figcaption></figure>\n"
    )
    assert result.images_found == 1


def test_an_older_caption_given_as_an_attribute_is_kept():
    result = convert(
        '[caption caption="Old &amp; styled"]<img src="/wp-content/uploads/flag.jpg" />[/caption]', find_flag
    )
    assert "<figcaption>Old &amp; styled</figcaption>" in result.html


def test_an_image_inside_a_paragraph_stands_in_a_figure_before_it():
    result = convert(
        'Text before <img src="https://old.example/wp-content/uploads/flag.jpg" alt="Flag"> and after.',
        find_flag,
    )
    assert result.html.startswith(
        '<figure><img src="images/flag.jpg" alt="Flag" data-file="7"></figure><p>Text before'
    )


def test_a_paragraph_left_empty_by_its_image_goes():
    result = convert(
        '<a href="/wp-content/uploads/flag.jpg"><img src="/wp-content/uploads/flag.jpg" alt=""></a>',
        find_flag,
    )
    assert result.html == '<figure><img src="images/flag.jpg" alt="" data-file="7"></figure>\n'


def test_images_not_in_the_library_are_counted_and_left_for_the_sanitiser():
    result = convert('<p>See <img src="https://elsewhere.example/x.png"></p>', find_flag)
    assert result.images_missing == 1 and result.images_found == 0


def test_media_shortcodes_are_left_out_and_counted_but_bracketed_text_stays():
    result = convert('He said [sic] twice.\n\n[gallery ids="1,2"]\n\n[video src="a.mp4"][/video]')
    assert "[sic]" in result.html and "gallery" not in result.html and "video" not in result.html
    assert result.left_out == {"gallery": 1, "video": 1}


def test_embeds_become_links():
    assert (
        convert("[embed]https://video.example/v/1[/embed]").html.count('<a href="https://video.example/v/1">')
        == 1
    )
    assert '<a href="https://video.example/v/2">' in convert("https://video.example/v/2").html
    block = (
        '<!-- wp:embed --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://video.example/v/3\n</div></figure><!-- /wp:embed -->"
    )
    assert '<a href="https://video.example/v/3">' in convert(block).html


def test_comment_markup_becomes_plain_text_with_link_addresses_written_out():
    assert comment_text('Nice!<br />See <a href="https://x.example/a">this</a> &amp; <b>that</b>.') == (
        "Nice!\nSee this (https://x.example/a) & that."
    )
    assert comment_text("<p>One</p><p>Two</p>\n\n\n\nThree") == "One\n\nTwo\n\nThree"


def test_plain_text_drops_markup_and_decodes_entities():
    assert plain_text("Harbour &amp; <em>Shipping</em>") == "Harbour & Shipping"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("港口的春天", "gang-kou-de-chun-tian"),
        ("Zürich café", "zurich-cafe"),
        ("Москва", "moskva"),
        ("한국어", "han-gug-eo"),
        ("iPhone 中国", "iphone-zhong-guo"),
        ("ferry-returns", "ferry-returns"),
    ],
)
def test_slugs_in_other_scripts_become_readable_ascii(text, slug):
    assert readable_slug(text, 100) == slug


def test_a_long_slug_is_cut_at_a_hyphen():
    assert readable_slug("one two three four", 12) == "one-two"


def test_resized_copies_are_traced_to_their_upload():
    assert (
        uploaded_file("https://old.example/wp-content/uploads/2024/05/a%20b-300x200.jpg")
        == "2024/05/a b-300x200.jpg"
    )
    assert original_name("2024/05/photo-1024x683.jpg") == "2024/05/photo.jpg"
    assert original_name("2024/05/photo-scaled.jpg") == "2024/05/photo.jpg"
    assert original_name("2024/05/photo-e1581234567890-300x200.jpg") == "2024/05/photo.jpg"
    assert original_name("2024/05/the-1920s.jpg") == "2024/05/the-1920s.jpg"
