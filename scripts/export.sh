#!/bin/bash
# make export: write the commits base..HEAD of build/linux to patches/
# (NNNN-subject.patch + series), and the shortlog and diffstat of the cover
# letter (scripts/cover.sh). Options are fixed so that exporting
# unchanged commits rewrites no byte.
. "$(dirname "$0")/lib.sh"
need_tree
tree_dirty && note "warning: uncommitted changes in $KTREE are not exported"
tmp=$BUILD/export.new
rm -rf "$tmp"
kgit format-patch -q --no-signature --zero-commit --full-index --no-numbered \
	--no-base --no-cover-letter -o "$tmp" base..HEAD
mkdir -p "$PATCHES"
find "$PATCHES" -maxdepth 1 -name '*.patch' ! -name "$COVER" -delete
if compgen -G "$tmp/*.patch" >/dev/null; then
	mv "$tmp"/*.patch "$PATCHES"/
fi
(cd "$PATCHES" && ls -1 -- *.patch 2>/dev/null | grep -vxF "$COVER" || true) >"$PATCHES/series"
rm -rf "$tmp"
# The cover letter's shortlog and diffstat follow the series.
if [ -f "$PATCHES/$COVER" ]; then
	"$TOP/scripts/cover.sh"
fi
note "exported $(series | wc -l) patches to $PATCHDIR/ (review with 'git diff --stat $PATCHDIR/', then commit)"
