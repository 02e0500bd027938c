#!/usr/bin/env bash
# Installs guildhall into $DIR: the release binary for this machine from
# https://github.com/$REPOSITORY/releases (v$VERSION, or the latest release
# when VERSION is `latest`), checked against its .sha256 file; or, when
# there is no such binary, `cargo install guildhall --locked`.
# Used by action.yml; works on any Linux, macOS or Windows (Git Bash) shell.
set -euo pipefail
: "${VERSION:=latest}" "${DIR:?DIR is where guildhall goes}" "${REPOSITORY:=guildhall-ssg/guildhall}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-gnu ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  MINGW* | MSYS* | CYGWIN*) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

if [ "$VERSION" = latest ]; then
  url="https://github.com/$REPOSITORY/releases/latest/download"
  name="guildhall-$target"
else
  url="https://github.com/$REPOSITORY/releases/download/v$VERSION"
  name="guildhall-v$VERSION-$target"
fi
case "$target" in
  *windows*) archive="$name.zip" ;;
  *) archive="$name.tar.gz" ;;
esac

mkdir -p "$DIR"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -n "$target" ] &&
  curl -fsSL --retry 3 -o "$work/$archive" "$url/$archive" &&
  curl -fsSL --retry 3 -o "$work/$archive.sha256" "$url/$archive.sha256"; then
  expected="$(cut -d' ' -f1 < "$work/$archive.sha256")"
  if command -v sha256sum >/dev/null; then
    actual="$(sha256sum "$work/$archive" | cut -d' ' -f1)"
  else
    actual="$(shasum -a 256 "$work/$archive" | cut -d' ' -f1)"
  fi
  if [ "$expected" != "$actual" ]; then
    echo "error: $archive does not match its checksum" >&2
    exit 1
  fi
  case "$archive" in
    *.zip) unzip -q -o "$work/$archive" -d "$work/out" ;;
    *) mkdir -p "$work/out" && tar -xzf "$work/$archive" -C "$work/out" ;;
  esac
  find "$work/out" -type f \( -name guildhall -o -name guildhall.exe \) -exec cp {} "$DIR/" \;
  chmod +x "$DIR"/guildhall* 2>/dev/null || true
  echo "guildhall $VERSION ($target) installed from the release"
else
  echo "No release binary for ${target:-this machine}: building with cargo" >&2
  if [ "$VERSION" = latest ]; then
    cargo install guildhall --locked --root "$work/cargo"
  else
    cargo install guildhall --locked --version "$VERSION" --root "$work/cargo"
  fi
  cp "$work/cargo/bin/"guildhall* "$DIR/"
fi
"$DIR/guildhall" --version
