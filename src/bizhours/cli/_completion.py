"""``bizhours completion bash|zsh``: the shell completion script, drawn from the parser (so a
new option completes without a second list to keep).

>>> from bizhours.cli import build_parser
>>> "complete -o filenames -F _bizhours bizhours" in completion_script(build_parser(), "bash")
True
"""

from __future__ import annotations

import argparse
import shlex

from bizhours.cli._options import FORMATS
from bizhours.cli._output import out

_NONE = '""'  # the case pattern of no subcommand yet
_BASH = """\
# bash completion for bizhours: source <(bizhours completion bash)
_bizhours() {{
    local cur prev cmd i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            {commands_case}) cmd="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "$prev" in
{values}
    esac
    local opts
    case "$cmd" in
{options}
    esac
    if [[ "$cmd" == completion && "$cur" != -* ]]; then
        COMPREPLY=($(compgen -W "bash zsh" -- "$cur"))
    elif [[ -z "$cmd" && "$cur" != -* ]]; then
        COMPREPLY=($(compgen -W "{commands}" -- "$cur"))
    elif [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
complete -o filenames -F _bizhours bizhours
"""

_ZSH = """\
#compdef bizhours
# zsh completion for bizhours: source <(bizhours completion zsh), or save it as _bizhours in a
# directory of $fpath.
_bizhours() {{
    local cmd="" prev="${{words[CURRENT-1]}}" w
    local -a opts
    for w in "${{(@)words[2,CURRENT-1]}}"; do
        case "$w" in
            {commands_case}) cmd="$w"; break ;;
        esac
    done
    case "$prev" in
{values}
    esac
    case "$cmd" in
{options}
    esac
    if [[ "$cmd" == completion && "${{words[CURRENT]}}" != -* ]]; then
        compadd -- bash zsh
    elif [[ -z "$cmd" && "${{words[CURRENT]}}" != -* ]]; then
        compadd -- {commands}
    elif [[ "${{words[CURRENT]}}" == -* ]]; then
        compadd -- "${{opts[@]}}"
    else
        _files
    fi
}}
if [[ "$funcstack[1]" == "_bizhours" ]]; then
    _bizhours "$@"
else
    compdef _bizhours bizhours
fi
"""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # noqa: SLF001 (argparse has no public list of them)
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(o for a in parser._actions for o in a.option_strings)  # noqa: SLF001


def _choices(parsers: list[argparse.ArgumentParser]) -> dict[str, list[str]]:
    """The values an option takes (by its choices; ``--format`` by its formats)."""
    values: dict[str, set[str]] = {"--format": set(FORMATS)}
    for p in parsers:
        for action in p._actions:  # noqa: SLF001
            if action.option_strings and action.choices:
                for option in action.option_strings:
                    values.setdefault(option, set()).update(str(c) for c in action.choices)
    return {k: sorted(v) for k, v in sorted(values.items())}


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` (the ``bizhours`` parser) for ``shell``."""
    subs = _subparsers(parser)
    commands = " ".join(subs)
    values = _choices([parser, *subs.values()])
    if shell == "bash":
        value_case = "\n".join(
            f'        {o}) COMPREPLY=($(compgen -W "{" ".join(v)}" -- "$cur")); return ;;'
            for o, v in values.items())
        option_case = "\n".join(
            f'        {n or _NONE}) opts="{" ".join(_options(p))}" ;;'
            for n, p in [("", parser), *subs.items()])
        return _BASH.format(commands_case="|".join(subs), values=value_case,
                            options=option_case, commands=commands)
    value_case = "\n".join(f"        {o}) compadd -- {' '.join(map(shlex.quote, v))}; return ;;"
                           for o, v in values.items())
    option_case = "\n".join(f'        {n or _NONE}) opts=({" ".join(_options(p))}) ;;'
                            for n, p in [("", parser), *subs.items()])
    return _ZSH.format(commands_case="|".join(subs), values=value_case, options=option_case,
                       commands=commands)


def run_completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Print the completion script for ``args.shell``."""
    out(completion_script(parser, args.shell).splitlines())
    return 0
