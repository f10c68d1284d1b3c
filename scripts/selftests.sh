#!/bin/bash
# selftests.sh: build the userspace test programs (static, kselftest style)
# from the kernel tree into build/selftests/, for the initramfs.
. "$(dirname "$0")/lib.sh"
need_tree
st=$KTREE/tools/testing/selftests
out=$BUILD/selftests
hdr=$BUILD/headers
rm -rf "$out/x86"	# rebuilt each time: the programs depend on make variables too
mkdir -p "$out/x86" "$LOGS"
{
	make -s -C "$KTREE" O="$BUILD/out/headers" ARCH=x86_64 INSTALL_HDR_PATH="$hdr" headers_install
	mapfile -t progs < <(entries "$TOP/guest/x86-selftests.list")
	# The series' own selftest, once the tree has it.
	[ -f "$st/x86/test_pks.c" ] && progs+=(test_pks)
	# CAN_BUILD_I386=0: the guest kernels have no 32-bit emulation, so the
	# 64-bit programs must not try int $0x80, whether or not this machine
	# has a 32-bit libc (gcc-multilib, which make check-builds installs).
	make -s -C "$st/x86" OUTPUT="$out/x86" CC="gcc -static" KHDR_INCLUDES="-isystem $hdr/include" \
		CAN_BUILD_I386=0 "${progs[@]/%/_64}"
	# protection_keys: built directly, as its mm/ Makefile drags in every mm test.
	# Newer trees link it with helpers of their own (see that Makefile).
	pku=("$st/mm/protection_keys.c")
	for f in pkey_util.c vm_util.c hugepage_settings.c; do
		[ ! -f "$st/mm/$f" ] || pku+=("$st/mm/$f")
	done
	gcc -static -O2 -g -mxsave -pthread -isystem "$hdr/include" -I"$st" -o "$out/protection_keys" \
		"${pku[@]}" -lrt -ldl -lm
} >"$LOGS/selftests.log" 2>&1 || { tail -30 "$LOGS/selftests.log" >&2; die "building the selftests failed"; }
