"""The news lists' excerpts, made cheap: Material's blog converts a post's whole Markdown each
time it lists the post (the news list, its archive and its category: three times a post) and
then keeps what comes before `<!-- more -->`.

Once the post's own page is rendered, its Markdown is cut to what the excerpt can show: the
part before the separator, a stand-in after it (so the list still links "Đọc tiếp"), and the
definitions anywhere in the post that the part before it may use (reference links
`[x]: url`, abbreviations `*[BHXH]: …`). The lists come out the same; the conversions are of a
few lines instead of a whole article.
"""

from __future__ import annotations

import re

SEPARATOR = "<!-- more -->"  # Material's default `post_excerpt_separator`
# The rest of a post stands for itself in the list only by being there ("Đọc tiếp").
REST = "…"
_DEFINITION = re.compile(r"^ {0,3}(\[[^\]\n]+\]:\s|\*\[[^\]\n]+\]:)")


def for_lists(markdown: str, separator: str = SEPARATOR) -> str:
    """The Markdown a list needs of a post: the same excerpt, and "more" where there was."""
    head, found, rest = markdown.partition(separator)
    if not found or not rest.strip():
        return markdown
    definitions = [line for line in rest.splitlines() if _DEFINITION.match(line)]
    return "\n\n".join([head.rstrip("\n"), separator, REST, *definitions]) + "\n"
