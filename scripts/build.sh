#!/bin/bash
# build.sh CONFIG [OUTNAME]: build the kernel of configs/CONFIG.config out of
# tree in build/out/OUTNAME (default CONFIG), with ccache. The fragment is
# merged onto configs/base.config, or onto the config its "#base: FILE" line
# names; "#base-modules: off" drops that config's modular options (=m) instead
# of letting them become built in. "#include: NAME" pulls configs/NAME.config
# in first. LOOSE_CONFIG=1 accepts fragment options the tree does not know yet
# (builds of a prefix of the series).
. "$(dirname "$0")/lib.sh"
cfg=${1:?usage: build.sh CONFIG}
frag=$TOP/configs/$cfg.config
[ -f "$frag" ] || die "no configuration $frag"
[ -e "$KTREE/.git" ] || die "no kernel tree: run 'make tree' first"
name=${2:-$cfg}
out=$BUILD/out/$name
base=$(sed -n 's/^#base: //p' "$frag")
base=${base:-$TOP/configs/base.config}
[ -f "$base" ] || die "configs/$cfg.config: base configuration $base not found"
mkdir -p "$out" "$LOGS"
# The fragment with its includes expanded.
expand() {
	local inc
	for inc in $(sed -n 's/^#include: //p' "$1"); do expand "$TOP/configs/$inc.config"; done
	cat "$1"
}
expand "$frag" >"$out/own.config"
frag=$out/own.config
export KBUILD_BUILD_USER=pks KBUILD_BUILD_HOST=qemu KBUILD_BUILD_TIMESTAMP="@0"
kmake() { make -s -C "$KTREE" O="$out" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"; }

case $base in
*.xz) xz -dc "$base" ;;
*) cat "$base" ;;
esac | if grep -qx '#base-modules: off' "$frag"; then
	sed 's/^\(CONFIG_[A-Za-z0-9_]*\)=m$/# \1 is not set/'
else
	cat
fi >"$out/.config"
cat "$frag" >>"$out/.config"
# The options to verify: those of the fragment, and of our own base.
if [ "$base" = "$TOP/configs/base.config" ]; then
	cat "$base" "$frag" >"$out/fragment.config"
else
	cp "$frag" "$out/fragment.config"
fi
kmake olddefconfig >"$LOGS/config-$name.log" 2>&1 || { cat "$LOGS/config-$name.log" >&2; die "olddefconfig failed for $cfg"; }
# Every option of the fragment must have survived olddefconfig (as kunit.py checks).
bad=0
while read -r line; do
	case $line in
	CONFIG_*=*) grep -qxF "$line" "$out/.config" || { echo "  wanted $line, got: $(grep "^${line%%=*}=\|^# ${line%%=*} " "$out/.config" || echo unset)"; bad=1; } ;;
	"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *}; ! grep -q "^$opt=" "$out/.config" || { echo "  wanted $opt off, got it on"; bad=1; } ;;
	esac
done <"$out/fragment.config"
if [ $bad = 1 ]; then
	[ "${LOOSE_CONFIG:-0}" = 1 ] || die "configs/$cfg.config: the options above did not take (missing dependency?)"
fi
note "building $cfg kernel in build/out/$name ($(base_description) + $(kgit rev-list --count base..HEAD) patches)"
if ! kmake all >"$LOGS/build-$name.log" 2>&1; then
	grep -E 'error|Error' "$LOGS/build-$name.log" | head -30 >&2
	die "build of $name failed: see build/logs/build-$name.log"
fi
# Compiler and objtool warnings count as failures: the base builds without any
# in our configurations. With a foreign base configuration (Debian's), the base
# may warn on its own: there, only warnings naming a file the series touches
# count.
warnings=$(grep -E 'warning:|objtool' "$LOGS/build-$name.log" || true)
if [ "$base" != "$TOP/configs/base.config" ] && [ -n "$warnings" ]; then
	echo "$warnings" | sed 's/^/# base warning: /' | head -20
	warnings=$(echo "$warnings" | grep -F "$(kgit diff --name-only base..HEAD)" || true)
fi
if [ -n "$warnings" ]; then
	echo "$warnings" >&2
	die "build of $name has warnings: see build/logs/build-$name.log"
fi
