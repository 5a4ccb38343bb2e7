/*
 * agent_fuzzhw - registration and the grants (sys/agent.h's devserve,
 * sys/devgrant.h) probed as a hostile driver would (agent_fuzz does the
 * gate): devserve with random structures (names reserved, a kernel
 * driver's, empty, ".", "..", with a slash, new) from a process that
 * may not make names (only a reserved name is ever served, no name is
 * made) and from one that may (names the device layer refuses; a
 * refused call changes no device); repeated registration.  A process
 * never granted anything (EPERM, ENXIO, and devgrant's own errors); one
 * granted the e1000, whose pciconf, dmaalloc, barmap and grantinfo get
 * random bad arguments, each judged (no write reaches a register the
 * kernel lets it write); then it serves udisk0 with DSF_PHYSIO, takes
 * reads from four readers as physical pieces (one, from an odd buffer,
 * as a copy; twice the pieces' room is memory the receive cannot write:
 * EFAULT, and the read queued again), forks a child that holds none of
 * its handles or its grant (only the DMA memory it shares), and exits
 * holding every read, with DMA memory and BARs mapped: a successor
 * answers them by copy and each reader checks every byte (one reader,
 * killed while its read waits for the successor, just dies).  A driver of the clock's periodic
 * interrupt takes it at random as a held message (recvsys) and as none
 * (replyrecvsys), replies good and malformed, twice, acknowledges its
 * line, every bit, none or random ones: never two out at once, and the
 * line still delivers after, also when its receive cannot be written
 * (EFAULT: pending again, the same).  And a driver that execs in the middle: the
 * clock's interrupt was its old image's, held and queued when it
 * execs; the new image serves with DSF_INTR again and gets it (a grant
 * stays across exec); the e1000's new image finds bus mastering off
 * (its old DMA memory went with the old image) and turns it on.  A
 * device a granted driver made is tied to its hardware (uhw0, made at
 * boot as the RTC's driver would have): no process without a grant of
 * that hardware may serve it (EPERM), one granted the RTC may.  The
 * runner checks for leaks and stray processes, as for every test.
 * Seeded as agent_fuzz (argv[1]); "exec" and "busm" are the new images.
 */
#include <sys/types.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <sys/mman.h>
#include <sys/pciio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "utest.h"

#define SEED		0x5eed0a9e
#define PG		4096
#define E1000		"pci:8086:100e"
#define UTOP		0xc0000000u	/* the end of user space */
#define NREG		600		/* random devserves */

static uint32_t rs, seed0;
static uint32_t
rnd(void)
{
	return (ut_xorshift(&rs));
}
#define RN(n)	(rnd() % (uint32_t)(n))

/* An exit status that names the failed check (a child's). */
#define CHILD_CHECK(e, code) do { if (!(e)) { printf("agent_fuzzhw: " \
	"pid %d: %s:%d: %s\n", (int)getpid(), __FILE__, __LINE__, #e); \
	_exit(code); } } while (0)

static char *ropg;			/* a read-only page */

/* A pointer no call may write through. */
static void *
badptr(void)
{
	const uintptr_t p[] = { (uintptr_t)ropg, (uintptr_t)ropg + 3, 0, 1,
	    PG, UTOP - 8, UTOP - 2, UTOP, 0xc0100000u, 0xfffffff0u };

	return ((void *)p[RN(nitems(p))]);
}

/* ---- registration --------------------------------------------------- */

static const char *const reserved[] = { "uecho0", "uecho1", "udisk0",
    "tdisk0", "tpart0" };
static const char *const bad_names[] = { "", ".", "..", "a/b", "/",
    "uecho0/x" };

static bool
is_reserved(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(reserved); i++)
		if (strcmp(name, reserved[i]) == 0)
			return (true);
	return (false);
}

/* The lines of kern.agent_devs: the devices processes ever served. */
static int
agent_ndevs(void)
{
	static char buf[4096];
	size_t len = sizeof(buf) - 1;
	int n = 0;
	char *s;

	memset(buf, 0, sizeof(buf));
	if (sysctl("kern.agent_devs", buf, &len, NULL, 0) != 0)
		return (-1);
	for (s = buf; *s != '\0'; s++)
		n += *s == '\n';
	return (n);
}

