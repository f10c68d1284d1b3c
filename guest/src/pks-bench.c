// SPDX-License-Identifier: GPL-2.0
/*
 * pks-bench: the guest side of `make bench` (see scripts/bench.sh).
 *
 *   pks-bench counts   P1-P3: PKRS writes per context switch, interrupt,
 *                      exception, NMI and softirq while no thread holds rights
 *                      (counted by CONFIG_PKS_STATS), and the kernel
 *                      benchmark (CONFIG_PKS_BENCH: pks_mk_*() and kprobe
 *                      hits). Prints KTAP for the counts.
 *   pks-bench kernel [N] P4: N runs (default 5) of the kernel benchmark.
 *   pks-bench time [N] P5: N rounds (default 5) of five ordinary kernel
 *                      paths; prints the median time of each.
 *
 * Measurements are printed as "# bench: NAME VALUE" lines for the host.
 * Every workload runs pinned to CPU 0, so that a pipe round trip is two
 * context switches on one CPU.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WRITES	"/sys/kernel/debug/x86/pks_writes"
#define BENCH	"/sys/kernel/debug/x86/pks_bench"
#define SYSRQ	"/proc/sysrq-trigger"

static int ntest, nfail;

static void ktap(int ok, const char *name, const char *skip)
{
	++ntest;
	if (skip) {
		printf("ok %d %s # SKIP %s\n", ntest, name, skip);
		return;
	}
	nfail += !ok;
	printf("%sok %d %s\n", ok ? "" : "not ", ntest, name);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The number after @key at the start of a line of @path; -1 if none. */
static long long field(const char *path, const char *key)
{
	char line[4096];
	size_t n = strlen(key);
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ' ') {
			v = strtoll(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static long long pkrs_writes(void) { return field(WRITES, "total"); }
static long long switches(void) { return field("/proc/stat", "ctxt"); }
static long long interrupts(void) { return field("/proc/stat", "intr"); }

/* The sum over all CPUs of the row @label of a per-CPU table; -1 if none. */
static long long row_sum(const char *path, const char *label)
{
	char line[1024], *p, *end;
	size_t n = strlen(label);
	long long sum = -1, v;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		for (p = line; *p == ' '; p++)
			;
		if (strncmp(p, label, n))
			continue;
		for (sum = 0, p += n; (v = strtoll(p, &end, 10)), end != p; p = end)
			sum += v;
	}
	fclose(f);
	return sum;
}

static long long nmis(void) { return row_sum("/proc/interrupts", "NMI:"); }
static long long net_rx_softirqs(void) { return row_sum("/proc/softirqs", "NET_RX:"); }

/* @n backtraces of all CPUs, an NMI to each of the others. */
static void sysrq_backtraces(long n)
{
	int fd = open(SYSRQ, O_WRONLY);

	if (fd < 0)
		die(SYSRQ);
	while (n--)
		if (write(fd, "l", 1) != 1)
			die(SYSRQ);
	close(fd);
}

/* The "pks" flag in /proc/cpuinfo: the CPU has PKS and the kernel uses it. */
static int has_pks(void)
{
	char line[8192];
	int found = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5))
			found = strstr(line, " pks ") || strstr(line, " pks\n");
	fclose(f);
	return found;
}

static long long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

/*
 * @n round trips of one byte between this process, which writes @tx and
 * reads @rx, and a child, which reads @peer_rx and writes back to @peer_tx.
 */
static void pingpong(long n, int tx, int rx, int peer_rx, int peer_tx)
{
	int status;
	char c = 0;
	pid_t pid;
	long i;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		for (i = 0; i < n; i++)
			if (read(peer_rx, &c, 1) != 1 || write(peer_tx, &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < n; i++)
		if (write(tx, &c, 1) != 1 || read(rx, &c, 1) != 1)
			die("round trip");
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		die("echo in the child");
}

/* @n round trips of one byte over pipes between this process and a child. */
static void pipe_pingpong(long n)
{
	int up[2], down[2];

	if (pipe(up) || pipe(down))
		die("pipe");
	pingpong(n, down[1], up[0], down[0], up[1]);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
}

/* Bring up lo, which nothing in the guest configures; 0, or -1 (no IPv4). */
static int lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret = -1;

	if (fd < 0)
		return -1;
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}

