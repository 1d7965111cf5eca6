"""Reading rendered pages the way a browser or a screen reader would: elements, visible text, labels."""

from html.parser import HTMLParser

# Attributes whose values a reader sees or hears.
READABLE_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attributes) in document order
        self.texts = []
        self._skipping = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag in {"script", "style", "template"}:
            self._skipping += 1
        self.texts.extend(value for name, value in attributes.items() if name in READABLE_ATTRIBUTES)
        if tag == "meta" and attributes.get("name") == "description":
            self.texts.append(attributes.get("content", ""))
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.texts.append(attributes.get("value", ""))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(data.strip())

    def find_all(self, tag, **attributes):
        """Elements with this tag whose attributes include these (class_ for class, underscores for dashes)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and all(attrs.get(key) == value for key, value in wanted.items())
        ]

    def tags(self):
        return [name for name, _ in self.elements]
