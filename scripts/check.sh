#!/bin/bash
# make check: series applies -> checkpatch -> builds -> quick build matrix ->
# boot matrix (-> distro configuration, with DISTRO=1), as KTAP, ending with
# "N passed, N failed, N skipped". Stops after the first stage that fails.
# Non-zero exit status on any failure.
# Every base of configs/bases.list is checked as its CHECK column says: the
# default one fully, then the others into the same results, their names
# prefixed with the base ("mainline: build: test"). BASE=NAME checks that base
# alone, fully.
given=${BASE:-}
. "$(dirname "$0")/lib.sh"
mkdir -p "$BUILD"
# CHECK_BOOTS (set for a base checked by the run of another): the boots of
# guest/boots to run, a comma list; unset, all of them and every stage.
if [ -z "${CHECK_BOOTS:-}" ]; then
	new_results
	export RESULTS
	echo "KTAP version 1"
fi
checked_alone() { [ -z "${CHECK_BOOTS:-}" ]; }

stage_done() { # stop here if anything failed so far
	grep -q '^not ok ' "$RESULTS" || return 0
	note "stopping: ${RESULT_PREFIX:-}$1 failed"
	checked_alone || exit 1
	summary
	exit 1
}

# The rows of guest/boots this run boots.
boots() {
	entries "$TOP/guest/boots" |
		awk -v only="${CHECK_BOOTS:-all}" 'only == "all" || index("," only ",", "," $1 ",")'
}

"$TOP/scripts/deps.sh"

# 1. the series applies to the base
if out=$("$TOP/scripts/tree.sh" 2>&1); then
	echo "$out"
	result ok "series applies to $(base_description): $(series | wc -l) patches"
else
	echo "$out" | sed 's/^/# /'
	result fail "series applies to the base" "$(echo "$out" | grep '^error:' | tail -n 1)"
fi
stage_done "applying the series"

# 2. checkpatch, and the cover letter's shortlog and diffstat
"$TOP/scripts/checkpatch.sh"
if out=$("$TOP/scripts/cover.sh" --check 2>&1); then
	result ok "cover letter: shortlog and diffstat of the series"
else
	echo "$out" | sed 's/^/# /'
	result fail "cover letter: shortlog and diffstat of the series" "run 'make export'"
fi
stage_done checkpatch

# 2b. every safety mechanism of guest/sabotage.list can still be disabled
if out=$("$TOP/scripts/sabotage.sh" --lint 2>&1); then
	result ok "sabotage rows apply: $out rows"
else
	echo "$out" | sed 's/^/# /'
	result fail "sabotage rows apply" "$(echo "$out" | grep -c "^sabotage row") rows do not disable their mechanism"
fi
stage_done "the sabotage rows"

# 3. builds
for cfg in $(boots | awk '{print $2}' | sort -u); do
	if "$TOP/scripts/build.sh" "$cfg"; then result ok "build: $cfg"; else result fail "build: $cfg"; fi
done
if "$TOP/scripts/selftests.sh" && "$TOP/scripts/initramfs.sh" "$BUILD/initramfs.cpio.gz"; then
	result ok "build: test programs and initramfs"
else
	result fail "build: test programs and initramfs"
fi
stage_done building

# 3b. the quick part of the build matrix (configs/builds.list, stage "check"):
# i386 and the smallest configurations, W=1 and sparse on the series' objects,
# kernel-doc; each against the base in the same configuration
if checked_alone; then
	STAGES=check "$TOP/scripts/check-builds.sh"
	stage_done "the build matrix"
fi

# 4./5. the boot matrix, with the guest tests and upstream suites
while read -r name cfg cpu expect tests args; do
	# shellcheck disable=SC2086 # args is a list of kernel parameters
	"$TOP/scripts/boot.sh" "$name" "$cfg" "$cpu" "$expect" "$tests" $args
done < <(boots)
stage_done "the boot matrix"

# 6. the series in Debian's stock configuration, with DISTRO=1: its kernel is
# the largest build (about 25 minutes cold), more than a cold CI run can add
checked_alone || exit 0
if [ "${DISTRO:-0}" = 1 ]; then
	"$TOP/scripts/check-distro.sh"
else
	result skip "distro configuration" "DISTRO=1 (or make check-distro) runs it"
fi

# 7. the other bases, as configs/bases.list says
if [ -z "$given" ]; then
	while read -r base _ _ _ _ _ boots; do
		[ "$base" != "$DEFAULT_BASE" ] && [ "$boots" != - ] || continue
		note "base $base: boots $boots"
		BASE=$base CHECK_BOOTS=$boots RESULT_PREFIX="$base: " "$TOP/scripts/check.sh" || true
	done < <(bases)
fi

summary
