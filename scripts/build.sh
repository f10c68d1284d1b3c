#!/bin/bash
# build.sh CONFIG [OUTNAME]: build the kernel of configs/CONFIG.config out of
# tree in build/out/OUTNAME (default CONFIG), with ccache. The fragment is
# merged onto its base configuration (compose_config in lib.sh).
# LOOSE_CONFIG=1 accepts fragment options the tree does not know yet (builds
# of a prefix of the series).
. "$(dirname "$0")/lib.sh"
cfg=${1:?usage: build.sh CONFIG}
frag=$TOP/configs/$cfg.config
[ -f "$frag" ] || die "no configuration $frag"
[ -e "$KTREE/.git" ] || die "no kernel tree: run 'make tree' first"
name=${2:-$cfg}
out=$BUILD/out/$name
base=$(config_base "$cfg")
mkdir -p "$out" "$LOGS"
kmake() { kmake_in "$KTREE" "$out" x86_64 gcc -s "$@"; }

compose_config "$cfg" "$out"
kmake olddefconfig >"$LOGS/config-$name.log" 2>&1 || { cat "$LOGS/config-$name.log" >&2; die "olddefconfig failed for $cfg"; }
# Every option of the fragment must have survived olddefconfig.
if ! config_took "$out/fragment.config" "$out/.config"; then
	[ "${LOOSE_CONFIG:-0}" = 1 ] || die "configs/$cfg.config: the options above did not take (missing dependency?)"
fi
note "building $cfg kernel in $RBUILD/out/$name ($(base_description) + $(kgit rev-list --count base..HEAD) patches)"
if ! kmake all >"$LOGS/build-$name.log" 2>&1; then
	build_errors "$LOGS/build-$name.log" >&2
	die "build of $name failed: see $RLOGS/build-$name.log"
fi
# Compiler, objtool and modpost warnings count as failures: the base builds
# without any in our configurations. With a foreign base configuration
# (Debian's), the base may warn on its own: there, only warnings naming a file
# the series touches count.
warnings=$(warnings_of "$LOGS/build-$name.log" "$KTREE" "$out")
if [ "$base" != "$TOP/configs/base.config" ] && [ -n "$warnings" ]; then
	echo "$warnings" | sed 's/^/# base warning: /' | head -20
	warnings=$(echo "$warnings" | grep -F "$(kgit diff --name-only base..HEAD)" || true)
fi
if [ -n "$warnings" ]; then
	echo "$warnings" >&2
	die "build of $name has warnings: see $RLOGS/build-$name.log"
fi
