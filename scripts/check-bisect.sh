#!/bin/bash
# make check-bisect: build every prefix of the series, in the test and the
# no-consumer configurations (CONFIGS="test" for one), in a separate worktree
# (build/bisect) so that build/linux and its build directories are left alone.
. "$(dirname "$0")/lib.sh"
need_tree
RESULTS=$BUILD/results-bisect.ktap
: >"$RESULTS"
wt=$BUILD/bisect
[ -d "$wt" ] || kgit worktree add -q --detach "$wt" base
for c in $(kgit rev-list --reverse base..HEAD); do
	git -C "$wt" checkout -q --detach "$c"
	subject=$(kgit log -1 --format=%s "$c")
	for cfg in ${CONFIGS:-test noconsumer}; do
		if KTREE=$wt LOOSE_CONFIG=1 "$TOP/scripts/build.sh" "$cfg" "bisect-$cfg"; then
			result ok "bisect: $cfg: $subject"
		else
			result fail "bisect: $cfg: $subject"
		fi
	done
done
summary
