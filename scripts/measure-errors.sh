#!/bin/sh
# How long `unknot check` and `unknot plan` take on a file full of mistakes: 1,000 of them in a
# file just under the 1 MiB routine limit. Rendering is proportional to the 50 mistakes shown,
# not to the file's size times the number of mistakes.
#
# Usage: scripts/measure-errors.sh [path/to/unknot]   (default: target/release/unknot, built
# if missing). Prints the wall time of each command, best of 5.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-target/release/unknot}
if [ ! -x "$bin" ]; then
    flock /work/cargo.lock cargo build --release --locked 2>/dev/null || cargo build --release --locked
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file="$dir/many.toml"
{
    printf 'format = 1\n[routine]\nname = "Many mistakes"\n'
    # Every mistake followed by a long comment line, so that the mistakes are spread over the
    # whole file (near the 1 MiB limit), as they would be in a file of garbage.
    pad=$(printf '%0950d' 0)
    i=0
    while [ $i -lt 1000 ]; do
        printf '[[step]]\nkind = "rest"\nname = "S%d"\nduration = "x%d"\n# %s\n' $i $i "$pad"
        i=$((i + 1))
    done
} > "$file"
echo "file: $(wc -c < "$file") bytes, 1000 mistakes"
best() {
    best_ms=
    for _ in 1 2 3 4 5; do
        start=$(date +%s%N)
        "$@" > /dev/null 2>&1 || true
        end=$(date +%s%N)
        ms=$(( (end - start) / 1000000 ))
        if [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; fi
    done
    echo "$best_ms"
}
echo "unknot check:        $(best "$bin" check "$file") ms"
echo "unknot check --json: $(best "$bin" check --json "$file") ms"
echo "unknot plan:         $(best "$bin" plan "$file") ms"