static void
random_ds(struct devserve *ds, int lastsvc)
{
	static const uint32_t secs[] = { 0, 1, 100, 512, 513, 1024, 4096,
	    65536, 131072, 0x80000000 };
	static const int64_t sizes[] = { 0, 512, 1024 * 1024, 1000, -512,
	    (int64_t)1 << 40, INT64_MAX, INT64_MIN };
	static const uint32_t tmos[] = { 0, 1, 100, 3600000, 3600001,
	    0xffffffff };
	static const uint32_t maxios[] = { 0, 1, 512, 100, 1 << 20,
	    0xffffffff, 0x80000000 };
	uint32_t *w = (uint32_t *)ds;
	size_t i;

	for (i = 0; i < sizeof(*ds) / 4; i++)
		w[i] = rnd();
	if (RN(8) != 0) {
		const char *n = RN(2) ? reserved[RN(nitems(reserved))] :
		    RN(2) ? bad_names[RN(nitems(bad_names))] :
		    RN(2) ? "null" : "fz_new";
		memset(ds->ds_name, 0, sizeof(ds->ds_name));
		strcpy(ds->ds_name, n);
	}
	if (RN(4) != 0)
		ds->ds_flags &= 0xff;
	if (RN(4) != 0)
		ds->ds_flags &= ~(uint32_t)(DSF_PART | DSF_PARTS);
	if (RN(4) != 0)
		ds->ds_secsize = secs[RN(nitems(secs))];
	if (RN(4) != 0)
		ds->ds_mediasize = sizes[RN(nitems(sizes))];
	if (RN(4) != 0)
		ds->ds_svc = RN(3) == 0 ? lastsvc : (int32_t)RN(SVC_MAX + 2) - 1;
	if (RN(4) != 0)
		ds->ds_unit = RN(2) ? RN(0x10001) : 0;
	if (RN(4) != 0)
		ds->ds_timeout = tmos[RN(nitems(tmos))];
	if (RN(4) != 0)
		ds->ds_dmaalign = RN(9);
	if (RN(4) != 0)
		ds->ds_maxio = maxios[RN(nitems(maxios))];
}

/* A process that may not make names (it gave the launcher's right
 * up): random devserves; only a reserved name is ever served. */
static void
reg_child(void)
{
	struct devserve ds;
	const void *p;
	int i, r, lastsvc = 0;

	CHILD_CHECK(devgrant(0, NULL) == 0, 40);
	rs = seed0 ^ 0x7e6;
	for (i = 0; i < NREG; i++) {
		random_ds(&ds, lastsvc);
		p = RN(16) != 0 ? (const void *)&ds : badptr();
		errno = 0;
		r = devserve(p);
		if (p != &ds && p != ropg && p != ropg + 3) {
			CHILD_CHECK(r == -1 && errno == EFAULT, 41);
			continue;
		}
		if (r > 0) {
			CHILD_CHECK(r <= SVC_MAX, 42);
			CHILD_CHECK(p == &ds && is_reserved(ds.ds_name), 43);
			CHILD_CHECK(!(ds.ds_flags & (DSF_INTR | DSF_PHYSIO)), 44);
			lastsvc = r;
			continue;
		}
		CHILD_CHECK(r == -1, 45);
		CHILD_CHECK(errno == EINVAL || errno == EEXIST ||
		    errno == EBUSY || errno == EPERM || errno == EBADF ||
		    errno == EMFILE || errno == ENOSPC || errno == ENXIO ||
		    errno == ENOMEM, 46);
		if (p == &ds && memchr(ds.ds_name, 0, sizeof(ds.ds_name)) &&
		    !is_reserved(ds.ds_name) && errno != EINVAL &&
		    strcmp(ds.ds_name, "null") != 0)
			CHILD_CHECK(errno == EPERM || errno == EBADF ||
			    errno == EMFILE || errno == ENOSPC, 47);
	}
	_exit(0);
}

/* A launcher: names the device layer refuses are EINVAL (nothing
 * made); a device served twice, by one service and by another. */
static void
reg_launcher(void)
{
	struct stat st0, st1;
	struct devserve ds;
	size_t i;
	int svc;

	for (i = 0; i < nitems(bad_names); i++) {
		memset(&ds, 0, sizeof(ds));
		strcpy(ds.ds_name, bad_names[i]);
		CHILD_CHECK(devserve(&ds) == -1 && errno == EINVAL, 50);
		ds.ds_flags = DSF_DISK;
		ds.ds_secsize = 512;
		ds.ds_mediasize = 512;
		CHILD_CHECK(devserve(&ds) == -1 && errno == EINVAL, 51);
	}
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	CHILD_CHECK((svc = devserve(&ds)) > 0, 52);
	ds.ds_svc = svc;
	CHILD_CHECK(devserve(&ds) == svc, 53);		/* again: the same */
	ds.ds_maxio = 512;
	CHILD_CHECK(devserve(&ds) == -1 && errno == EINVAL, 54);
	ds.ds_maxio = 0;
	ds.ds_svc = 0;					/* another service */
	CHILD_CHECK(devserve(&ds) == -1 && errno == EBUSY, 55);
	ds.ds_flags = DSF_INTR;				/* no grant, no line */
	strcpy(ds.ds_name, "uecho1");
	ds.ds_svc = svc;
	CHILD_CHECK(devserve(&ds) == -1 && errno == EINVAL, 56);
	strcpy(ds.ds_name, "tdisk0");
	ds.ds_flags = DSF_DISK | DSF_INTR;
	ds.ds_secsize = 512;
	ds.ds_mediasize = 256 * 1024;
	CHILD_CHECK(devserve(&ds) == -1 && errno == ENXIO, 57);
	ds.ds_flags = DSF_DISK | DSF_PHYSIO;
	CHILD_CHECK(devserve(&ds) == -1 && errno == EPERM, 58);
	/* A refused devserve changes nothing: not the medium of a device
	 * nobody serves (tpart0: reserved, 240 KiB). */
	CHILD_CHECK(stat("/dev/tpart0", &st0) == 0, 61);
	strcpy(ds.ds_name, "tpart0");
	ds.ds_flags = DSF_DISK | DSF_INTR;
	ds.ds_mediasize = 4096;
	ds.ds_maxio = 512;
	ds.ds_svc = 0;
	CHILD_CHECK(devserve(&ds) == -1 && errno == ENXIO, 62);
	CHILD_CHECK(stat("/dev/tpart0", &st1) == 0 &&
	    st1.st_size == st0.st_size, 63);
	strcpy(ds.ds_name, "fz_intr0");		/* nor makes a name */
	ds.ds_flags = DSF_INTR;
	ds.ds_maxio = 0;
	CHILD_CHECK(devserve(&ds) == -1 && errno == ENXIO, 64);
	ds.ds_flags = DSF_DISK | DSF_INTR;
	CHILD_CHECK(devserve(&ds) == -1 && errno == ENXIO, 65);
	strcpy(ds.ds_name, "tdisk0");
	ds.ds_mediasize = 256 * 1024;
	ds.ds_maxio = 0;
	ds.ds_svc = svc;
	ds.ds_flags = DSF_DISK;
	ds.ds_timeout = 1;
	CHILD_CHECK(devserve(&ds) == svc, 59);		/* a second device */
	CHILD_CHECK(devserve((void *)(UTOP - 8)) == -1 && errno == EFAULT,
	    60);
	_exit(0);
}

