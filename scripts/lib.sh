# Shared helpers for the harness scripts; sourced, never run.
# shellcheck shell=bash
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The cover letter: in patches/, not in patches/series (scripts/cover.sh).
COVER=0000-cover-letter.patch
JOBS=${JOBS:-$(nproc)}
# The build matrix (make check-builds) needs room for many configurations:
# more than ccache's default of 5G, unless the caller says otherwise.
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-25G}
# Kernels built alike wherever they are built.
export KBUILD_BUILD_USER=pks KBUILD_BUILD_HOST=qemu KBUILD_BUILD_TIMESTAMP="@0"

# Commits in the kernel tree are made by the project, with fixed dates so that
# the same base and patches always give the same commit ids.
export GIT_AUTHOR_NAME="PKS x86 Project" GIT_AUTHOR_EMAIL="pks-x86@example.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

die() { echo "error: $*" >&2; exit 1; }
note() { echo "# $*"; }

kgit() { git -C "$KTREE" "$@"; }

# The lines of a list file, without comments and blank lines.
entries() { [ -f "$1" ] && grep -v -e '^#' -e '^[[:space:]]*$' "$1" || true; }

# The base: a row of configs/bases.list, BASE=NAME (default: its first row).
# The machine's own suite installs its packages; another suite's packages are
# unpacked into the base's build directory (scripts/deps.sh).
bases() { entries "$TOP/configs/bases.list"; }
DEFAULT_BASE=$(bases | awk 'NR == 1 { print $1 }')
export BASE=${BASE:-$DEFAULT_BASE}
read -r _ SRCPKG CONFPKG SUITE PATCHDIR BUILDDIR _ < <(bases | awk -v b="$BASE" '$1 == b') || true
[ -n "${SRCPKG:-}" ] || die "BASE=$BASE: no such base in configs/bases.list ($(bases | awk '{ print $1 }' | xargs))"
BUILD=$TOP/$BUILDDIR
# The same, as messages name it (relative to the top of the repository).
RBUILD=$BUILDDIR
PATCHES=$TOP/$PATCHDIR
# The machine's own Debian suite, and where the base's packages are.
HOST_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if [ "$SUITE" = "$HOST_SUITE" ]; then PKGROOT=; else PKGROOT=$BUILD/debs/root; fi
TARBALL=${TARBALL:-$PKGROOT/usr/src/$SRCPKG.tar.xz}
CONFDIR=$PKGROOT/usr/src/$CONFPKG
KTREE=${KTREE:-$BUILD/linux}
LOGS=$BUILD/logs
RLOGS=$RBUILD/logs
# The base alone, for builds to compare against: a worktree of $KTREE at "base".
BASETREE=$BUILD/base

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

# Create or refresh $BASETREE, the base commit checked out on its own.
need_base_tree() {
	need_tree
	if [ "$(git -C "$BASETREE" rev-parse -q HEAD 2>/dev/null)" != "$(kgit rev-parse base^{commit})" ] ||
		[ -n "$(git -C "$BASETREE" status --porcelain 2>/dev/null)" ]; then
		rm -rf "$BASETREE"
		kgit worktree prune
		kgit worktree add -q --detach "$BASETREE" base
	fi
}

# configs/CFG.config with its "#include: NAME" lines expanded, includes first.
expand_config() {
	local inc
	for inc in $(sed -n 's/^#include: //p' "$TOP/configs/$1.config"); do expand_config "$inc"; done
	cat "$TOP/configs/$1.config"
}

