#!/bin/bash
# deps.sh [builds]: install the Debian packages the harness needs (only those
# missing); "builds" adds those of make check-builds' slower rows (clang and
# LLVM, Sphinx and graphviz, 32-bit libc for the selftests).
. "$(dirname "$0")/lib.sh"
pkgs=(make gcc libc6-dev flex bison bc libelf-dev libssl-dev perl cpio gzip xz-utils
	git ccache kmod rsync python3 python3-ply python3-git qemu-system-x86 busybox-static sparse
	"$SRCPKG" linux-config-6.12)
[ "${1:-}" != builds ] || pkgs+=(clang lld llvm python3-sphinx graphviz gcc-multilib lzop lz4 zstd)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
note "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
	cat "$log" >&2
	die "apt-get install ${missing[*]} failed"
fi
rm -f "$log"
