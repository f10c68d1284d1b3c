#!/bin/bash
# make bench: the PKS benchmark (see the README). Boots the test kernel under -cpu max
# -smp 2 and prints one table, also saved as build/bench/table.md:
#   P1-P3  PKRS write counts (CONFIG_PKS_STATS), from one boot: context
#          switches, faults, interrupts, NMIs, softirqs run from
#          local_bh_enable(), kprobe hits, pks_mk_*();
#   P4     rights round trip vs set_memory_rw/ro, bare WRMSRs and the floor
#          (CONFIG_PKS_BENCH), medians of $BENCH_RUNS runs in that boot;
#   P5     five ordinary kernel paths, booted with and without nopks,
#          alternately, $BENCH_ROUNDS boots each: medians and their ratio;
#   P6     vmlinux growth over the base, built with the same configuration,
#          and the per-thread cost (task_struct size, read in both kernels).
# Times are only compared within one run: QEMU TCG on a shared machine is
# noisy, and every PKRS write there flushes the whole TLB.
. "$(dirname "$0")/lib.sh"
need_tree
rounds=${BENCH_ROUNDS:-11} runs=${BENCH_RUNS:-5}
dir=$BUILD/bench
mkdir -p "$dir"
RESULTS=$dir/results.ktap
export RESULTS
new_results
rm -f "$LOGS"/bench-*