# The base configuration of configs/CFG.config: configs/base.config, or the
# file its "#base: FILE" line names ("debian:FILE": FILE of the base's Debian
# configuration package).
config_base() {
	local base
	base=$(sed -n 's/^#base: //p' "$TOP/configs/$1.config")
	base=${base:-$TOP/configs/base.config}
	base=${base/#debian:/$CONFDIR/}
	[ -f "$base" ] || die "configs/$1.config: base configuration $base not found"
	echo "$base"
}

# A configuration where an option set twice (CONFIG_X=... or "# CONFIG_X is
# not set") keeps only its last setting, the one Kconfig would take, without
# its warning; other lines, comments included, are kept.
last_setting_wins() {
	tac | awk '{ k = "" }
		/^CONFIG_[A-Za-z0-9_]+=/ { k = substr($0, 1, index($0, "=") - 1) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { k = $2 }
		k != "" && seen[k]++ { next }
		{ print }' | tac
}

# OUT/.config for configs/CFG.config, before olddefconfig: its base
# configuration, then the fragment (includes expanded). "#base-modules: off"
# drops the base's modular options (=m) instead of letting them become built
# in. OUT/fragment.config gets the options to verify: the fragment's, and
# those of our own base.
compose_config() { # CFG OUT
	local base
	base=$(config_base "$1")
	mkdir -p "$2"
	expand_config "$1" >"$2/own.config"
	case $base in
	*.xz) xz -dc "$base" ;;
	*) cat "$base" ;;
	esac | if grep -qx '#base-modules: off' "$2/own.config"; then
		sed 's/^\(CONFIG_[A-Za-z0-9_]*\)=m$/# \1 is not set/'
	else
		cat
	fi | cat - "$2/own.config" | last_setting_wins >"$2/.config"
	if [ "$base" = "$TOP/configs/base.config" ]; then
		cat "$base" "$2/own.config" | last_setting_wins >"$2/fragment.config"
	else
		cp "$2/own.config" "$2/fragment.config"
	fi
}

# The options of a fragment that did not keep their value in a .config
# (as kunit.py checks); false if there are any.
config_took() { # FRAGMENT DOTCONFIG
	local line opt bad=0
	while read -r line; do
		case $line in
		CONFIG_*=*) grep -qxF "$line" "$2" || {
			echo "  wanted $line, got: $(grep "^${line%%=*}=\|^# ${line%%=*} " "$2" || echo unset)"
			bad=1
		} ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# } opt=${opt%% *}
			! grep -q "^$opt=" "$2" || { echo "  wanted $opt off, got it on"; bad=1; } ;;
		esac
	done <"$1"
	return $bad
}

# The warnings of a build log, one per line, sorted, without what differs
# between trees and runs: paths of the tree and the build directory, line and
# column numbers, offsets in functions. Compared as a multiset (comm): the
# same message in the same file counts by number, wherever the line moved.
warnings_of() { # LOG TREE OUT
	grep -E 'warning:|error:|Warning:|WARNING|ERROR|CRITICAL' "$1" |
		sed -E -e "s#$2/##g" -e "s#$3/##g" -e 's#^(\.\./)+##' -e 's/^make\[[0-9]+\]: //' \
			-e 's/:[0-9]+(:[0-9]+)?([:. ]|$)/\2/g' -e 's/\+0x[0-9a-f]+(\/0x[0-9a-f]+)?/+X/g' |
		LC_ALL=C sort || true
}

# The warnings of the second list (warnings_of) that the first has not.
new_warnings() { LC_ALL=C comm -13 "$1" "$2"; } # BASE SERIES

# make in a kernel tree: TREE OUT ARCH TOOLCHAIN (gcc, or llvm: LLVM=1 with
# clang), then make's arguments; ccache'd, $JOBS jobs. With $KMAKE_LOG set,
# each command is also appended there, for a reproducer.
kmake_in() {
	local tree=$1 out=$2 arch=$3 tc
	case $4 in
	gcc) tc=(CC="ccache gcc" HOSTCC="ccache gcc") ;;
	llvm) tc=(LLVM=1 CC="ccache clang" HOSTCC="ccache clang") ;;
	*) die "unknown toolchain $4" ;;
	esac
	shift 4
	[ -z "${KMAKE_LOG:-}" ] || echo "make -C $tree O=$out ARCH=$arch ${tc[*]} $*" >>"$KMAKE_LOG"
	make -C "$tree" O="$out" ARCH="$arch" "${tc[@]}" -j"$JOBS" "$@"
}