static void
test_register(void)
{
	int n0 = agent_ndevs();

	UT_TRUE(n0 >= (int)nitems(reserved));
	UT_CHILD(reg_child, 0);
	UT_CHILD(reg_launcher, 0);
	UT_EQ(agent_ndevs(), n0);		/* no name made */
}

/* ---- grants ---------------------------------------------------------- */

#define DISK	(1024 * 1024)
#define RLEN	(64 * 1024)
#define NREAD	4

static unsigned char
dpat(off_t off)
{
	return ((unsigned char)((off * 7 + (off >> 9) * 3 + 1) & 0xff));
}

/* A process never granted anything: nothing of a driver's. */
static void
no_grant(void)
{
	struct pci_conf pc;
	struct devserve ds;
	uint32_t pa, v;

	CHILD_CHECK(dmaalloc(4096, &pa) == (void *)-1 && errno == EPERM, 60);
	CHILD_CHECK(barmap(0) == (void *)-1 && errno == EPERM, 61);
	CHILD_CHECK(grantinfo(&pc) == -1 && errno == EPERM, 62);
	CHILD_CHECK(pciconf(0, 4, &v, 0) == -1 && errno == EPERM, 63);
	CHILD_CHECK(pciconf(0x10, 4, &v, 1) == -1 && errno == EPERM, 64);
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	ds.ds_flags = DSF_INTR;
	CHILD_CHECK(devserve(&ds) == -1 && errno == ENXIO, 65);
	CHILD_CHECK(devgrant(0, "pci:8086:100") == -1 && errno == EINVAL, 66);
	CHILD_CHECK(devgrant(0, "pci:8086:100e:0") == -1 && errno == EINVAL,
	    67);
	CHILD_CHECK(devgrant(0, "isa:com2_and_a_name_far_too_long_x") == -1 &&
	    errno == ENOENT, 68);
	CHILD_CHECK(devgrant(0, (void *)(UTOP - 2)) == -1 && errno == EFAULT,
	    69);
	CHILD_CHECK(devgrant(-5, E1000) == -1 && errno == ESRCH, 70);
	CHILD_CHECK(devgrant(getppid(), E1000) == -1 && errno == ESRCH, 71);
	_exit(0);
}

/* Random pciconf, dmaalloc, barmap and grantinfo of a granted driver,
 * each judged; no write reaches a register (only refused ones: all but
 * the command and status registers, which pci_grant checks). */
