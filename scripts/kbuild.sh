#!/bin/bash
# kbuild.sh [-k] [-b] NAME TREE OUT [DOTCONFIG]: run the build NAME of
# configs/builds.list in the kernel tree TREE, in the fresh build directory
# OUT (-k: keep OUT, an incremental build); with DOTCONFIG, use that .config
# (the series' one, for the base) instead of making it. -b: TREE is the
# base. Exit status 0 if it built. Leaves OUT/config.log (making the
# .config), OUT/build.log (the compared step), OUT/warnings (warnings_of in
# lib.sh, of build.log only: the configuration step prints different Kconfig
# notes on the two trees; Kconfig warnings about the series' own options or
# files fail the series side instead) and OUT/reproduce (the make commands
# run, and the tree's commit). OBJECTS and DOCFILES (space-separated,
# relative to the tree) name what the objects and kernel-doc jobs check; on
# the series side each must be there and be checked, on the base only those
# the base has. USERS: more sources for the objects job, checked where the
# configuration builds them (users of what the series changes in headers).
# The objects job leaves OUT/objects, the sources it checked.
. "$(dirname "$0")/lib.sh"
keep=0 base=0
[ "${1:-}" != -k ] || { keep=1; shift; }
[ "${1:-}" != -b ] || { base=1; shift; }
row=${1:?usage: kbuild.sh [-k] [-b] NAME TREE OUT [DOTCONFIG]}
tree=${2:?} out=${3:?} dotconfig=${4:-}
read -r name _ arch cc config job < <(row_of "$row") || die "no build $row in configs/builds.list"
[ $keep = 1 ] || rm -rf "$out"
mkdir -p "$out"
log=$out/build.log clog=$out/config.log
: >"$log"
: >"$clog"
export KMAKE_LOG=$out/reproduce
echo "# $row on $(git -C "$tree" rev-parse HEAD)${dotconfig:+, with the .config of the series build}" >"$KMAKE_LOG"
kmake() { kmake_in "$tree" "$out" "$arch" "$cc" "$@"; }
failed() { build_errors "$1" >&2; die "$row: $2 failed: see ${1#"$TOP"/}"; }
# The series must have every file of the list; the base only some.
base_side() { [ $base = 1 ]; }

# The .config from the CONFIG column.
configure() {
	local first frags=() f forced=$out/forced.config seed prob
	IFS=, read -r first f <<<"$config"
	[ -z "$f" ] || IFS=, read -ra frags <<<"$f"
	: >"$forced"
	for f in "${frags[@]}"; do
		if [ -f "$TOP/configs/$f.config" ]; then
			cat "$TOP/configs/$f.config" >>"$forced"
		else
			tree_fragment "$f" >>"$forced"
		fi
	done
	case $first in
	@*)
		# The row's fragments come after the configuration's own, and
		# win where both set an option, in the check as in the .config.
		compose_config "${first#@}" "$out"
		cat "$out/fragment.config" "$forced" | last_setting_wins >"$forced.new"
		mv "$forced.new" "$forced"
		;;
	randconfig:*)
		IFS=: read -r _ seed prob <<<"$first"
		echo "KCONFIG_SEED=$seed KCONFIG_PROBABILITY=$prob"
		echo "# KCONFIG_SEED=$seed KCONFIG_PROBABILITY=$prob KCONFIG_ALLCONFIG=$forced, which holds:" >>"$KMAKE_LOG"
		sed 's/^/#   /' "$forced" >>"$KMAKE_LOG"
		KCONFIG_SEED=$seed KCONFIG_PROBABILITY=$prob KCONFIG_ALLCONFIG=$forced kmake randconfig || return 1
		;;
	*) kmake "$first" || return 1 ;;
	esac
	for f in "${frags[@]}"; do
		if [ -f "$TOP/configs/$f.config" ]; then
			[[ $first == randconfig:* ]] || cat "$TOP/configs/$f.config" >>"$out/.config"
		else
			kmake "$f" || return 1
		fi
	done
	kmake olddefconfig || return 1
	config_took "$forced" "$out/.config" || { echo "configuration did not take"; return 1; }
}

# The options of the tree's fragment $1 (a make target such as
# x86_debug.config) that the tree still defines: those must take. (The tip's
# x86_debug.config names options that have since gone.)
tree_fragment() {
	local frag line sym
	frag=$(ls "$tree/kernel/configs/$1" "$tree/arch/$arch/configs/$1" 2>/dev/null | head -1)
	[ -n "$frag" ] || die "$row: no fragment $1 in the tree"
	while read -r line; do
		sym=$(sed -En 's/^(# )?CONFIG_([A-Za-z0-9_]+)[= ].*/\2/p' <<<"$line")
		[ -n "$sym" ] || continue
		if grep -rqx --include='Kconfig*' "\(menu\)\?config $sym" "$tree"; then
			echo "$line"
		else
			echo "# $1: CONFIG_$sym is not an option of this tree" >&2
		fi
	done <"$frag"
}

# The files of the list $1 that the tree has; with $2, .c replaced by $2.
present() {
	local f
	for f in $1; do
		[ -f "$tree/$f" ] || continue
		if [ -n "${2:-}" ]; then echo "${f%.c}$2"; else echo "$f"; fi
	done
}
# The series has every file of the list $1.
[ $base = 1 ] || for f in ${OBJECTS:-} ${DOCFILES:-}; do
	[ -f "$tree/$f" ] || die "$row: the series has no $f"
