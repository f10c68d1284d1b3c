#!/bin/bash
# make check-bisect: build every prefix of the series, in the test and the
# no-consumer configurations (CONFIGS="test" for one), from the first patch
# or from patch FROM (FROM=13: prefixes 13 and up). Runs in build/linux
# itself, whose paths the ccache knows (a worktree elsewhere misses it), in
# build directories of its own; the branch is checked out again at the end.
. "$(dirname "$0")/lib.sh"
leave_branch
RESULTS=$BUILD/results-bisect.ktap
: >"$RESULTS"
for c in $(kgit rev-list --reverse base.."$TREE_BRANCH" | tail -n +"${FROM:-1}"); do
	kgit checkout -q --detach "$c"
	subject=$(kgit log -1 --format=%s "$c")
	for cfg in ${CONFIGS:-test noconsumer}; do
		if LOOSE_CONFIG=1 "$TOP/scripts/build.sh" "$cfg" "bisect-$cfg" >/dev/null; then
			result ok "bisect: $cfg: $subject"
		else
			result fail "bisect: $cfg: $subject"
		fi
	done
done
summary
