"""
A small tree for rewriting body HTML: parse, walk, change, serialise. Standard library only.

It is not a browser's parser: nh3 cleans whatever passes through here before and after, so the tree only has
to be good enough to reshape markup, never to make it safe.
"""

from html import escape
from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)

INLINE_ELEMENTS = frozenset(
    {"a", "abbr", "b", "code", "em", "i", "mark", "s", "small", "span", "strong", "sub", "sup", "u"}
)


class Element:
    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = []
        self.parent = None

    def __repr__(self):
        return f"<Element {self.tag} {self.attrs!r}>"

    def append(self, node):
        if isinstance(node, Element):
            node.parent = self
        self.children.append(node)

    def elements(self):
        """Every element below this one, in document order. Safe to change the tree while iterating."""
        for child in list(self.children):
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def text(self, *, between_blocks=""):
        """The text inside, with `between_blocks` where a block (a paragraph, a list item, a line break) ends."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                separator = "" if child.tag in INLINE_ELEMENTS else between_blocks
                parts += [separator, child.text(between_blocks=between_blocks), separator]
        return "".join(parts)

    def replace_with(self, *nodes):
        siblings = self.parent.children
        index = next(i for i, sibling in enumerate(siblings) if sibling is self)
        for node in nodes:
            if isinstance(node, Element):
                node.parent = self.parent
        siblings[index : index + 1] = nodes

    def unwrap(self):
        """Remove the element, keeping what it contained."""
        self.replace_with(*self.children)

    def remove(self):
        self.replace_with()

    def wrap_children(self, tag):
        wrapper = Element(tag)
        for child in self.children:
            wrapper.append(child)
        self.children = []
        self.append(wrapper)


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        # Close up to the matching open element; a stray end tag closes nothing.
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].append(data)

    # Comments, declarations and processing instructions are dropped: Word's conditional comments live there.


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialize(node):
    if isinstance(node, str):
        return escape(node, quote=False)
    inner = "".join(serialize(child) for child in node.children)
    if node.tag == "#root":
        return inner
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in node.attrs.items())
    if node.tag in VOID_ELEMENTS:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"
