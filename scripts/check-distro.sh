#!/bin/bash
# make check-distro: build the series with Debian's stock configuration (see
# configs/distro.config) and boot it once under -cpu max. Also the last stage
# of make check DISTRO=1, whose results file it then shares.
. "$(dirname "$0")/lib.sh"
own_results distro
if "$TOP/scripts/build.sh" distro; then
	result ok "build: distro"
	# Debian's configuration enables many KUnit suites: run only ours.
	"$TOP/scripts/boot.sh" distro distro max 1 cpuinfo,kunit,test_pks kunit.filter_glob=pks
else
	result fail "build: distro"
fi
own_summary
