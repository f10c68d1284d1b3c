#!/bin/bash
# checkpatch.sh: scripts/checkpatch.pl --strict on every patch of the series;
# each must report 0 errors, 0 warnings, 0 checks, but for the message types
# checkpatch.exceptions lists for that patch (with the reason).
. "$(dirname "$0")/lib.sh"
for p in $(series); do
	ignore=$(while read -r glob type _; do
		# shellcheck disable=SC2053 # glob match intended
		if [[ $p == $glob ]]; then echo "$type"; fi
	done < <(entries "$TOP/checkpatch.exceptions") | paste -sd, -)
	# /usr/bin first: spdxcheck.py needs the python3 that has Debian's python3-ply.
	if out=$(cd "$KTREE" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-summary --show-types \
		${ignore:+--ignore "$ignore"} "$PATCHES/$p" 2>&1); then
		result ok "checkpatch: $p"
	else
		echo "$out" | sed 's/^/# /'
		result fail "checkpatch: $p"
	fi
done
