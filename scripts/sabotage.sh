#!/bin/bash
# make sabotage-check: prove the tests can fail. For each safety mechanism in
# guest/sabotage.list, disable it in build/linux (a perl substitution), build
# the test kernel in build/out/sabotage, boot it under -cpu max, and list the
# tests that failed; then restore the source. Every row must have failures.
# The table goes to build/sabotage.md.
. "$(dirname "$0")/lib.sh"
need_tree
tree_dirty && die "$KTREE has uncommitted changes"
table=$BUILD/sabotage.md
tests=cpuinfo,kunit,test_pks,pks-oops
RESULTS=$BUILD/results-sabotage.ktap
export RESULTS
printf '| mechanism disabled | tests that failed |\n|---|---|\n' >"$table"
bad=0
while IFS='|' read -r name file subst; do
	name=$(echo $name) file=$(echo $file)
	note "sabotage $name: $file"
	perl -0pi -e "$subst" "$KTREE/$file"
	if kgit diff --quiet -- "$file"; then
		kgit checkout -q -- "$file"
		die "sabotage $name no longer changes $file: update guest/sabotage.list"
	fi
	: >"$RESULTS"
	if "$TOP/scripts/build.sh" test sabotage >/dev/null; then
		"$TOP/scripts/boot.sh" "sabotage-$name" sabotage max 1 "$tests" >/dev/null || true
		failed=$(sed -n 's/^not ok [0-9]* sabotage-[^:]*: //p' "$RESULTS" | sed 's/ #.*//' | paste -sd, - | sed 's/,/, /g')
	else
		failed="(does not build)"
	fi
	kgit checkout -q -- "$file"
	case $failed in
	"" | "(does not build)") failed="NONE: ${failed:-no test noticed}"; bad=1 ;;
	esac
	echo "| $name | $failed |" | tee -a "$table"
done < <(entries "$TOP/guest/sabotage.list")
note "table in build/sabotage.md"
[ $bad = 0 ]