static int
grant_calls(size_t bytes)
{
	static const int widths[] = { 0, 1, 2, 3, 4, 8, -1 };
	static const size_t lens[] = { 0, 1, 4095, 4096, 8192, 65536,
	    DMA_MAXALLOC, DMA_MAXALLOC + 1, 0x7fffffff, 0xffffffff,
	    0xfffff001 };
	static const int bars[] = { -1, 0, 1, 2, 5, 6, 7, 100, INT32_MIN,
	    INT32_MAX };
	struct pci_conf pc;
	uint32_t v, pa, *vp;
	size_t len, want;
	unsigned char *d;
	int i, reg, width, wr, bad, r, end;

	for (i = 0; i < 400; i++) {
		reg = (int)RN(300) - 8;
		width = widths[RN(nitems(widths))];
		wr = RN(4) == 0 ? (int)RN(5) - 1 : (int)RN(2);
		vp = RN(4) != 0 ? &v : badptr();
		bad = (width != 1 && width != 2 && width != 4) || reg < 0 ||
		    reg > 256 - width || (reg & (width - 1)) != 0 ||
		    (wr != 0 && wr != 1);
		end = reg + width;
		if (!bad && wr == 1 && reg >= 0x04 && end <= 0x08)
			continue;	/* command, status: pci_grant's */
		errno = 0;
		r = pciconf(reg, width, vp, wr);
		if (bad)
			CHILD_CHECK(r == -1 && errno == EINVAL, 80);
		else if (wr == 1)
			CHILD_CHECK(r == -1 && errno == EPERM, 81);
		else if (vp != &v)
			CHILD_CHECK(r == -1 && errno == EFAULT, 82);
		else
			CHILD_CHECK(r == 0, 83);
	}
	for (i = 0; i < 60; i++) {
		len = lens[RN(nitems(lens))];
		r = (int)RN(4);
		vp = r == 0 ? NULL : r == 1 ? (uint32_t *)ropg :
		    r == 2 ? (uint32_t *)(UTOP - 2) : &pa;
		want = len == 0 || len > DMA_MAXALLOC ? EINVAL :
		    bytes + ((len + PG - 1) & ~(size_t)(PG - 1)) >
		    DMA_MAXPROC ? ENOMEM : vp != &pa ? EFAULT : 0;
		errno = 0;
		pa = 1;
		d = dmaalloc(len, vp);
		if ((want == 0 || want == EFAULT) && d == (void *)-1 &&
		    errno == ENOMEM)
			continue;	/* no contiguous run free: allowed */
		CHILD_CHECK(want == 0 ? d != (void *)-1 : d == (void *)-1 &&
		    errno == (int)want, 84);
		if (want == 0) {
			CHILD_CHECK((pa & (PG - 1)) == 0 && pa != 0, 85);
			CHILD_CHECK(ut_all_are(d, len, 0), 86);
			bytes += (len + PG - 1) & ~(size_t)(PG - 1);
		}
	}
	for (i = 0; i < 20; i++) {
		r = bars[RN(nitems(bars))];
		d = barmap(r);
		CHILD_CHECK(r == 0 ? d != (void *)-1 : d == (void *)-1 &&
		    errno == EINVAL, 87);
	}
	CHILD_CHECK(grantinfo(NULL) == -1 && errno == EFAULT, 88);
	CHILD_CHECK(grantinfo((void *)ropg) == -1 && errno == EFAULT, 89);
	CHILD_CHECK(grantinfo((void *)(UTOP - 8)) == -1 && errno == EFAULT,
	    90);
	CHILD_CHECK(grantinfo(&pc) == 0 && pc.pc_vendor == 0x8086 &&
	    pc.pc_device == 0x100e, 91);
	CHILD_CHECK(devgrant(0, "isa:lpt0") == -1 && errno == EBUSY, 92);
	return (0);
}

/* A child of the driver: none of its handles, no grant; the DMA memory
 * it shares it may still touch. */
static uint32_t held_id;
static void
driver_child(int svc, unsigned char *dma)
{
	struct udevmsg m;
	struct udevreply r = { held_id, 0, 0, NULL };
	uint32_t pa;

	memset(&m, 0, sizeof(m));
	CHILD_CHECK(__recvsys_nb(svc, &m) == EBADF, 100);
	CHILD_CHECK(__replysys(svc, &r) == EBADF, 101);
	CHILD_CHECK(dmaalloc(4096, &pa) == (void *)-1 && errno == EPERM, 102);
	CHILD_CHECK(barmap(0) == (void *)-1 && errno == EPERM, 103);
	dma[0] = 0x5a;
	_exit(0);
}

/*
 * The granted driver: its calls fuzzed, then udisk0 served with
 * DSF_PHYSIO (pieces only for a buffer at a multiple of 4); it takes
 * NREAD reads, checks their pieces (or, for the odd buffer, that it
 * came as a copy), forks, and exits holding them all.
 */
