"""mkdocs hook: docstring examples (``>>>`` lines and their output) render as ``pycon`` code.

Docstrings here carry their example as bare doctest lines, with no ``Examples:`` section
around them; in Markdown those lines would read as nested block quotes and reference links.
Neither the Google docstring parser nor a Markdown extension fences them, so this does.

Missing docstrings are not this hook's business: ruff's ``D1`` rules cover the public
modules, and tests/docs/test_api_reference.py the public names re-exported from private
modules (which ruff skips).
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority


class _DoctestFences(Preprocessor):
    """Fence ``>>>`` examples (and their output, up to a blank line) as ``pycon`` code."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fenced = in_example = False
        for line in lines:
            stripped = line.lstrip()
            if in_example and not stripped:
                out += ["```", ""]
                in_example = False
            if stripped.startswith(("```", "~~~")) and not in_example:
                fenced = not fenced
            if not fenced and not in_example and stripped.startswith(">>>"):
                out += ["", "```pycon"]
                in_example = True
            out.append(line)
        if in_example:
            out.append("```")
        return out


class DoctestFences(Extension):
    """The Markdown extension registering ``_DoctestFences``."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_DoctestFences(md), "doctest_fences", 40)


@event_priority(100)  # before mkdocstrings reads the extensions in its own on_config
def on_config(config: Any) -> Any:
    """Add the doctest fences to the site's (and so mkdocstrings') Markdown extensions."""
    config.markdown_extensions.append(DoctestFences())
    return config
