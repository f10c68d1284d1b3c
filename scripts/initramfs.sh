#!/bin/bash
# initramfs.sh OUT: pack busybox-static, guest/init, guest/tests and the
# static test programs of build/selftests (and guest/src) into a gzipped cpio
# archive. For the kexec test, the kernels built so far (test, noconsumer) go
# in /kexec, with a copy of the archive made without them as their initrd.
. "$(dirname "$0")/lib.sh"
out=${1:?usage: initramfs.sh OUT.cpio.gz}
bb=/bin/busybox # from busybox-static (scripts/deps.sh installs it)
[ -x "$bb" ] || die "$bb not found: install busybox-static"
root=$BUILD/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc,lib,tests/x86}
cp "$bb" "$root/bin/busybox"
for a in $("$bb" --list); do [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"; done
cp "$TOP/guest/init" "$root/init"
cp "$TOP/guest/ktap.sh" "$root/lib/ktap.sh"
cp "$TOP"/guest/tests/* "$root/tests/"
cp "$TOP/guest/x86-selftests.list" "$root/tests/x86/list"
cp "$BUILD"/selftests/x86/*_64 "$root/tests/x86/"
cp "$BUILD/selftests/protection_keys" "$root/tests/protection_keys_bin"
printf 'root:x:0:0:root:/tmp:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
for src in "$TOP"/guest/src/*.c; do
	gcc -static -O2 -Wall -Werror -o "$root/bin/$(basename "$src" .c)" "$src"
done
pack() { (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$1"; }
pack "$out"
mkdir "$root/kexec"
for cfg in test noconsumer; do
	k=$BUILD/out/$cfg/arch/x86/boot/bzImage
	[ -f "$k" ] && cp "$k" "$root/kexec/$cfg.bzImage"
done
if [ -n "$(ls "$root/kexec")" ]; then
	cp "$out" "$root/kexec/initrd"
	pack "$out"
fi
