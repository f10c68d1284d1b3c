#!/bin/bash
# make check-bisect: build every prefix of the series, in the test and the
# no-consumer configurations and as i386 tinyconfig (CONFIGS="test" for one;
# names of configs/*.config, or of configs/builds.list rows), from the first
# patch or from patch FROM (FROM=13: prefixes 13 and up). Runs in build/linux
# itself, whose paths the ccache knows, in build directories of its own
# (incremental from one prefix to the next); the branch is checked out again
# at the end. A builds.list row must also add no warning to the base's own
# build of it (rows whose configuration the base can make: no PKS fragment).
. "$(dirname "$0")/lib.sh"
leave_branch
RESULTS=$BUILD/results-bisect.ktap
: >"$RESULTS"
configs=${CONFIGS:-test noconsumer i386-tinyconfig}
is_row() { entries "$TOP/configs/builds.list" | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }

# The base's warnings, for the builds.list rows.
need_base_tree
for cfg in $configs; do
	if is_row "$cfg"; then
		"$TOP/scripts/kbuild.sh" -b "$cfg" "$BASETREE" "$BUILD/builds/bisect-base/$cfg" ||
			die "the base does not build $cfg"
		rm -rf "$BUILD/builds/bisect-$cfg"
	fi
done

build_prefix() { # CONFIG
	local new
	if ! is_row "$1"; then
		LOOSE_CONFIG=1 "$TOP/scripts/build.sh" "$1" "bisect-$1" >/dev/null
		return
	fi
	"$TOP/scripts/kbuild.sh" -k "$1" "$KTREE" "$BUILD/builds/bisect-$1" || return 1
	new=$(LC_ALL=C comm -13 "$BUILD/builds/bisect-base/$1/warnings" "$BUILD/builds/bisect-$1/warnings")
	[ -z "$new" ] || { sed 's/^/# new: /' <<<"$new"; return 1; }
}

for c in $(kgit rev-list --reverse base.."$TREE_BRANCH" | tail -n +"${FROM:-1}"); do
	kgit checkout -q --detach "$c"
	subject=$(kgit log -1 --format=%s "$c")
	for cfg in $configs; do
		if build_prefix "$cfg"; then
			result ok "bisect: $cfg: $subject"
		else
			result fail "bisect: $cfg: $subject"
		fi
	done
done
summary
