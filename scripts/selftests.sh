#!/bin/bash
# selftests.sh: build the userspace test programs (static, kselftest style)
# from the kernel tree into build/selftests/, for the initramfs.
. "$(dirname "$0")/lib.sh"
need_tree
st=$KTREE/tools/testing/selftests
out=$BUILD/selftests
hdr=$BUILD/headers
mkdir -p "$out/x86" "$LOGS"
{
	make -s -C "$KTREE" O="$BUILD/out/headers" ARCH=x86_64 INSTALL_HDR_PATH="$hdr" headers_install
	mapfile -t progs < <(entries "$TOP/guest/x86-selftests.list")
	# The series' own selftest, once the tree has it.
	[ -f "$st/x86/test_pks.c" ] && progs+=(test_pks)
	make -s -C "$st/x86" OUTPUT="$out/x86" CC="gcc -static" KHDR_INCLUDES="-isystem $hdr/include" \
		"${progs[@]/%/_64}"
	# protection_keys: built directly, as its mm/ Makefile drags in every mm test.
	gcc -static -O2 -g -mxsave -pthread -isystem "$hdr/include" -I"$st" -o "$out/protection_keys" \
		"$st/mm/protection_keys.c" -lrt -ldl -lm
} >"$LOGS/selftests.log" 2>&1 || { tail -30 "$LOGS/selftests.log" >&2; die "building the selftests failed"; }
