#!/usr/bin/env bash
# The built wheel, installed as a user would install it: a fresh venv of its own (its
# dependencies from the configured index), run from outside the source tree, so nothing of
# the checkout can stand in for what the wheel lacks.
# Usage: scripts/smoke_wheel.sh DIST_DIR    (the --outdir of python -m build)
set -euo pipefail
dist=${1:?usage: scripts/smoke_wheel.sh DIST_DIR (where python -m build wrote the wheel)}
dist=$(cd "$dist" && pwd)

shopt -s nullglob
wheels=("$dist"/bizhours-*.whl)
sdists=("$dist"/bizhours-*.tar.gz)
if [[ ${#wheels[@]} -ne 1 || ${#sdists[@]} -ne 1 ]]; then
    echo "smoke_wheel: expected one wheel and one sdist in $dist, found" \
         "${#wheels[@]} and ${#sdists[@]}" >&2
    exit 1
fi
wheel=${wheels[0]}
# bizhours-0.1.0-py3-none-any.whl -> 0.1.0
version=$(basename "$wheel" | cut -d- -f2)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset PYTHONPATH
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"

fail() { echo "smoke_wheel: $1" >&2; exit 1; }
got=$("$work/venv/bin/bizhours" --version) || fail "bizhours --version exited $?"
[[ $got == *"$version"* ]] || fail "bizhours --version printed '$got', not the wheel's $version"
# Installed from the wheel, not from anywhere else on the machine.
where=$("$work/venv/bin/python" -c 'import bizhours; print(bizhours.__file__)')
[[ $where == "$work/venv/"* ]] || fail "bizhours imported from $where, not the fresh venv"
# Friday 16:00 Eastern plus 2 business hours: 1 h on Friday, 1 h from Monday 09:00.
got=$("$work/venv/bin/bizhours" add 2026-11-20T16:00-05:00 2h --format value) \
    || fail "bizhours add exited $?"
want=2026-11-23T10:00:00-05:00
[[ $got == "$want" ]] || fail "bizhours add 2026-11-20T16:00-05:00 2h printed '$got', not $want"
echo "smoke_wheel: $(basename "$wheel") in a fresh venv: --version $version, add -> $got"
