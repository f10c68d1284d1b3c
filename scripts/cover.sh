#!/bin/bash
# cover.sh [--check]: the cover letter, patches/0000-cover-letter.patch (not in
# patches/series). Its text, up to the shortlog, is written by hand; the
# shortlog and the diffstat after it, and the patch count in its subject, come
# from build/linux (base..HEAD): rewritten, or with --check compared.
. "$(dirname "$0")/lib.sh"
cover=$PATCHES/$COVER
[ -f "$cover" ] || die "no $cover"
need_tree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(kgit rev-list --count base..HEAD)
kgit format-patch -q --cover-letter --no-signature --zero-commit -o "$tmp" base..HEAD
{
	sed -n '/^[^ ].* ([0-9]*):$/q; p' "$cover" |
		sed -E "1,/^Subject:/s|^(Subject: \[PATCH v[0-9]+ 0+)/[0-9]+\]|\1/$n]|"
	sed -n '/^[^ ].* ([0-9]*):$/,$p' "$tmp"/0000-cover-letter.patch
} >"$tmp/new"
if [ "${1:-}" = --check ]; then
	diff -u "$cover" "$tmp/new" >&2 || die "$COVER does not match the series: run 'make export'"
else
	cmp -s "$cover" "$tmp/new" || cp "$tmp/new" "$cover"
fi
