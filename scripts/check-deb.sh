#!/usr/bin/env bash
# Checks a .deb made by scripts/package-deb.sh: it holds what it should, its binary runs from the
# unpacked tree (--version, list, check on a routine it ships), and lintian finds nothing.
#
#   scripts/check-deb.sh target/debian/unknot_0.1.0-1_amd64.deb
set -euo pipefail
deb=$1
fail() { echo "check-deb: $*" >&2; exit 1; }

contents=$(dpkg-deb -c "$deb")
for path in \
  ./usr/bin/unknot \
  ./usr/share/man/man1/unknot.1.gz \
  ./usr/share/bash-completion/completions/unknot \
  ./usr/share/zsh/vendor-completions/_unknot \
  ./usr/share/fish/vendor_completions.d/unknot.fish \
  ./usr/share/doc/unknot/copyright \
  ./usr/share/doc/unknot/README.md \
  ./usr/share/doc/unknot/routine-format.md \
  ./usr/share/doc/unknot/sounds.md \
  ./usr/share/doc/unknot/history.md \
  ./usr/share/doc/unknot/examples/pre-run-dynamic.toml \
  ./usr/share/unknot/sounds/cue-start.wav; do
  grep -q " $path\$" <<<"$contents" || fail "$path is missing from $deb"
done

fields=$(dpkg-deb -f "$deb" Depends Recommends)
grep -q "libasound2" <<<"$fields" || fail "no ALSA dependency: $fields"
# Media keys speak D-Bus in pure Rust: no libdbus (nor the libsystemd it brings) to depend on.
! grep -q "libdbus" <<<"$fields" || fail "a libdbus dependency (media keys need none): $fields"
grep -q "espeak-ng" <<<"$fields" || fail "espeak-ng is not recommended: $fields"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root/pkg"
mkdir -p "$root/home"
run() {
  env -u COMPLETE HOME="$root/home" XDG_CONFIG_HOME="$root/home/config" \
    XDG_DATA_HOME="$root/home/data" XDG_STATE_HOME="$root/home/state" \
    "$root/pkg/usr/bin/unknot" "$@"
}
version=$(run --version)
[[ $version == "unknot "* ]] || fail "--version said: $version"
run list | grep -q "pre-run-dynamic" || fail "list does not show the built-in routines"
run check "$root/pkg/usr/share/doc/unknot/examples/pre-run-dynamic.toml" >/dev/null \
  || fail "check failed on a shipped routine"
zcat "$root/pkg/usr/share/man/man1/unknot.1.gz" | grep -q '^\.SH COMMANDS' \
  || fail "the man page has no COMMANDS section"

if command -v lintian >/dev/null; then
  # Errors and warnings fail the check; the overrides shipped in the package say why any
  # remaining tag is expected.
  lintian --fail-on error,warning "$deb"
else
  echo "check-deb: lintian is not installed; skipped" >&2
fi
echo "check-deb: $deb is fine ($version)"
