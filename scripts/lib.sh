# Shared helpers for the harness scripts; sourced, never run.
# shellcheck shell=bash
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$TOP/build
KTREE=${KTREE:-$BUILD/linux}
PATCHES=$TOP/patches
LOGS=$BUILD/logs
TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
SRCPKG=linux-source-6.12
JOBS=${JOBS:-$(nproc)}

# Commits in the kernel tree are made by the project, with fixed dates so that
# the same base and patches always give the same commit ids.
export GIT_AUTHOR_NAME="PKS x86 Project" GIT_AUTHOR_EMAIL="pks-x86@example.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

die() { echo "error: $*" >&2; exit 1; }
note() { echo "# $*"; }

kgit() { git -C "$KTREE" "$@"; }

# The lines of a list file, without comments and blank lines.
entries() { [ -f "$1" ] && grep -v -e '^#' -e '^[[:space:]]*$' "$1" || true; }

# The patches in series order (file names relative to patches/).
series() { entries "$PATCHES/series"; }

# The kernel tree exists, has its base, and is not in the middle of am/rebase.
need_tree() {
	[ -e "$KTREE/.git" ] || die "no kernel tree: run 'make tree' first"
	kgit rev-parse -q --verify base >/dev/null ||
		die "$KTREE has no 'base' tag; move it away and run make tree again"
	if [ -d "$KTREE/.git/rebase-apply" ] || [ -d "$KTREE/.git/rebase-merge" ]; then
		die "$KTREE is in the middle of 'git am' or 'git rebase': finish or abort it first"
	fi
}

# Before checking out other commits of the kernel tree for builds (the tree
# itself, not a worktree: its paths are the ones the ccache knows): refuse
# uncommitted changes, and check the current branch out again on exit.
leave_branch() {
	need_tree
	! tree_dirty || die "$KTREE has uncommitted changes"
	TREE_BRANCH=$(kgit symbolic-ref -q --short HEAD) || die "$KTREE is not on a branch"
	trap 'kgit checkout -q "$TREE_BRANCH"' EXIT
}

# Show the uncommitted changes of the kernel tree; false if there are none.
tree_dirty() {
	[ -n "$(kgit status --porcelain)" ] || return 1
	kgit status --short | head -20 >&2
}

# Debian package version of the base source, e.g. 6.12.117-1~deb12u1.
base_pkg_version() { dpkg-query -W -f='${Version}' "$SRCPKG" 2>/dev/null || echo unknown; }

# One-line description of the base the work tree was made from.
base_description() { kgit tag -l --format='%(contents:subject)' base; }

# KTAP result recording: every script appends to $RESULTS, check.sh counts it.
RESULTS=${RESULTS:-$BUILD/results.ktap}
START=${START:-$(date +%s)}
result() { # result ok|fail|skip NAME [REASON]
	local verdict=$1 name=$2 reason=${3:-} n line
	mkdir -p "$(dirname "$RESULTS")"
	n=$(($(grep -c '^\(not \)\?ok ' "$RESULTS" 2>/dev/null || true) + 1))
	case $verdict in
	ok) line="ok $n $name" ;;
	fail) line="not ok $n $name${reason:+ # $reason}" ;;
	skip) line="ok $n $name # SKIP${reason:+ $reason}" ;;
	*) die "result: bad verdict $verdict" ;;
	esac
	echo "$line" | tee -a "$RESULTS"
}

# The KTAP plan and the summary line of $RESULTS; false if anything failed.
summary() {
	local pass fail skip
	pass=$(grep -c '^ok ' "$RESULTS" || true)
	skip=$(grep -c '^ok .* # SKIP' "$RESULTS" || true)
	fail=$(grep -c '^not ok ' "$RESULTS" || true)
	pass=$((pass - skip))
	echo "1..$((pass + fail + skip))"
	note "took $(($(date +%s) - START))s"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
}