done

if [ "$config" != - ]; then
	if [ -n "$dotconfig" ]; then
		cp "$dotconfig" "$out/.config"
		kmake olddefconfig >>"$clog" 2>&1 || failed "$clog" olddefconfig
	else
		configure >>"$clog" 2>&1 || failed "$clog" "the configuration"
		# Kconfig notes differ between the trees; those naming the
		# series' own options or Kconfig files are the series' (a
		# select past a dependency, a recursive dependency...).
		if ! base_side; then
			own="PKS|SUPERVISOR_PKEYS|$(git -C "$tree" diff --name-only base HEAD -- '*Kconfig*' | paste -sd'|' -)"
			# (Not the overrides: the fragments are appended to the
			# .config on purpose.)
			if grep -v 'warning: override: ' "$clog" | grep -E -A6 'warning:|unmet direct dependencies' |
				grep -qE "${own%|}"; then
				grep -v 'warning: override: ' "$clog" | grep -E -A6 'warning:|unmet direct dependencies' >&2
				die "$row: Kconfig warns about the series' options or files: see ${clog#"$TOP"/}"
			fi
		fi
	fi
fi
case $job in
kernel) kmake all >>"$log" 2>&1 || failed "$log" "the build" ;;
kernel+extmod)
	# Then, on the series, the external module of extmod/, which uses
	# the whole API (the base has none: it builds the kernel only).
	kmake all >>"$log" 2>&1 || failed "$log" "the build"
	if ! base_side; then
		rm -rf "$out/extmod"
		cp -r "$TOP/extmod" "$out/extmod"
		kmake M="$out/extmod" modules >>"$log" 2>&1 || failed "$log" "the external module"
		[ -f "$out/extmod/pks_api_user.ko" ] || die "$row: extmod/pks_api_user.ko was not built"
	fi
	;;
objects)
	# The objects the configuration builds: a plain build first (from the
	# ccache, mostly), which must have built every object of the series
	# but sources another one includes; the base checks the same list.
	if base_side; then
		mapfile -t objs < <(present "${OBJECTS:-}" .o)
	else
		kmake all >"$out/all.log" 2>&1 || failed "$out/all.log" "the build"
		# The plain build may not warn either: the base builds our
		# configurations without any (see build.sh).
		if [ -n "$(warnings_of "$out/all.log" "$tree" "$out")" ]; then
			warnings_of "$out/all.log" "$tree" "$out" | head -20 >&2
			die "$row: the plain build warns: see ${out#"$TOP"/}/all.log"
		fi
		objs=()
		for o in $(present "${OBJECTS:-}" .o); do
			if [ -f "$out/$o" ]; then
				objs+=("$o")
			elif ! grep -qs "#include \"$(basename "${o%.o}.c")\"" "$tree/$(dirname "$o")"/*.c; then
				die "$row: ${o%.o}.c is not built in this configuration: add what it needs to the row"
			fi
		done
		[ ${#objs[@]} -gt 0 ] || die "$row: no object to check (OBJECTS empty)"
		for o in $(present "${USERS:-}" .o); do
			[[ " ${objs[*]} " == *" $o "* ]] || [ ! -f "$out/$o" ] || objs+=("$o")
		done
	fi
	printf '%s\n' "${objs[@]/%.o/.c}" >"$out/objects"
	[ ${#objs[@]} = 0 ] || kmake W=1 C=2 "${objs[@]}" >>"$log" 2>&1 || failed "$log" "W=1 C=2"
	;;
kernel-doc)
	mapfile -t docs < <(present "${DOCFILES:-}")
	base_side || [ ${#docs[@]} -gt 0 ] || die "$row: no file to check (DOCFILES empty)"
	for f in "${docs[@]}"; do
		(cd "$tree" && scripts/kernel-doc -none -Wall "$f") >>"$log" 2>&1 || failed "$log" "kernel-doc $f"
	done
	;;
htmldocs)
	kmake SPHINXDIRS=core-api htmldocs >>"$log" 2>&1 || failed "$log" htmldocs
	[ -f "$out/Documentation/output/core-api/protection-keys.html" ] ||
		die "$row: no core-api/protection-keys.html (is sphinx-build installed? make check-builds installs it)"
	;;
selftests)
	kmake headers >"$out/headers.log" 2>&1 || failed "$out/headers.log" "make headers"
	make -C "$tree/tools/testing/selftests" O="$out" TARGETS=x86 >>"$log" 2>&1 || failed "$log" "the selftests build"
	if ! base_side; then
		[ -x "$out/kselftest/x86/test_pks_64" ] || die "$row: test_pks_64 was not built"
		# Both halves: without a 32-bit libc, the 32-bit tests drop out
		# on both sides alike.
		ls "$out"/kselftest/x86/*_32 >/dev/null 2>&1 || die "$row: no 32-bit selftest was built (gcc-multilib?)"
	fi
	;;
*) die "$row: unknown job $job" ;;
esac
warnings_of "$log" "$tree" "$out" >"$out/warnings"
