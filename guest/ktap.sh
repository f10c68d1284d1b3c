# Sourced by the guest test programs (. /lib/ktap.sh): KTAP output for a
# program with a fixed list of cases, reported in order.
#   ktap_plan CASE...      the header and the plan
#   check CASE CMD...      CASE passes if CMD succeeds
#   ktap_rest WHY [fail]   every case not reported yet skipped (exit status 4),
#                          or failed (exit status 1), for WHY; then exit
#   need_pks_test          unless PKS is on and $f answers: ktap_rest, failed
#                          if the boot expects PKS (pks_expect=1)
#   err_of CMD             the error message of CMD's failed write, or nothing
#   run_test_pks           the x86 selftest test_pks, its output shown if it fails
# The program's own names: $f and the functions above; the helpers' variables
# start with _ktap.
f=/sys/kernel/debug/x86/pks_test
_ktap_n=0
ktap_plan() {
	_ktap_cases=$*
	echo "TAP version 13"
	echo "1..$#"
}
check() {
	_ktap_name=$1
	shift
	_ktap_n=$((_ktap_n + 1))
	if "$@"; then echo "ok $_ktap_n $_ktap_name"; else echo "not ok $_ktap_n $_ktap_name"; fi
}
ktap_rest() {
	_ktap_i=0
	for _ktap_c in $_ktap_cases; do
		_ktap_i=$((_ktap_i + 1))
		[ $_ktap_i -gt $_ktap_n ] || continue
		if [ "$2" = fail ]; then
			echo "not ok $_ktap_i $_ktap_c # $1"
		else
			echo "ok $_ktap_i $_ktap_c # SKIP $1"
		fi
	done
	[ "$2" = fail ] && exit 1
	exit 4
}
need_pks_test() {
	[ -e $f ] && echo default >$f 2>/dev/null && return
	[ "$pks_expect" = 1 ] && ktap_rest "this boot has PKS, but $f does not answer" fail
	ktap_rest "no PKS or no $f"
}
err_of() {
	sh -c "$1" 2>&1 | sed 's/.*: //'
}
# test_pks, the x86 selftest, as one case; its output shown if it fails.
run_test_pks() {
	/tests/x86/test_pks_64 >/tmp/test_pks.out 2>&1 && return
	sed 's/^/# /' /tmp/test_pks.out
	return 1
}