static void
driver_phys(int rfd, int wfd)
{
	static struct udevseg segs[64];
	struct devserve ds;
	struct udevmsg m;
	struct udevreply r;
	unsigned char *dma;
	uint32_t pa, i, sum;
	int svc, got = 0, k, st;
	bool small = true;		/* a receive with room for one piece */
	int nbad = 0;			/* receives into pieces' bad room */
	pid_t c;
	char ch;

	CHILD_CHECK(read(rfd, &ch, 1) == 1, 110);
	rs = seed0 ^ 0xd1;
	dma = dmaalloc(8192, &pa);
	CHILD_CHECK(dma != (void *)-1, 111);
	grant_calls(8192);
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK | DSF_PHYSIO;
	ds.ds_secsize = 512;
	ds.ds_mediasize = DISK;
	ds.ds_timeout = 5000;
	ds.ds_dmaalign = 4;
	CHILD_CHECK((svc = devserve(&ds)) > 0, 112);
	CHILD_CHECK(write(wfd, "r", 1) == 1, 113);
	for (k = 0; k < 600 && got < NREAD; k++) {
		memset(&m, 0, sizeof(m));
		m.ud_data = segs;
		m.ud_datamax = small ? sizeof(segs[0]) : sizeof(segs);
		m.ud_wait = 50;
		st = __recvsys_wait(svc, &m);
		if (st == EAGAIN)
			continue;
		if (st == EMSGSIZE) {		/* the pieces did not fit */
			CHILD_CHECK(small && m.ud_id == 0 &&
			    m.ud_nseg > 1, 114);
			if (nbad < 2) {
				/* It stayed first: room for its pieces
				 * that cannot be written (read-only, or
				 * across the end of user space) takes it,
				 * fails with EFAULT and queues it again. */
				m.ud_data = nbad == 0 ? (void *)ropg :
				    (void *)(UTOP - 8);
				m.ud_datamax = sizeof(segs);
				CHILD_CHECK(__recvsys_nb(svc, &m) == EFAULT,
				    124);
				nbad++;
				continue;
			}
			small = false;		/* it stayed queued */
			continue;
		}
		CHILD_CHECK(st == 0, 115);
		if (m.ud_cmd != UDEV_STRATEGY) {
			r.ur_id = m.ud_id;
			r.ur_error = 0;
			r.ur_count = 0;
			r.ur_data = NULL;
			CHILD_CHECK(__replysys(svc, &r) == 0, 116);
			continue;
		}
		CHILD_CHECK(m.ud_flags == UBIO_READ && m.ud_len == RLEN, 117);
		if (m.ud_align % 4 != 0) {
			CHILD_CHECK(m.ud_nseg == 0, 118);	/* a copy */
		} else {
			CHILD_CHECK(m.ud_nseg >= RLEN / PG &&
			    m.ud_nseg <= RLEN / PG + 1, 119);
			for (i = 0, sum = 0; i < m.ud_nseg; i++) {
				CHILD_CHECK(segs[i].us_len > 0 &&
				    (segs[i].us_pa & (PG - 1)) +
				    segs[i].us_len <= PG, 120);
				sum += segs[i].us_len;
			}
			CHILD_CHECK(sum == RLEN, 121);
		}
		held_id = m.ud_id;
		got++;
	}
	CHILD_CHECK(got == NREAD && !small, 122);
	c = fork();
	if (c == 0)
		driver_child(svc, dma);
	CHILD_CHECK(ut_status_of(c) == 0 && dma[0] == 0x5a, 123);
	_exit(0);			/* holding NREAD reads, DMA, BARs */
}

/* The successor: udisk0 by copy, from the pattern, until killed. */
static void
driver_copy(int wfd)
{
	static unsigned char buf[RLEN];
	struct devserve ds;
	struct udevmsg m;
	struct udevreply r;
	off_t o;
	uint32_t i;
	int svc;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "udisk0");
	ds.ds_flags = DSF_DISK;
	ds.ds_secsize = 512;
	ds.ds_mediasize = DISK;
	ds.ds_timeout = 5000;
	CHILD_CHECK((svc = devserve(&ds)) > 0, 130);
	CHILD_CHECK(write(wfd, "r", 1) == 1, 131);
	for (;;) {
		memset(&m, 0, sizeof(m));
		m.ud_data = buf;
		m.ud_datamax = sizeof(buf);
		CHILD_CHECK(__recvsys(svc, &m) == 0, 132);
		r.ur_id = m.ud_id;
		r.ur_error = 0;
		r.ur_count = 0;
		r.ur_data = buf;
		if (m.ud_cmd == UDEV_STRATEGY) {
			CHILD_CHECK(m.ud_flags == UBIO_READ &&
			    m.ud_len <= sizeof(buf), 133);
			for (i = 0, o = m.ud_offset; i < m.ud_len; i++)
				buf[i] = dpat(o + i);
			r.ur_count = m.ud_len;
		}
		CHILD_CHECK(__replysys(svc, &r) == 0, 134);
	}
}

/* A reader: RLEN bytes of udisk0 at off, into a buffer at skew. */
static void
reader(off_t off, int skew)
{
	static unsigned char buf[RLEN + PG];
	unsigned char *b = buf + skew;
	ssize_t n;
	int fd, i;

	fd = open("/dev/udisk0", O_RDONLY);
	CHILD_CHECK(fd >= 0, 140);
	n = pread(fd, b, RLEN, off);
	CHILD_CHECK(n == RLEN, 141);
	for (i = 0; i < RLEN; i++)
		CHILD_CHECK(b[i] == dpat(off + i), 142);
	close(fd);
	_exit(0);
}