/*
 * A UDP socket bound to a free port of 127.0.0.1, whose address is @addr.
 * A datagram lost on the way makes its receive fail after 10 s, not hang.
 */
static int udp_socket(struct sockaddr_in *addr)
{
	struct timeval timeout = { .tv_sec = 10 };
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)addr, sizeof(*addr)) ||
	    getsockname(fd, (struct sockaddr *)addr, &len) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)))
		die("UDP socket on lo");
	return fd;
}

/*
 * @n round trips of one byte over UDP on lo (connected sockets: read() and
 * write() are recv() and send()) between this process and a child, both on
 * CPU 0. Loopback transmission raises the receive softirq
 * with bottom halves disabled; it runs from the sender's local_bh_enable().
 */
static void udp_pingpong(long n)
{
	struct sockaddr_in a, b;
	int fa = udp_socket(&a), fb = udp_socket(&b);

	if (connect(fa, (struct sockaddr *)&b, sizeof(b)) ||
	    connect(fb, (struct sockaddr *)&a, sizeof(a)))
		die("connect on lo");
	pingpong(n, fa, fa, fb, fb);
	close(fa);
	close(fb);
}

/* Fault in @pages fresh anonymous pages, then unmap them. */
static void fault_pages(long pages)
{
	long psz = sysconf(_SC_PAGESIZE), i;
	char *p = mmap(NULL, pages * psz, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	for (i = 0; i < pages; i++)
		p[i * psz] = 1;
	munmap(p, pages * psz);
}

static void getppid_loop(long n)
{
	while (n--)
		getppid();
}

static void fork_exit(long n)
{
	pid_t pid;

	while (n--) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
}

/* Spin in user mode for @ms milliseconds: only interrupts enter the kernel. */
static void spin(long ms)
{
	unsigned long long end = now_ns() + ms * 1000000ULL;

	while (now_ns() < end)
		;
}

/*
 * One run of the kernel benchmark, 1000 iterations per batch; its report
 * printed as bench lines. NULL, or why it could not run.
 */
static const char *kernel_bench(void)
{
	static char buf[1024];
	char *line;
	ssize_t n;
	int fd = open(BENCH, O_RDWR);

	if (fd < 0)
		return "no " BENCH " (CONFIG_PKS_BENCH off)";
	if (write(fd, "1000", 4) != 4) {
		close(fd);
		return errno == EOPNOTSUPP ? "no PKS" : strerror(errno);
	}
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		printf("# bench: %s\n", line);
	return NULL;
}

/*
 * A counted row NAME: @work(@n) must cause at least @min events (read by
 * @events) and no PKRS write. Prints the counts as EVENTS and NAME_writes.
 */
static void counted(const char *name, const char *events_name, long long (*events)(void),
		    void (*work)(long), long n, long long min)
{
	long long e0 = events(), w0 = pkrs_writes(), e, w;

	work(n);
	w = pkrs_writes() - w0;
	e = events() - e0;
	printf("# bench: %s %lld\n# bench: %s_writes %lld\n", events_name, e, name, w);
	ktap(e >= min && !w, name, NULL);
}

static int counts(void)
{
	const char *skip = NULL, *err;

	printf("1..7\n");
	if (!has_pks())
		skip = "no PKS";
	else if (pkrs_writes() < 0)
		skip = "no " WRITES " (CONFIG_PKS_STATS off)";
	if (skip) {
		ktap(0, "p1_switch", skip);
		ktap(0, "p2_fault", skip);
		ktap(0, "p2_interrupt", skip);
		ktap(0, "p2_nmi", skip);
		ktap(0, "p2_softirq", skip);
		ktap(0, "p3_pks_mk", skip);
		ktap(0, "p3_kprobe", skip);
		return 4;
	}

	/* P1: 2 x 60000 context switches between threads holding no rights. */
	counted("p1_switch", "p1_switches", switches, pipe_pingpong, 60000, 100000);
	/* P2: page faults, then timer interrupts, taken holding no rights. */
	counted("p2_fault", "p2_faults", minor_faults, fault_pages, 32768, 32768);
	counted("p2_interrupt", "p2_interrupts", interrupts, spin, 2000, 100);
	/* P2: NMIs, the backtrace NMIs of sysrq-l sent to the other CPUs. */
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		ktap(0, "p2_nmi", "one CPU: no NMI to send");
	else if (nmis() < 0 || access(SYSRQ, W_OK))
		ktap(0, "p2_nmi", "no " SYSRQ " (CONFIG_MAGIC_SYSRQ off)");
	else
		counted("p2_nmi", "p2_nmis", nmis, sysrq_backtraces, 10, 10);
	/* P2: network receive softirqs, run from local_bh_enable(). */
	if (lo_up())
		ktap(0, "p2_softirq", "no IPv4 on lo (CONFIG_INET off)");
	else
		counted("p2_softirq", "p2_softirqs", net_rx_softirqs, udp_pingpong, 20000, 20000);

	/* P3: the kernel side. */
	err = kernel_bench();
	if (err) {
		ktap(0, "p3_pks_mk", err);
		ktap(0, "p3_kprobe", err);
	} else {
		ktap(field(BENCH, "change_writes") == field(BENCH, "change_calls") &&
		     field(BENCH, "change_calls") > 0 && field(BENCH, "same_writes") == 0,
		     "p3_pks_mk", NULL);
		if (field(BENCH, "kprobe_hits") <= 0)
			ktap(0, "p3_kprobe", "no kprobe hit (CONFIG_KPROBES off)");
		else
			ktap(field(BENCH, "kprobe_writes") == 0, "p3_kprobe", NULL);
	}
	return nfail ? 1 : 0;
}

static int cmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

static const struct workload {
	const char *name;
	void (*run)(long n);
	long n;
} workloads[] = {
	{ "pipe_pingpong", pipe_pingpong, 10000 },
	{ "getppid", getppid_loop, 200000 },
	{ "page_fault", fault_pages, 8192 },
	{ "fork_exit", fork_exit, 200 },
	{ "udp_lo", udp_pingpong, 2000 },
};

#define NW (sizeof(workloads) / sizeof(workloads[0]))

static int timing(int rounds)
{
	unsigned long long t[NW][64], t0;
	int r;
	size_t w;

	if (rounds < 1 || rounds > 64)
		rounds = 5;
	if (lo_up())
		die("bringing up lo");
	for (w = 0; w < NW; w++)	/* warm up */
		workloads[w].run(workloads[w].n / 10);
	for (r = 0; r < rounds; r++)
		for (w = 0; w < NW; w++) {
			t0 = now_ns();
			workloads[w].run(workloads[w].n);
			t[w][r] = now_ns() - t0;
		}
	for (w = 0; w < NW; w++) {
		qsort(t[w], rounds, sizeof(t[w][0]), cmp);
		printf("# bench: p5_%s_ns %llu\n", workloads[w].name,
		       t[w][rounds / 2] / workloads[w].n);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pin_cpu0();
	if (argc >= 2 && !strcmp(argv[1], "counts"))
		return counts();
	if (argc >= 2 && !strcmp(argv[1], "kernel")) {
		int i, runs = argc > 2 ? atoi(argv[2]) : 5;
		const char *err = NULL;

		for (i = 0; i < runs && !err; i++)
			err = kernel_bench();
		if (err)
			fprintf(stderr, "pks-bench: %s\n", err);
		return err ? 1 : 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "time"))
		return timing(argc > 2 ? atoi(argv[2]) : 5);
	fprintf(stderr, "usage: pks-bench counts | kernel [RUNS] | time [ROUNDS]\n");
	return 2;
}
