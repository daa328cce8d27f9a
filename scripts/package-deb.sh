#!/usr/bin/env bash
# Builds unknot's Debian package into target/debian/: the binary of the `dist` profile (LTO, one
# codegen unit), the bash, zsh and fish completions generated from that very binary, the manual
# page generated from the same command-line definition (examples/manpage), the docs, the built-in routines as examples and the sounds as files.
#
#   scripts/package-deb.sh                  # needs cargo-deb: cargo install cargo-deb --locked
#   PROFILE=release scripts/package-deb.sh  # quicker to build, a little bigger
#
# Prints the path of the .deb it made.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-dist}
target=${CARGO_TARGET_DIR:-target}

if ! command -v cargo-deb >/dev/null; then
  echo "package-deb: cargo-deb is missing; install it with: cargo install cargo-deb --locked" >&2
  exit 1
fi

cargo build --locked --quiet --profile "$profile" --bin unknot
bin=$target/$profile/unknot

# Generated from the command-line definition, so they describe exactly what it accepts: the
# completions by the binary itself, the manual page by a generator that is not shipped (it
# would only weigh on the binary). Cargo.toml's [package.metadata.deb] assets name these paths.
assets=target/assets
rm -rf "$assets"
mkdir -p "$assets/completions"
cargo run --locked --quiet --example manpage > "$assets/unknot.1"
"$bin" completions bash > "$assets/completions/unknot"
"$bin" completions zsh > "$assets/completions/_unknot"
"$bin" completions fish > "$assets/completions/unknot.fish"

# cargo-deb prints the path of the package it wrote.
deb=$(cargo deb --no-build --profile "$profile" --locked --quiet)
[ -f "$deb" ] || { echo "package-deb: cargo-deb made no package" >&2; exit 1; }
echo "$deb"
