#!/bin/bash
# make tree: create or refresh build/linux = pristine base (tag "base") + patches/.
# Refuses to touch a tree that holds work not exported to patches/.
. "$(dirname "$0")/lib.sh"

# patch-ids of the commits base..HEAD, and of the files in patches/.
tree_ids() { kgit log --reverse --format=%H base..HEAD | while read -r c; do kgit show "$c" | git patch-id --stable | cut -d' ' -f1; done; }
patch_ids() { series | while read -r p; do git patch-id --stable <"$PATCHES/$p" | cut -d' ' -f1; done; }

make_base() {
	local tmp=$BUILD/linux.new kver debver n
	[ -r "$TARBALL" ] || die "$TARBALL not found: install $SRCPKG (scripts/deps.sh does)"
	debver=$(base_pkg_version)
	note "unpacking $TARBALL ($SRCPKG $debver)"
	rm -rf "$tmp" && mkdir -p "$tmp"
	tar -xJf "$TARBALL" -C "$tmp" --strip-components=1
	# Debian appends a block ignoring every top-level path; git would then
	# silently ignore all new files. Drop it from the base commit.
	n=$(grep -n '^# Debian packaging: ignore everything at the top level' "$tmp/.gitignore" | cut -d: -f1 || true)
	if [ -n "$n" ]; then
		head -n $((n - 2)) "$tmp/.gitignore" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$tmp/.gitignore.new"
		mv "$tmp/.gitignore.new" "$tmp/.gitignore"
	fi
	kver=$(make -s -C "$tmp" kernelversion)
	(
		cd "$tmp"
		git init -q
		git add -A
		export GIT_AUTHOR_DATE="@0 +0000" GIT_COMMITTER_DATE="@0 +0000"
		git commit -q -m "Linux $kver (Debian $SRCPKG $debver)"
		git tag -a base -m "Linux $kver (Debian $SRCPKG $debver)"
	)
	rm -rf "$KTREE"
	mv "$tmp" "$KTREE"
}

apply_series() {
	local p
	for p in $(series); do
		[ -f "$PATCHES/$p" ] || die "patches/series names $p, which does not exist"
		if ! kgit am -q -3 --committer-date-is-author-date "$PATCHES/$p" >"$BUILD/am.log" 2>&1; then
			cat "$BUILD/am.log" >&2
			kgit am --abort >/dev/null 2>&1 || true
			die "patch $p does not apply to $(base_description)"
		fi
	done
}

if [ -e "$KTREE/.git" ]; then
	need_tree
	tree_dirty && die "$KTREE has uncommitted changes: commit them and run 'make export', or discard them"
	missing=$(comm -23 <(tree_ids | sort) <(patch_ids | sort))
	if [ -n "$missing" ]; then
		kgit log --oneline base..HEAD >&2
		die "$KTREE has commits that are not in patches/: run 'make export' (and commit) first"
	fi
	if [ "$(base_description)" != "$(kgit log -1 --format=%s base)" ] ||
		! base_description | grep -qF "$(base_pkg_version)"; then
		note "base changed ($(base_description) -> $SRCPKG $(base_pkg_version)): remaking the tree"
		make_base
	elif [ "$(tree_ids)" = "$(patch_ids)" ]; then
		note "$KTREE is up to date: $(base_description) + $(series | wc -l) patches"
		exit 0
	else
		kgit reset -q --hard base
	fi
else
	make_base
fi
apply_series
note "$KTREE: $(base_description) + $(kgit rev-list --count base..HEAD) patches"
