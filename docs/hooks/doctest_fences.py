"""mkdocs hooks: a public name without a docstring is a warning, so ``mkdocs build --strict``
fails on it, as it does on a broken link; and docstring examples (``>>>``) render as code.

The public names are each documented module's ``__all__`` (or, without one, its names not
starting with ``_`` that are defined in bizhours), and the public methods and properties of
the classes among them.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.docstrings")

MODULES = ("bizhours", "bizhours.sla", "bizhours.availability", "bizhours.config",
           "bizhours.durations", "bizhours.ics")


def _public(module: Any) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    return [n for n, v in vars(module).items() if not n.startswith("_")
            and getattr(v, "__module__", "").startswith("bizhours")]


def _missing(obj: Any) -> bool:
    return not (inspect.getdoc(obj) or "").strip()


def on_pre_build(config: Any) -> None:
    """Warn about every public function, class, method or property without a docstring."""
    for name in MODULES:
        module = importlib.import_module(name)
        if _missing(module):
            log.warning("module %s has no docstring", name)
        for attr in _public(module):
            obj = getattr(module, attr)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if _missing(obj):
                log.warning("%s.%s has no docstring", name, attr)
            if not inspect.isclass(obj):
                continue
            for member, value in vars(obj).items():
                if member.startswith("_"):
                    continue
                if isinstance(value, property | staticmethod | classmethod):
                    value = getattr(value, "fget", None) or value.__func__
                if inspect.isfunction(value) and not (value.__doc__ or "").strip():
                    log.warning("%s.%s.%s has no docstring", name, attr, member)


class _DoctestFences(Preprocessor):
    """Fence ``>>>`` examples (and their output, up to a blank line) as ``pycon`` code: in
    Markdown they would otherwise read as nested block quotes and reference links."""

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