static void
test_grants(void)
{
	int go[2], ready[2], i, resent0, st;
	pid_t d1, d2, rd[NREAD];
	char ch;

	UT_CHILD(no_grant, 0);
	UT_EQ(pipe(go), 0);
	UT_EQ(pipe(ready), 0);
	d1 = fork();
	if (d1 == 0)
		driver_phys(go[0], ready[1]);
	UT_EQ(devgrant(d1, E1000), 0);
	UT_ERR(devgrant(d1, E1000), EBUSY);		/* it holds one */
	UT_EQ(write(go[1], "g", 1), 1);
	UT_EQ(read(ready[0], &ch, 1), 1);
	resent0 = ut_sysctl_int("kern.agent_resent");
	for (i = 0; i < NREAD; i++) {
		rd[i] = fork();
		if (rd[i] == 0)
			reader((off_t)i * 2 * RLEN + 512 * i, i == 1 ? 1 : 0);
	}
	st = ut_watch(d1, 3000);
	UT_TRUE(st != -1 && WIFEXITED(st));
	UT_EQ(WEXITSTATUS(st), 0);
	/* Its reads wait for a successor, which answers them by copy; the
	 * last reader is killed while its read waits. */
	UT_EQ(kill(rd[NREAD - 1], SIGKILL), 0);
	d2 = fork();
	if (d2 == 0)
		driver_copy(ready[1]);
	UT_EQ(read(ready[0], &ch, 1), 1);
	for (i = 0; i < NREAD; i++) {
		st = ut_watch(rd[i], 3000);
		if (i == NREAD - 1) {
			UT_TRUE(st != -1 && WIFSIGNALED(st) &&
			    WTERMSIG(st) == SIGKILL);
			continue;
		}
		UT_TRUE(st != -1 && WIFEXITED(st));
		UT_EQ(WEXITSTATUS(st), 0);
	}
	UT_TRUE(ut_sysctl_int("kern.agent_resent") - resent0 >= NREAD);
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	/* And the disk still reads right, from here too. */
	rd[0] = fork();
	if (rd[0] == 0)
		reader(DISK - RLEN, 3);
	UT_EQ(ut_status_of(rd[0]), 0);
	kill(d2, SIGKILL);
	UT_EQ(ut_status_of(d2), SIGKILL);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
}


/* ---- a device tied to its hardware ------------------------------------ */

/* Waits for a byte on rfd, then serves uhw0: expect 0 (served) or the
 * errno it must get. */
static void
hwtie_child(int rfd, int expect)
{
	struct devserve ds;
	char ch;
	int r;

	CHILD_CHECK(read(rfd, &ch, 1) == 1, 140);
	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uhw0");
	r = devserve(&ds);
	if (expect == 0)
		CHILD_CHECK(r > 0, 141);
	else
		CHILD_CHECK(r == -1 && errno == expect, 142);
	_exit(0);
}

/* One child serving uhw0, granted grant (NULL: nothing). */
static void
hwtie_try(int go[2], const char *grant, int expect)
{
	pid_t c;

	c = fork();
	if (c == 0)
		hwtie_child(go[0], expect);
	if (grant != NULL)
		UT_EQ(devgrant(c, grant), 0);
	UT_EQ(write(go[1], "g", 1), 1);
	UT_EQ(ut_status_of(c), 0);
}

/* uhw0 is the RTC's: a launcher without a grant may not serve it, nor
 * one granted another device; one granted the RTC may, twice (the
 * second after the first died, as a successor). */
static void
test_hwtie(void)
{
	int go[2];

	UT_EQ(pipe(go), 0);
	hwtie_try(go, NULL, EPERM);
	hwtie_try(go, E1000, EPERM);
	hwtie_try(go, "isa:rtc", 0);
	hwtie_try(go, NULL, EPERM);		/* nor as its successor */
	hwtie_try(go, "isa:rtc", 0);
	close(go[0]);
	close(go[1]);
}

/* ---- a driver that execs in the middle ------------------------------- */

/* Serve uecho1 with the clock's interrupt (DSF_INTR): the handle. */
static int
serve_intr(void)
{
	struct devserve ds;

	memset(&ds, 0, sizeof(ds));
	strcpy(ds.ds_name, "uecho1");
	ds.ds_flags = DSF_INTR;
	ds.ds_timeout = 2000;
	return (devserve(&ds));
}

/* One DEV_INTR of the clock's line on svc; replied if reply. */
static void
take_intr(int svc, bool reply)
{
	struct udevmsg m;
	struct udevreply r;

	memset(&m, 0, sizeof(m));
	CHILD_CHECK(__recvsys(svc, &m) == 0, 160);
	CHILD_CHECK(m.ud_cmd == UDEV_INTR && m.ud_flags == 8, 161);
	(void)ut_cmos_read(0x0c);	/* acknowledged: another comes */
	if (reply) {
		r.ur_id = m.ud_id;
		r.ur_error = 0;
		r.ur_count = 0;
		r.ur_data = NULL;
		CHILD_CHECK(__replysys(svc, &r) == 0, 162);
	}
}

/* The new image of exec_driver: the grant stayed, the old service went
 * with the old image; the line is served again. */
static int
exec_image(void)
{
	int svc = serve_intr();

	CHILD_CHECK(svc > 0, 170);
	(void)ut_cmos_read(0x0c);
	take_intr(svc, true);
	take_intr(svc, false);
	ut_cmos_write(0x0b, ut_cmos_read(0x0b) & ~0x40); /* periodic off */
	(void)ut_cmos_read(0x0c);
	return (0);				/* holding one: the exit's */
}

/* Granted the clock: its interrupt served, one held and one queued when
 * it execs itself. */
static void
exec_driver(int rfd)
{
	int svc, i;
	char ch;

	CHILD_CHECK(read(rfd, &ch, 1) == 1, 171);
	CHILD_CHECK((svc = serve_intr()) > 0, 172);
	(void)ut_cmos_read(0x0c);
	ut_cmos_write(0x0b, ut_cmos_read(0x0b) | 0x40);	/* periodic on */
	take_intr(svc, true);
	take_intr(svc, false);			/* held; the next one queued */
	for (i = 0; i < 1000000 && !(ut_cmos_read(0x0c) & 0x40); i++)
		;
	execl("/bin/agent_fuzzhw", "agent_fuzzhw", "exec", (char *)NULL);
	_exit(173);
}

