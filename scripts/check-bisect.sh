#!/bin/bash
# make check-bisect: build every prefix of the series, in the test and the
# no-consumer configurations and as i386 tinyconfig (CONFIGS="test" for one;
# names of configs/*.config, or of configs/builds.list rows), from the first
# patch or from patch FROM (FROM=13: prefixes 13 and up), to the last or to
# patch TO. Runs in build/linux
# itself, whose paths the ccache knows, in build directories of its own
# (incremental from one prefix to the next); the branch is checked out again
# at the end. A builds.list row must also add no warning to the base's own
# build of it (rows whose configuration the base can make: no PKS fragment).
# Each configuration's last run is kept in build/builds/bisect-CONFIG.row and
# listed in build/bisect.md, since a run with CONFIGS or FROM covers only part.
. "$(dirname "$0")/lib.sh"
leave_branch
RESULTS=$BUILD/results-bisect.ktap
new_results
configs=${CONFIGS:-test noconsumer i386-tinyconfig}
is_row() { row_of "$1" >/dev/null; }

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
	new=$(new_warnings "$BUILD/builds/bisect-base/$1/warnings" "$BUILD/builds/bisect-$1/warnings")
	[ -z "$new" ] || { sed 's/^/# new: /' <<<"$new"; return 1; }
}

declare -A ok=() bad=()
t0=$(date +%s)
last=$(kgit rev-list --count base.."$TREE_BRANCH")
commits=$(kgit rev-list --reverse base.."$TREE_BRANCH" | sed -n "${FROM:-1},${TO:-$last}p")
for c in $commits; do
	kgit checkout -q --detach "$c"
	subject=$(kgit log -1 --format=%s "$c")
	for cfg in $configs; do
		if build_prefix "$cfg"; then
			result ok "bisect: $cfg: $subject"
			ok[$cfg]=$((${ok[$cfg]:-0} + 1))
		else
			result fail "bisect: $cfg: $subject"
			bad[$cfg]=$((${bad[$cfg]:-0} + 1))
		fi
	done
done
tip=$(kgit rev-parse --short "$TREE_BRANCH")
for cfg in $configs; do
	echo "| $tip | $cfg | prefixes ${FROM:-1} to ${TO:-$last} of $last | ${ok[$cfg]:-0} | ${bad[$cfg]:-0} | $(($(date +%s) - t0)) s (whole run) |" \
		>"$BUILD/builds/bisect-$cfg.row"
done
{
	echo '| series tip | configuration | prefixes | built | failed | time |'
	echo '|---|---|---|---|---|---|'
	cat "$BUILD"/builds/bisect-*.row 2>/dev/null
} >"$BUILD/bisect.md"
note "table in $RBUILD/bisect.md"
summary