# sizeof(irqentry_state_t) in the tree as checked out, built with OUT's
# configuration, into OUT/irqentry_state_bytes: an external module of one
# array of that size, whose size nm prints.
state_bytes() { # OUT
	local m=$BUILD/out/$1/state-probe size
	rm -rf "$m" && mkdir -p "$m"
	echo 'obj-m += probe.o' >"$m/Kbuild"
	printf '#include <linux/entry-common.h>\nchar irqentry_state_probe[sizeof(irqentry_state_t)];\n' >"$m/probe.c"
	kmake_in "$KTREE" "$BUILD/out/$1" x86_64 gcc -s M="$m" probe.o >"$LOGS/state-probe-$1.log" 2>&1 ||
		die "the irqentry_state_t probe did not build: see $RLOGS/state-probe-$1.log"
	size=$(nm -S "$m/probe.o" | awk '$4 == "irqentry_state_probe" { print $2 }')
	[ -n "$size" ] || die "no irqentry_state_probe in $m/probe.o"
	echo $((16#$size)) >"$BUILD/out/$1/irqentry_state_bytes"
}

# The base, built once with the test configuration (for P6), in the tree
# itself, which the ccache knows; LOOSE_CONFIG: the PKS options are unknown.
base_vmlinux=$BUILD/out/base-test/vmlinux
if [ ! -f "$base_vmlinux" ] || [ ! -f "$BUILD/out/base-test/irqentry_state_bytes" ] ||
	[ -n "$(find "$TOP/configs" -newer "$base_vmlinux")" ]; then
	(leave_branch && kgit checkout -q --detach base && LOOSE_CONFIG=1 "$TOP/scripts/build.sh" test base-test &&
		state_bytes base-test)
fi
"$TOP/scripts/build.sh" test
state_bytes test

# The values "# bench: KEY VALUE" that boot NAME printed, one per line.
values() { sed -n "s/^# bench: $2 \([^[:space:]]*\).*/\1/p" "$LOGS/$1.results"; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# nokaslr: every boot of one kernel has the same layout, so that the two
# kernels of P5 differ only by nopks.
"$TOP/scripts/boot.sh" bench-counts test max 1 pks-bench-counts,pks-bench-kernel,pks-bench-size nokaslr bench_runs="$runs"
"$TOP/scripts/boot.sh" bench-base base-test max 1 pks-bench-size nokaslr
for r in $(seq "$rounds"); do
	"$TOP/scripts/boot.sh" "bench-pks-$r" test max 1 pks-bench-time nokaslr bench_rounds=7
	"$TOP/scripts/boot.sh" "bench-nopks-$r" test max 0 pks-bench-time nokaslr nopks bench_rounds=7
done
grep -q '^not ok' "$RESULTS" && die "a benchmark boot failed: see $RESULTS and $RLOGS/bench-*"
grep -q '# SKIP' "$RESULTS" && die "a benchmark was skipped, its row would be empty: see $RESULTS"

c=bench-counts
v() { values "$c" "$1" | head -n 1; }
for k in p1_switches p1_switch_writes p2_faults p2_fault_writes p2_interrupts p2_interrupt_writes \
	p2_nmis p2_nmi_writes p2_softirqs p2_softirq_writes kprobe_hits kprobe_writes change_calls \
	change_writes same_calls same_writes pks_ns set_memory_ns wrmsr_ns floor_ns cpus task_struct_bytes; do
	[ -n "$(v "$k")" ] || die "boot $c printed no value $k: see $RLOGS/$c.results"
done
for w in pipe_pingpong getppid page_fault fork_exit udp_lo; do
	[ "$(cat "$LOGS"/bench-{pks,nopks}-*.results | grep -c "^# bench: p5_${w}_ns ")" = $((2 * rounds)) ] ||
		die "not every P5 boot printed p5_${w}_ns: see $RLOGS/bench-*.results"
done
# P4: per run, the ratio of two medians; then the median over the runs.
ratio() { paste <(values "$c" "$1") <(values "$c" "$2") | awk '{ printf "%.3f\n", $1 / $2 }' | median; }
p4=$(ratio set_memory_ns pks_ns) p4b=$(ratio pks_ns wrmsr_ns) p4f=$(ratio pks_ns floor_ns)
floor=$(ratio floor_ns wrmsr_ns)
ns() { values "$c" "$1" | median; }

# P5: median of each kernel's per-boot medians, and their ratio.
p5all() { cat "$LOGS"/bench-"$2"-*.results | tr -d '\r' | sed -n "s/^# bench: p5_$1_ns //p"; }
p5() { p5all "$@" | median; }
spread() { p5all "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%d-%d", v[1], v[NR] }'; }

# P6: growth of the functions (scripts/bloat-o-meter -t), by part: the objects
# only test kernels have, the consumer (mm/pks_secret.o), the debug options of
# the test configuration, the observability (trace events, debugfs
# view), and the rest, the core. __pfx_ padding counts with its function.
mm=$BUILD/out/test/arch/x86/mm
# Symbols named as bloat-o-meter names them: foo.part.0 is foo.part.
syms() { # PART OBJECT...
	local p=$1
	shift
	nm --defined-only "$@" | awk -v p="$p" 'NF == 3 { n = $3; gsub(/\.[0-9]+/, "", n); print p, n }'
}
syms tests "$mm"/pks_{kunit,test_debugfs,torture,bench}.o >"$dir/parts.txt"
syms consumer "$BUILD/out/test/mm/pks_secret.o" >>"$dir/parts.txt"
"$KTREE/scripts/bloat-o-meter" -t "$base_vmlinux" "$BUILD/out/test/vmlinux" >"$dir/bloat-o-meter.txt"
awk 'NR == FNR { part[$2] = $1; next }
	FNR > 2 && NF == 4 && $4 ~ /^[-+]?[0-9]+$/ {
		n = $1; sub(/^__pfx_/, "", n)
		if (n in part) p = part[n]
		else if (n ~ /^pks_(writes_|stats_init|report_held|check_pkrs$|exit_thread$)/) p = "debug"
		else if (n ~ /_pks_(rights|key_alloc|key_free)$|^pks_state_|^pks_debugfs_init$/) p = "observability"
		else p = "core"
		sum[p] += $4
	}
	END { for (p in sum) print p, sum[p] }' "$dir/parts.txt" "$dir/bloat-o-meter.txt" >"$dir/p6.txt"
part() { awk -v p="$1" '$1 == p { print $2 }' "$dir/p6.txt"; }
core=$(part core) obs=$(part observability) dbg=$(part debug) consumer=$(part consumer) tests=$(part tests)
# Data by object (bloat-o-meter -d: data, read-only data, bss), not by section
# size, which moves with the linker's alignment of the sections.
data=$("$KTREE/scripts/bloat-o-meter" -d "$base_vmlinux" "$BUILD/out/test/vmlinux" | sed -n '1s/.*(\(-\?[0-9]*\))$/\1/p')
task_base=$(values bench-base task_struct_bytes) task=$(values "$c" task_struct_bytes)
state_base=$(cat "$BUILD/out/base-test/irqentry_state_bytes") state=$(cat "$BUILD/out/test/irqentry_state_bytes")

verdict() { awk -v m="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == "<=" ? m <= t : op == ">=" ? m >= t : m == t; print ok ? "met" : "MISSED" }'; }
per() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b ? a / b : 0 }'; }
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

p1=$(per "$(v p1_switch_writes)" "$(v p1_switches)")
p2f=$(per "$(v p2_fault_writes)" "$(v p2_faults)")
p2i=$(per "$(v p2_interrupt_writes)" "$(v p2_interrupts)")
p2n=$(per "$(v p2_nmi_writes)" "$(v p2_nmis)")
p2s=$(per "$(v p2_softirq_writes)" "$(v p2_softirqs)")
p3k=$(per "$(v kprobe_writes)" "$(v kprobe_hits)")
p3c=$(per "$(v change_writes)" "$(v change_calls)")
p3s=$(per "$(v same_writes)" "$(v same_calls)")
{
	echo "PKS benchmark, $(date -u +%Y-%m-%d): $(base_description) + $(kgit rev-list --count base..HEAD) patches"
	echo "(HEAD $(kgit rev-parse --short HEAD)), configs/test.config (CONFIG_PKS_STATS, CONFIG_PKS_BENCH),"
	echo "QEMU $(qemu-system-x86_64 --version | head -n 1 | awk '{ print $4 }') TCG -cpu max -smp 2, on $(nproc) host CPUs."
	echo
	row Row Measure Measured Target Verdict
	row --- --- --- --- ---
	row P1 "PKRS writes per context switch, no rights held ($(v p1_switch_writes) in $(v p1_switches) switches, pipe ping-pong)" "$p1" 0 "$(verdict "$p1" == 0)"
	row P2 "PKRS writes per page fault, no rights held ($(v p2_fault_writes) in $(v p2_faults) faults)" "$p2f" 0 "$(verdict "$p2f" == 0)"
	row P2 "PKRS writes per interrupt, no rights held ($(v p2_interrupt_writes) in $(v p2_interrupts) interrupts, 2 s user spin)" "$p2i" 0 "$(verdict "$p2i" == 0)"
	row P2 "PKRS writes per NMI, no rights held ($(v p2_nmi_writes) in $(v p2_nmis) NMIs, sysrq-l backtraces)" "$p2n" 0 "$(verdict "$p2n" == 0)"
	row P2 "PKRS writes per network receive softirq run from local_bh_enable(), no rights held ($(v p2_softirq_writes) in $(v p2_softirqs) softirqs, UDP ping-pong on lo)" "$p2s" 0 "$(verdict "$p2s" == 0)"
	row P3 "PKRS writes per kprobe hit (int3), no rights held ($(v kprobe_writes) in $(v kprobe_hits) hits)" "$p3k" 0 "$(verdict "$p3k" == 0)"
	row P3 "PKRS writes per pks_mk_*() call that changes rights ($(v change_writes)/$(v change_calls))" "$p3c" 1 "$(verdict "$p3c" == 1)"
	row P3 "PKRS writes per pks_mk_*() call that changes nothing ($(v same_writes)/$(v same_calls))" "$p3s" 0 "$(verdict "$p3s" == 0)"
	row P4 "set_memory_rw+ro on a vmalloc page ($(ns set_memory_ns) ns) / rights round trip ($(ns pks_ns) ns), $(v cpus) CPUs online" "${p4}x" ">= 15x" "$(verdict "$p4" '>=' 15)"
	row P4b "rights round trip / two bare WRMSR(PKRS) ($(ns wrmsr_ns) ns)" "$p4b" "<= 1.15" "$(verdict "$p4b" '<=' 1.15)"
	row "P4b floor" "the least any implementation adds ($(ns floor_ns) ns) / two bare WRMSRs" "$floor" "(reference)" "-"
	row "P4b API" "rights round trip / that floor: what this API adds" "$p4f" "<= 1.15" "$(verdict "$p4f" '<=' 1.15)"
	for w in pipe_pingpong getppid page_fault fork_exit udp_lo; do
		a=$(p5 "$w" pks) b=$(p5 "$w" nopks) r=$(per "$(p5 "$w" pks)" "$(p5 "$w" nopks)")
		row P5 "$w, ns per operation: PKS $a / nopks $b (medians of $rounds boots each; single boots $(spread "$w" pks) / $(spread "$w" nopks))" "$r" "<= 1.02" "$(verdict "$r" '<=' 1.02)"
	done
	row P6 "vmlinux function growth, the PKS core: enabling, per-thread rights, entry and softirqs, faults, API, key reuse, keyed vmalloc and set_memory_pkey(), oops report" "${core:-0} bytes" "<= 6144" "$(verdict "${core:-0}" '<=' 6144)"
	row P6 "the same, observability: trace events (generated code) and the debugfs view" "${obs:-0} bytes" "(stated)" "-"
	row P6 "the same, debug options of the test configuration (PKS_STATS, PKS_DEBUG, the PKRS check of DEBUG_ENTRY)" "${dbg:-0} bytes" "(stated)" "-"
	row P6 "the same, the consumer (PKS_SECRET, with its tests) and the test-only objects" "${consumer:-0} + ${tests:-0} bytes" "(stated)" "-"
	row P6 "vmlinux data growth: data, read-only data and bss objects, tests included" "$data bytes" "(stated)" "-"
	row P6 "per thread: task_struct object size, base $task_base" "+$((task - task_base)) bytes" "(stated)" "-"
	row P6 "per interrupt/exception frame: irqentry_state_t on the stack (struct pks_irqentry: u32 rights + unsigned long tag, 4-aligned)" "+$((state - state_base)) bytes ($state_base -> $state)" "(stated)" "-"
	echo
	echo "P4 runs (ns: rights round trip/set_memory/bare WRMSRs/floor): $(paste -d/ <(values "$c" pks_ns) <(values "$c" set_memory_ns) <(values "$c" wrmsr_ns) <(values "$c" floor_ns) | paste -sd' ')"
} | tee "$dir/table.md"