# Why TOOLCHAIN (gcc or llvm) cannot build the base's tree for ARCH: its
# compiler is older than the minimum the tree's scripts/min-tool-version.sh
# states. Prints nothing if it can.
toolchain_too_old() { # ARCH TOOLCHAIN
	local cc min have
	case $2 in gcc) cc=gcc ;; llvm) cc=clang ;; *) die "unknown toolchain $2" ;; esac
	min=$(cd "$KTREE" && SRCARCH=$1 ARCH=$1 scripts/min-tool-version.sh "$2") || return 0
	have=$("$cc" -dumpversion 2>/dev/null) || { echo "no $cc installed"; return; }
	[ "$(printf '%s\n%s\n' "$min" "$have" | sort -V | head -1)" = "$min" ] ||
		echo "$cc $have is older than the minimum $min of $(base_description | awk '{ print $1, $2 }')"
}

# The fields of row NAME of configs/builds.list (NAME STAGE ARCH CC CONFIG
# JOB); false if there is none.
row_of() { entries "$TOP/configs/builds.list" | awk -v n="$1" '$1 == n { print; f = 1 } END { exit !f }'; }

# The errors of a failed build log, for the terminal.
build_errors() { grep -E 'error|Error' "$1" | head -20 || tail -20 "$1"; }

# Debian package version of the base source, e.g. 6.12.117-1~deb12u1.
base_pkg_version() {
	if [ -n "$PKGROOT" ]; then
		cat "$PKGROOT/$SRCPKG.version" 2>/dev/null || echo unknown
	else
		dpkg-query -W -f='${Version}' "$SRCPKG" 2>/dev/null || echo unknown
	fi
}

# One-line description of the base the work tree was made from.
base_description() { kgit tag -l --format='%(contents:subject)' base; }

# KTAP result recording: every script appends to $RESULTS, check.sh counts it.
# RESULT_PREFIX (check.sh, for a base other than the default) starts each name.
RESULTS=${RESULTS:-$BUILD/results.ktap}
START=${START:-$(date +%s)}
result() { # result ok|fail|skip NAME [REASON]
	local verdict=$1 name=${RESULT_PREFIX:-}$2 reason=${3:-} n line
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

# A stage of make check that also runs alone: alone (make check has not
# exported RESULTS), it records into build/results-NAME.ktap, and
# own_summary ends it with the summary; within make check it does nothing.
OWN_RESULTS=0
own_results() { # NAME
	! printenv RESULTS >/dev/null || return 0
	OWN_RESULTS=1
	RESULTS=$BUILD/results-$1.ktap
	export RESULTS
	new_results
}
own_summary() { [ $OWN_RESULTS = 0 ] || summary; }

new_results() { # start $RESULTS (and its evidence) empty
	mkdir -p "$(dirname "$RESULTS")"
	: >"$RESULTS"
	rm -f "$RESULTS.evidence"
}
# Evidence of a failure (a splat, a failed KUnit expectation), repeated by
# summary at the end of the run: a CI log shows only its tail.
evidence() { # TITLE (the evidence on stdin)
	{ echo "## $1"; sed -n 1,40p; } >>"$RESULTS.evidence"
}

# The KTAP plan and the summary line of $RESULTS; false if anything failed.
summary() {
	local pass fail skip
	pass=$(grep -c '^ok ' "$RESULTS" || true)
	skip=$(grep -c '^ok .* # SKIP' "$RESULTS" || true)
	fail=$(grep -c '^not ok ' "$RESULTS" || true)
	pass=$((pass - skip))
	if [ "$fail" != 0 ]; then
		note "failed:"
		grep '^not ok ' "$RESULTS" | head -n 20 | sed 's/^/#   /'
		[ ! -s "$RESULTS.evidence" ] || sed 's/^/# /' "$RESULTS.evidence" | tail -n 120
	fi
	echo "1..$((pass + fail + skip))"
	note "took $(($(date +%s) - START))s"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
}