/* The new image of a granted e1000 driver: bus mastering is off (the
 * old image's DMA memory went with it), and it may turn it on. */
static int
busm_image(void)
{
	uint32_t v;

	CHILD_CHECK(pciconf(0x04, 2, &v, 0) == 0, 180);
	CHILD_CHECK((v & 0x4) == 0, 181);
	v |= 0x4;
	CHILD_CHECK(pciconf(0x04, 2, &v, 1) == 0, 182);
	CHILD_CHECK(pciconf(0x04, 2, &v, 0) == 0 && (v & 0x4) != 0, 183);
	CHILD_CHECK(dmaalloc(4096, &v) != (void *)-1, 184);
	return (0);
}

static void
busm_driver(int rfd)
{
	uint32_t pa, v;
	char ch;

	CHILD_CHECK(read(rfd, &ch, 1) == 1, 185);
	CHILD_CHECK(pciconf(0x04, 2, &v, 0) == 0 && (v & 0x4) != 0, 186);
	CHILD_CHECK(dmaalloc(65536, &pa) != (void *)-1, 187);
	CHILD_CHECK(barmap(0) != (void *)-1, 188);
	execl("/bin/agent_fuzzhw", "agent_fuzzhw", "busm", (char *)NULL);
	_exit(189);
}

/*
 * The clock's interrupt (periodic, on; none out) received into memory
 * the driver cannot write (the read-only page): EFAULT, and the
 * interrupt is pending again as it was, the line still masked (the
 * clock does not fire it again): the next receive gets it with its
 * missed count (0: a masked line does not fire).  Held (recvsys) and
 * not held (replyrecvsys, whose udevrr is the page: no replies, a
 * receive without a limit), each received again the same way.
 */
static void
intr_efault(int svc)
{
	struct udevreply r;
	struct udevrr rr;
	struct udevmsg m;

	(void)ut_cmos_read(0x0c);
	CHILD_CHECK(__recvsys(svc, (struct udevmsg *)ropg) == EFAULT, 210);
	memset(&m, 0, sizeof(m));
	m.ud_wait = 2000;
	CHILD_CHECK(__recvsys_wait(svc, &m) == 0 && m.ud_cmd == UDEV_INTR &&
	    m.ud_flags == 8 && m.ud_id != 0 && m.ud_len == 0, 211);
	(void)ut_cmos_read(0x0c);
	r.ur_id = m.ud_id;
	r.ur_error = 0;
	r.ur_count = 0;
	r.ur_data = NULL;
	CHILD_CHECK(__replysys(svc, &r) == 0, 212);

	CHILD_CHECK(__replyrecvsys(svc, (struct udevrr *)ropg) == EFAULT, 213);
	memset(&rr, 0, sizeof(rr));
	rr.rr_msg.ud_wait = 2000;
	CHILD_CHECK(__replyrecvsys(svc, &rr) == 0 &&
	    rr.rr_msg.ud_cmd == UDEV_INTR && rr.rr_msg.ud_flags == 8 &&
	    rr.rr_msg.ud_id == 0 && rr.rr_msg.ud_len == 0, 214);
	(void)ut_cmos_read(0x0c);
	memset(&rr, 0, sizeof(rr));
	rr.rr_intrdone = 1u << 8;
	rr.rr_flags = RR_NORECV;
	CHILD_CHECK(__replyrecvsys(svc, &rr) == 0, 215);
}

/*
 * Granted the clock, its periodic interrupt on: NINTR random steps of
 * receives (held, by recvsys; not held, by replyrecvsys), replies to
 * the held ones (good, a count above the firings, an error that is no
 * errno, twice) and acknowledgements (rr_intrdone: the line, every
 * bit, none, random), each judged; then the line still delivers.
 */
