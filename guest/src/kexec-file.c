// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec-file KERNEL INITRD CMDLINE: load KERNEL with INITRD and CMDLINE with
 * kexec_file_load(2), then reboot into it. A static stand-in for kexec-tools
 * in the test initramfs, whose busybox has no kexec. Prints the failing step
 * and exits 1 on error; never returns on success.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fail(const char *what, const char *arg)
{
	fprintf(stderr, "kexec-file: %s %s: %s\n", what, arg, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int kfd, ifd;

	if (argc != 4) {
		fprintf(stderr, "usage: kexec-file KERNEL INITRD CMDLINE\n");
		return 2;
	}
	kfd = open(argv[1], O_RDONLY);
	if (kfd < 0)
		return fail("open", argv[1]);
	ifd = open(argv[2], O_RDONLY);
	if (ifd < 0)
		return fail("open", argv[2]);
	/* The length counts the terminating NUL. */
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(argv[3]) + 1, argv[3], 0UL))
		return fail("kexec_file_load", argv[1]);
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return fail("reboot", "LINUX_REBOOT_CMD_KEXEC");
}
