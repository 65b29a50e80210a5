"""The API reference lists every public name, under its public path, with a docstring.

The site is built once (``mkdocs build --strict`` into a temporary directory) and its
``objects.inv`` read back: mkdocstrings writes one line per object it rendered, so a name
that is exported but not rendered (an alias it could not resolve, a module its directive
forgot) is missing there even when the build itself is green.

The docstring checks need no build: ruff's ``D1`` rules cover the public modules, but skip
private modules entirely, and most public classes are defined in one (``bizhours._calendar``,
``bizhours.sla._case``, ...), so those are checked here through the public modules.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import importlib
import inspect
import os
import re
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_MODULES = (
    "bizhours",
    "bizhours.sla",
    "bizhours.availability",
    "bizhours.batch",
    "bizhours.config",
    "bizhours.durations",
    "bizhours.ics",
    "bizhours.sql",
    "bizhours.strategies",
    "bizhours.testing.reference",
    "bizhours.errors",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of an ``objects.inv``: ``name domain:role priority uri dispname``."""

    name: str
    role: str
    priority: int
    uri: str


def read_inventory(path: Path) -> dict[str, Entry]:
    """The entries of a Sphinx inventory (version 2): four header lines, then zlib lines."""
    lines = path.read_bytes().split(b"\n", 4)
    assert lines[0] == b"# Sphinx inventory version 2", lines[0]
    entries: dict[str, Entry] = {}
    for line in zlib.decompress(lines[4]).decode("utf-8").splitlines():
        # The name is everything before the role; the display name may contain spaces.
        match = re.fullmatch(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
        assert match, line
        name, role, priority, uri, _display = match.groups()
        if uri.endswith("$"):  # "$" abbreviates the name itself
            uri = uri[:-1] + name
        entries[name] = Entry(name, role, int(priority), uri)
    return entries


def exported(module: ModuleType) -> list[str]:
    """A module's public names: its ``__all__``, or else the names it defines at top level
    (functions, classes, assignments) that do not start with an underscore."""
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    defined: list[str] = []
    for node in tree.body:  # top level only: TYPE_CHECKING blocks and imports are not API
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.append(node.name)
        elif isinstance(node, ast.Assign):
            defined += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.append(node.target.id)
    return [n for n in defined if not n.startswith("_")]


def public_names() -> list[tuple[str, object]]:
    """``(public path, object)`` for every exported name of every public module."""
    out: list[tuple[str, object]] = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        out += [(f"{module_name}.{n}", getattr(module, n)) for n in exported(module)]
    return out


def own_members(cls: type) -> dict[str, object]:
    """The public functions and properties ``cls`` defines itself (not inherited)."""
    members: dict[str, object] = {}
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        if isinstance(value, property):
            value = value.fget
        if inspect.isfunction(value):
            members[name] = value
    return members


# -- docstrings (no build needed) ---------------------------------------------------------


def test_every_public_module_name_and_member_has_a_docstring() -> None:
    missing = [m for m in PUBLIC_MODULES if not inspect.getdoc(importlib.import_module(m))]
    for path, obj in public_names():
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # constants and modules: the module's own docstring covers them
        if not (inspect.getdoc(obj) or "").strip():
            missing.append(path)
        if inspect.isclass(obj):
            missing += [f"{path}.{name}" for name, fn in own_members(obj).items()
                        if not (getattr(fn, "__doc__", None) or "").strip()]
    assert missing == []


def test_every_exception_is_public_in_errors() -> None:
    errors = importlib.import_module("bizhours.errors")
    classes = [n for n, v in vars(errors).items()
               if isinstance(v, type) and issubclass(v, BaseException)
               and v.__module__ == errors.__name__]
    assert classes, "bizhours.errors defines no exception"
    assert set(classes) <= set(exported(errors))


# -- the built site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly (any warning fails) into a temporary directory."""
    pytest.importorskip("mkdocs")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
    return out


@pytest.fixture(scope="module")
def inventory(site: Path) -> dict[str, Entry]:
    """The built site's ``objects.inv``."""
    return read_inventory(site / "objects.inv")


@pytest.fixture(scope="module")
def api_html(site: Path) -> str:
    """The API reference page as built."""
    return (site / "api" / "index.html").read_text(encoding="utf-8")


def rendered_at(inventory: dict[str, Entry], path: str) -> bool:
    """Whether ``path`` was rendered under that very path (a primary entry, anchored there),
    not only registered as another path's alias."""
    entry = inventory.get(path)
    return entry is not None and entry.priority == 1 and entry.uri.endswith(f"#{path}")


def test_every_public_module_is_in_the_reference(inventory: dict[str, Entry]) -> None:
    assert [m for m in PUBLIC_MODULES if not rendered_at(inventory, m)] == []


def test_every_exported_name_is_in_the_reference(inventory: dict[str, Entry]) -> None:
    missing = [path for path, _ in public_names() if not rendered_at(inventory, path)]
    assert missing == []


def test_the_calendar_function_is_in_the_reference(inventory: dict[str, Entry]) -> None:
    # It once shadowed a module of the same name and was silently left out.
    assert rendered_at(inventory, "bizhours.calendar")
    assert inventory["bizhours.calendar"].role == "py:function"


def is_alias(path: str, obj: type) -> bool:
    """A second name of a class (``sla.ResponseStatus``): its members are listed under the
    class's own name."""
    return obj.__name__ != path.rsplit(".", 1)[1]


def test_class_members_fields_and_enum_members_are_listed(inventory: dict[str, Entry]) -> None:
    missing: list[str] = []
    for path, obj in public_names():
        if not inspect.isclass(obj) or is_alias(path, obj):
            continue
        members = list(own_members(obj))
        if dataclasses.is_dataclass(obj):
            members += [f.name for f in dataclasses.fields(obj) if not f.name.startswith("_")]
        if issubclass(obj, enum.Enum):
            members += list(obj.__members__)
        missing += [f"{path}.{m}" for m in members if not rendered_at(inventory, f"{path}.{m}")]
    assert missing == []


def test_nothing_is_rendered_under_a_private_path(inventory: dict[str, Entry]) -> None:
    # Private modules' paths may be registered, pointing at the public path's anchor; no
    # object is rendered under one, nor is any __init__ (it is merged into its class).
    # bizhours.__version__ is public, by its convention's dunder name.
    private = [e.name for e in inventory.values() if e.priority == 1
               and e.name != "bizhours.__version__"
               and any(part.startswith("_") for part in e.name.split("."))]
    assert private == []


def signature_after(html: str, path: str) -> str:
    """The text of the signature rendered right below ``path``'s heading ("" if none)."""
    start = html.find(f'id="{path}"')
    assert start >= 0, path
    block = re.search(r'<div class="doc-signature[^"]*">(.*?)</div>|<div class="doc doc-contents',
                      html[start:], re.DOTALL)
    return re.sub(r"<[^>]+>", "", block.group(1) or "") if block else ""


def test_classes_show_their_constructor_signature(api_html: str) -> None:
    unshown: list[str] = []
    for path, obj in public_names():
        if not inspect.isclass(obj) or is_alias(path, obj) or not any(
            "__init__" in vars(c) for c in obj.__mro__ if c.__module__.startswith("bizhours")
        ):
            continue  # no constructor of its own to show (an exception taking a message)
        parameters = [p for p in inspect.signature(obj).parameters if p not in ("self",)]
        shown = signature_after(api_html, path)
        if not shown.startswith(path.rsplit(".", 1)[1]) or any(p not in shown
                                                                for p in parameters):
            unshown.append(f"{path}{inspect.signature(obj)}: {shown!r}")
    assert unshown == []


def test_no_private_base_class_is_shown(api_html: str) -> None:
    # Each base is shown by name, with its full path in a title (or a link's target).
    bases = "".join(re.findall(r"Bases:(.*?)</p>", api_html, re.DOTALL))
    assert bases, "the errors section shows its hierarchy"
    paths = re.findall(r'(?:title|href)="[\s#]*([^"]*)"', bases)
    names = re.sub(r"<[^>]+>", " ", bases).replace(",", " ").split()
    assert [n for n in paths + names if re.search(r"(^|[\s.(])_", n)] == []
