"""
The body's rich-text editor: headings, paragraphs, bold and italics, links, lists, quotes and library images,
never raw HTML.

Everything these extensions produce is allowed by `articles/sanitize.py` (a test holds the two together), so what
an editor sees in the widget is what readers get.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

EDITOR_EXTENSIONS = {
    # The headline is the page's h1, so sections start at h2.
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    # Images come from the library, picked in a pop-up; the sanitiser keeps no other image.
    "Figure": {"pickerUrl": reverse_lazy("admin:images_image_chooser")},
    "Image": True,
    "Caption": True,
    "Placeholder": {"placeholder": _("Write the story…")},
}


def body_form_field(**kwargs):
    """The body's form field: the editor widget, with sanitising left to Article.set_body()."""
    return ProseEditorFormField(
        config={"extensions": EDITOR_EXTENSIONS}, widget=AdminProseEditorWidget, **kwargs
    )