#define NINTR	300
static void
intr_driver(int rfd)
{
	static const int bad_errs[] = { -1, EASYNC, 9999, (int)0x80000000 };
	struct udevreply r, rv[AGENT_RRMAX];
	struct udevrr rr;
	struct udevmsg m;
	uint32_t held[AGENT_RRMAX], hlen[AGENT_RRMAX];
	int svc, i, k, n, nh = 0, error, out = 0;
	int nheld_got = 0, nunheld_got = 0;
	char ch;

	CHILD_CHECK(read(rfd, &ch, 1) == 1, 190);
	rs = seed0 ^ 0x1e;
	CHILD_CHECK((svc = serve_intr()) > 0, 191);
	(void)ut_cmos_read(0x0c);
	ut_cmos_write(0x0b, ut_cmos_read(0x0b) | 0x40);
	for (i = 0; i < NINTR; i++) {
		memset(&m, 0, sizeof(m));
		switch (RN(4)) {
		case 0:				/* held */
			if (nh == AGENT_RRMAX)
				break;
			m.ud_wait = 3;
			error = __recvsys_wait(svc, &m);
			CHILD_CHECK(error == 0 || error == EAGAIN, 192);
			if (error == 0) {
				/* One message a line: never two out. */
				CHILD_CHECK(m.ud_cmd == UDEV_INTR &&
				    m.ud_flags == 8 && m.ud_id != 0 &&
				    nh == 0 && !out, 193);
				nheld_got++;
				(void)ut_cmos_read(0x0c);
				hlen[nh] = m.ud_len;
				held[nh++] = m.ud_id;
			}
			break;
		case 1:				/* a held one replied */
			if (nh == 0)
				break;
			k = (int)RN(nh);
			r.ur_id = held[k];
			r.ur_data = NULL;
			r.ur_error = 0;
			r.ur_count = RN(hlen[k] + 1);
			n = (int)RN(3);
			if (n == 1)
				r.ur_count = hlen[k] + 1 + RN(5);
			if (n == 2)
				r.ur_error = bad_errs[RN(nitems(bad_errs))];
			CHILD_CHECK(__replysys(svc, &r) == (n == 0 ? 0 : EINVAL),
			    194);
			CHILD_CHECK(__replysys(svc, &r) == EALREADY, 195);
			held[k] = held[--nh];
			break;
		default:			/* replies, acks and a receive */
			memset(&rr, 0, sizeof(rr));
			n = (int)RN(nh + 1);
			for (k = 0; k < n; k++) {
				rv[k].ur_id = held[nh - 1 - k];
				rv[k].ur_error = 0;
				rv[k].ur_count = 0;
				rv[k].ur_data = NULL;
			}
			nh -= n;
			rr.rr_reply = rv;
			rr.rr_nreply = (uint32_t)n;
			rr.rr_intrdone = RN(4) == 0 ? rnd() : RN(2) ? 1u << 8 :
			    RN(2) ? ~0u : 0;
			rr.rr_flags = RN(3) == 0 ? RR_NORECV : RN(2) ? RR_NB : 0;
			rr.rr_msg.ud_wait = 3;
			if (rr.rr_intrdone & (1u << 8))
				out = 0;
			error = __replyrecvsys(svc, &rr);
			CHILD_CHECK(error == 0 || (error == EAGAIN &&
			    rr.rr_flags != RR_NORECV), 196);
			if (error == 0 && rr.rr_flags != RR_NORECV) {
				CHILD_CHECK(rr.rr_msg.ud_cmd == UDEV_INTR &&
				    rr.rr_msg.ud_id == 0 && !out && nh == 0,
				    197);
				nunheld_got++;
				(void)ut_cmos_read(0x0c);
				out = 1;	/* masked until acknowledged */
			}
			break;
		}
	}
	for (k = 0; k < nh; k++) {		/* the rest answered */
		r.ur_id = held[k];
		r.ur_error = 0;
		r.ur_count = 0;
		r.ur_data = NULL;
		CHILD_CHECK(__replysys(svc, &r) == 0, 198);
	}
	memset(&rr, 0, sizeof(rr));
	rr.rr_intrdone = 1u << 8;
	rr.rr_flags = RR_NORECV;
	CHILD_CHECK(__replyrecvsys(svc, &rr) == 0, 199);
	intr_efault(svc);
	(void)ut_cmos_read(0x0c);
	memset(&m, 0, sizeof(m));
	m.ud_wait = 2000;			/* the line still delivers */
	CHILD_CHECK(__recvsys_wait(svc, &m) == 0 && m.ud_cmd == UDEV_INTR,
	    200);
	ut_cmos_write(0x0b, ut_cmos_read(0x0b) & ~0x40);
	(void)ut_cmos_read(0x0c);
	printf("agent_fuzzhw: interrupts %d held, %d not held\n", nheld_got,
	    nunheld_got);
	_exit(0);				/* holding it: the exit's */
}

/* fn(the go pipe's read end) in a child granted grant, told to go once
 * granted: it must exit 0 (its checks passed) within the watchdog. */
static void
run_granted(void (*fn)(int), const char *grant)
{
	int go[2], st;
	pid_t c;

	UT_EQ(pipe(go), 0);
	c = fork();
	if (c == 0)
		fn(go[0]);
	UT_EQ(devgrant(c, grant), 0);
	UT_EQ(write(go[1], "g", 1), 1);
	st = ut_watch(c, 3000);
	UT_TRUE(st != -1 && WIFEXITED(st));
	UT_EQ(WEXITSTATUS(st), 0);
	close(go[0]);
	close(go[1]);
}

static void
test_intr(void)
{
	run_granted(intr_driver, "isa:rtc");
}

static void
test_exec(void)
{
	run_granted(exec_driver, "isa:rtc");
	run_granted(busm_driver, E1000);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec") == 0)
		return (exec_image());
	if (argc > 1 && strcmp(argv[1], "busm") == 0)
		return (busm_image());
	rs = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : SEED;
	if (rs == 0)
		rs = SEED;
	seed0 = rs;
	printf("agent_fuzzhw: seed %#x\n", (unsigned)rs);
	ropg = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0);
	UT_TRUE(ropg != MAP_FAILED);
	test_register();
	test_grants();
	test_intr();
	test_exec();
	test_hwtie();
	UT_EQ(ut_sysctl_int("kern.agent_held"), 0);
	UT_DONE("agent_fuzzhw");
}
