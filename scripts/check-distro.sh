#!/bin/bash
# make check-distro: build the series with Debian's stock configuration (see
# configs/distro.config) and boot it once under -cpu max.
. "$(dirname "$0")/lib.sh"
RESULTS=$BUILD/results-distro.ktap
: >"$RESULTS"
export RESULTS
if "$TOP/scripts/build.sh" distro; then
	result ok "build: distro"
	# Debian's config enables many KUnit suites; run only ours.
	"$TOP/scripts/boot.sh" distro distro max 1 cpuinfo,kunit,test_pks kunit.filter_glob=pks
fi
! grep -q '^not ok' "$RESULTS"
