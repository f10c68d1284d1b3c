#!/bin/bash
# deps.sh [builds]: install the Debian packages the harness needs (only those
# missing); "builds" adds those of make check-builds' slower rows (clang and
# LLVM, Sphinx and graphviz, 32-bit libc for the selftests). The base's
# kernel source and configurations (configs/bases.list) are installed when
# they come from the machine's own suite; from another suite they are
# downloaded with an apt configuration of their own, which touches nothing of
# the machine's, and unpacked into the base's build directory.
. "$(dirname "$0")/lib.sh"

# Download and unpack the base's packages from $SUITE into $PKGROOT, once per
# version; $PKGROOT/SOURCE.version records the version unpacked.
foreign_base() {
	local apt=$BUILD/debs/apt ver opts deb
	opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Dir::State::Status=/dev/null
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root -qq)
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	echo "deb http://deb.debian.org/debian $SUITE main" >"$apt/sources.list"
	if ! apt-get "${opts[@]}" update; then
		[ -s "$PKGROOT/$SRCPKG.version" ] || die "apt-get update of $SUITE failed"
		note "apt-get update of $SUITE failed: keeping $SRCPKG $(cat "$PKGROOT/$SRCPKG.version")"
		return 0
	fi
	ver=$(apt-cache "${opts[@]}" show --no-all-versions "$SRCPKG" | sed -n 's/^Version: //p')
	[ -n "$ver" ] || die "$SRCPKG not found in $SUITE"
	[ "$(cat "$PKGROOT/$SRCPKG.version" 2>/dev/null)" != "$ver" ] || return 0
	note "downloading $SRCPKG and $CONFPKG $ver from $SUITE"
	rm -rf "$PKGROOT" "$apt/debs" && mkdir -p "$PKGROOT" "$apt/debs"
	(cd "$apt/debs" && apt-get "${opts[@]}" download "$SRCPKG=$ver" "$CONFPKG=$ver") ||
		die "apt-get download of $SRCPKG $ver failed"
	for deb in "$apt"/debs/*.deb; do dpkg-deb -x "$deb" "$PKGROOT"; done
	echo "$ver" >"$PKGROOT/$SRCPKG.version"
}
pkgs=(make gcc libc6-dev flex bison bc libelf-dev libssl-dev perl cpio gzip xz-utils
	git ccache kmod rsync python3 python3-ply python3-git qemu-system-x86 busybox-static sparse)
[ -n "$PKGROOT" ] || pkgs+=("$SRCPKG" "$CONFPKG")
[ "${1:-}" != builds ] || pkgs+=(clang lld llvm python3-sphinx graphviz gcc-multilib lzop lz4 zstd)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
install_missing() {
	local log
	[ ${#missing[@]} != 0 ] || return 0
	[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
	note "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	log=$(mktemp)
	if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
		cat "$log" >&2
		die "apt-get install ${missing[*]} failed"
	fi
	rm -f "$log"
}
install_missing
[ -z "$PKGROOT" ] || foreign_base
