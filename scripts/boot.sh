#!/bin/bash
# boot.sh [-i] NAME CONFIG CPU PKS_EXPECT TESTS [KERNEL-ARGS...]
# Boot build/out/CONFIG under QEMU TCG (-smp 2, -cpu CPU) with the test
# initramfs, run the guest TESTS (comma list), and record KTAP results named
# "NAME: ...". The boot itself is a result too: it fails on a timeout, a guest
# that did not finish, or a BUG/WARNING/Oops/panic/lockdep splat on the console.
# -i: console on this terminal and a guest shell after the tests.
. "$(dirname "$0")/lib.sh"
interactive=0
[ "${1:-}" = -i ] && { interactive=1; shift; }
[ $# -ge 5 ] || die "usage: boot.sh [-i] NAME CONFIG CPU PKS_EXPECT TESTS [KERNEL-ARGS...]"
name=$1 cfg=$2 cpu=$3 expect=$4 tests=$5
shift 5
kernel=$BUILD/out/$cfg/arch/x86/boot/bzImage
initrd=$BUILD/initramfs.cpio.gz
[ -f "$kernel" ] || die "no kernel $kernel: build it first (make build)"
[ -f "$initrd" ] || die "no initramfs $initrd (make initramfs)"
console=$LOGS/$name.console res=$LOGS/$name.results
mkdir -p "$LOGS"
rm -f "$console" "$res"
append="console=ttyS0 panic=-1 tests=$tests pks_expect=$expect $*"
qemu=(qemu-system-x86_64 -accel tcg -cpu "$cpu" -smp 2 -m 1G -no-reboot
	-kernel "$kernel" -initrd "$initrd")

if [ $interactive = 1 ]; then
	exec "${qemu[@]}" -nographic -serial mon:stdio -serial "file:$res" -append "$append shell=1"
fi

note "boot $name: $cfg kernel, -cpu $cpu${*:+, $*}"
rc=0
timeout -k 5 "${BOOT_TIMEOUT:-600}" "${qemu[@]}" -display none -monitor none \
	-serial "file:$console" -serial "file:$res" -append "$append" </dev/null || rc=$?

# Guest results -> KTAP lines "NAME: test: case".
awk -v boot="$name" '
function out(v, n, r) { printf "%s\t%s: %s\t%s\n", v, boot, n, r }
{ sub(/\r$/, "") }
/^# pkstest-begin: / { t = $3; nres = 0; nfail = 0; next }
/^# pkstest-exit: / {
	rc = $4
	if (nres == 0) out(rc == 0 ? "ok" : rc == 4 ? "skip" : "fail", t, rc == 0 || rc == 4 ? "" : "exit status " rc)
	else if (rc != 0 && rc != 4 && nfail == 0) out("fail", t ": exit status", rc)
	t = ""; next
}
t != "" && /^(not )?ok [0-9]+ / {
	v = /^not / ? "fail" : "ok"
	d = $0; sub(/^(not )?ok [0-9]+ /, "", d)
	r = ""
	if (index(d, " # ")) { r = substr(d, index(d, " # ") + 3); d = substr(d, 1, index(d, " # ") - 1) }
	if (v == "ok" && r ~ /^SKIP/) { v = "skip"; r = substr(r, 6) }
	if (d == "") { d = r; r = "" }	# kselftest: "ok 2 # SKIP name: why"
	nres++; if (v == "fail") nfail++
	out(v, t ": " d, r)
}
END { if (t != "") out("fail", t, "did not finish") }
' "$res" | while IFS=$'\t' read -r v n r; do result "$v" "$n" "$r"; done

why=""
splat='BUG:|WARNING:|Oops|Kernel panic|general protection fault|UBSAN:|KASAN:|INFO: task .* blocked'
# A guest test that provokes a splat on purpose says so: "# expects-splat:
# REGEX". Such a splat is allowed between that test's start and its exit on
# the console, nowhere else: not at boot, not in another test. A test
# that checks the reports of the whole boot itself (KCSAN's) says
# "# expects-splat-boot: REGEX": allowed anywhere in a boot that runs it.
splats=$(awk -v splat="$splat" -v dir="$TOP/guest/tests" -v tests="$tests" '
	function load(t, l) {
		allow[t] = "^$"
		while ((getline l <(dir "/" t)) > 0) {
			if (sub(/^# expects-splat: /, "", l)) allow[t] = allow[t] "|" l
			else if (sub(/^# expects-splat-boot: /, "", l)) anywhere = anywhere "|" l
		}
		close(dir "/" t)
	}
	BEGIN { anywhere = "^$"; n = split(tests, ts, ","); for (i = 1; i <= n; i++) load(ts[i]) }
	{ sub(/\r$/, "") }
	/^# pkstest-begin: / { t = $3; next }
	/^# pkstest-(exit|done)/ { t = ""; next }
	$0 ~ splat && $0 !~ anywhere && !(t in allow && $0 ~ allow[t])' "$console")
if [ $rc = 124 ] || [ $rc = 137 ]; then
	why="timed out after ${BOOT_TIMEOUT:-600}s"
elif [ $rc != 0 ]; then
	why="qemu exit status $rc"
elif ! grep -q '^# pkstest-done' "$res"; then
	why="guest did not finish its tests"
elif [ -n "$splats" ]; then
	why="kernel splat: ${splats%%$'\n'*}"
fi
if [ -n "$why" ]; then
	# A kernel that died in the KUnit run at boot: its verdicts are on the
	# console only; with none failed, the suite that was running.
	grep -q '^# pkstest-begin: ' "$res" ||
		awk '{ sub(/\r$/, "") }
			/\]     # Subtest: / { s = $NF; done = 0 }
			/^\[[ 0-9.]+\]     not ok [0-9]+ / { print s "." $NF; n++ }
			/^\[[ 0-9.]+\] (not )?ok [0-9]+ / { done = 1 }
			END { if (!n && s != "" && !done) print s " (running when the kernel died)" }' "$console" |
		while read -r c; do result fail "$name: kunit (console): $c" "the kernel did not reach the tests"; done
	result fail "$name: boot" "$why"
	echo "# --- last lines of $RLOGS/$name.console ---"
	tail -n 40 "$console" | sed 's/^/# /'
else
	result ok "$name: boot"
fi
# For the end of the run: what the console says about this boot's failures,
# the first splat and what KUnit said of its failed cases.
if grep -q "^not ok [0-9]* ${RESULT_PREFIX:-}$name: " "$RESULTS"; then
	{
		[ -z "$why" ] || echo "boot: $why"
		[ -z "$splats" ] || grep -m 1 -A 24 -F -- "${splats%%$'\n'*}" "$console" || true
		grep -E -B 1 -A 3 'EXPECTATION FAILED|ASSERTION FAILED|    not ok ' "$console" || true
	} | evidence "$name ($RLOGS/$name.console)"
fi
