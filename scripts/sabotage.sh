#!/bin/bash
# make sabotage-check [ROWS=regex]: prove the tests can fail. For each safety
# mechanism in guest/sabotage.list (or those whose name matches ROWS), disable
# it in build/linux (a perl substitution), build the test kernel in
# build/out/sabotage (or, for a row whose boot says config=NAME, the kernel of
# configs/NAME.config in build/out/sabotage-NAME), boot it as the row says,
# and list the tests that failed; then restore the source. Every row must
# have failures, among them its MUST-FAIL test.
# The table goes to build/sabotage.md.
# sabotage.sh --lint only checks that every row names a test that must fail
# and still changes its file (in a copy: the tree is left alone), for make
# check.
. "$(dirname "$0")/lib.sh"
need_tree
trim() { local v; read -r v <<<"$1"; printf '%s' "$v"; }
if [ "${1:-}" = --lint ]; then
	n=0 bad=0 out=$(mktemp)
	while IFS='|' read -r name file boot must subst; do
		name=$(trim "$name") file=$(trim "$file") must=$(trim "$must") subst=${subst# } n=$((n + 1))
		if [ -z "$must" ]; then
			echo "sabotage row \"$name\": no MUST-FAIL test" >&2
			bad=1
		elif [ ! -f "$KTREE/$file" ]; then
			echo "sabotage row \"$name\": no file $file" >&2
			bad=1
		elif ! perl -0pe "$subst" "$KTREE/$file" >"$out"; then
			echo "sabotage row \"$name\": its substitution does not run" >&2
			bad=1
		elif cmp -s "$out" "$KTREE/$file"; then
			echo "sabotage row \"$name\" no longer changes $file" >&2
			bad=1
		fi
	done < <(entries "$TOP/guest/sabotage.list")
	rm -f "$out"
	echo "$n"
	exit $bad
fi
tree_dirty && die "$KTREE has uncommitted changes"
table=$BUILD/sabotage.md
tests=cpuinfo,kunit,test_pks,pks-pin,pks-free-atomic,pks-desync,pks-warn,pks-hotplug,pks-s3,pks-hibernate,pks-keyed-misuse,pks-torture,pks-oops,pks-bench-counts,pks-observe,pks-secret,pks-kmemleak
RESULTS=$BUILD/results-sabotage.ktap
export RESULTS
printf '| mechanism disabled | tests that failed |\n|---|---|\n' >"$table"
bad=0
while IFS='|' read -r name file boot must subst; do
	name=$(trim "$name") file=$(trim "$file") must=$(trim "$must") subst=${subst# }
	[[ $name =~ ${ROWS:-.} ]] || continue
	note "sabotage $name: $file"
	perl -0pi -e "$subst" "$KTREE/$file"
	if kgit diff --quiet -- "$file"; then
		kgit checkout -q -- "$file"
		die "sabotage $name no longer changes $file: update guest/sabotage.list"
	fi
	new_results
	read -r cpu expect args <<<"$boot"
	cfg=$(sed -n 's/.*\bconfig=\([^ ]*\).*/\1/p' <<<"$args")
	args=$(sed 's/\bconfig=[^ ]*//' <<<"$args")
	out=sabotage${cfg:+-$cfg}
	if "$TOP/scripts/build.sh" "${cfg:-test}" "$out" >/dev/null; then
		"$TOP/scripts/boot.sh" "sabotage-$name" "$out" "$cpu" "$expect" "$tests" $args torture_secs=10 >/dev/null || true
		failed=$(sed -n 's/^not ok [0-9]* sabotage-[^:]*: //p' "$RESULTS" | sed 's/ #.*//' | paste -sd, - | sed 's/,/, /g')
	else
		failed="(does not build)"
	fi
	kgit checkout -q -- "$file"
	case $failed in
	"" | "(does not build)") failed="NONE: ${failed:-no test noticed}"; bad=1 ;;
	*"$must"*) ;;
	*) failed="MISSED, $must passed: $failed"; bad=1 ;;
	esac
	echo "| $name | $failed |" | tee -a "$table"
done < <(entries "$TOP/guest/sabotage.list")
note "table in $RBUILD/sabotage.md"
[ $bad = 0 ]
