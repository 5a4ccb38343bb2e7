/*
 * sys/sysctl.h - named kernel variables.
 *
 * A kernel file exports a variable with one line:
 *
 *	SYSCTL_INT("kern.hz", &hz, CTLFLAG_RD, "clock ticks per second");
 *	SYSCTL_PROC("vm.free_pages", fn, CTLFLAG_RD, "free physical pages");
 *
 * and user programs read or write it by name with sysctl(name, old,
 * &oldlen, new, newlen).  Integers are 4 bytes; strings (SYSCTL_STRING)
 * are NUL-terminated; SYSCTL_STRPROC makes a read-only string at each
 * read (hw.intrcnt); an opaque value (SYSCTL_OPAQUE, read-only) is a
 * table of bytes its owner publishes, laid out by a header shared with
 * user space (hw.pci.devices: sys/pciio.h), whose length is reported
 * through oldlenp.  Writing requires CTLFLAG_RW and a value of the
 * right size; a handler may refuse a value with EINVAL.  A table
 * (SYSCTL_TABLE, read-only) is an array of fixed records a function
 * builds at each read (kern.proc: struct kinfo_proc, sys/kinfo_proc.h);
 * its length may change between a read with oldp NULL (the size now)
 * and the next, so a reader allows some room.
 *
 * Exploring the tree.  Two query names, which are not variables, walk
 * it by name (sysctl -a, sysctl -d):
 *
 *	SYSCTL_Q_NEXT "NAME"	the first variable's name after NAME in
 *				strcmp order (SYSCTL_Q_NEXT alone: the
 *				first of all); ENOENT after the last
 *	SYSCTL_Q_DESCR "NAME"	NAME's one-line description
 *
 * Both return a NUL-terminated string, read like any string variable
 * (sysctl(SYSCTL_Q_NEXT "kern.hz", buf, &len, NULL, 0)).  A NAME that is
 * not a variable is fine for SYSCTL_Q_NEXT (it is a position), ENOENT
 * for SYSCTL_Q_DESCR.
 *
 * Limits.  A variable that bounds what processes may make the kernel
 * hold (kern.async_max, kern.maxfiles, vm.max_map_entries,
 * vfs.cache.maxneg, ...) carries CTLFLAG_LIMIT: with no user ids yet,
 * only init (pid 1) may write it, anyone else gets EPERM, and it can
 * also be set at boot by a word NAME=VALUE on the kernel command line
 * (sysctl_boot_apply()).  Knobs that bound nothing (vm.uio_path,
 * debug.value) and actions (vfs.cache.purge, which only frees) stay
 * writable by any process.
 *
 * Settings over user drivers.  A variable that decides how the port
 * agent treats driver processes (kern.agent_ping_ms: a short one gets
 * every driver killed; kern.agent_fault_armed, kern.agent_physio)
 * carries CTLFLAG_DRV: only a launcher may write it, the process that
 * may start drivers and grant them devices (sys/devgrant.h: init and
 * its descendants until one gives the right up with devgrant(0,
 * NULL)); anyone else gets EPERM, and the boot command line may set
 * it as any other.  Not pid 1 alone, as for limits: the test runner
 * (a launcher, which starts drivers of its own) shortens the heartbeat
 * to test it.  When there are users, a launcher is root.
 *
 * A driver's variables when the driver runs in processes (hw.ata.*,
 * hw.vtblk.* with ata=user, vtblk=user: each PCI function may have a
 * process of its own) mean what they mean in the kernel build, where
 * one variable covers every unit.  The kernel asks every process that
 * serves a function of the driver, in unit order (kern_sysctl.c), and
 * gives: a string, their answers one after another (cut at
 * SYSCTL_STRMAX like any string); a read-only integer (every one is a
 * count: hw.ata.cmds_dma), their sum; a writable integer (a setting:
 * hw.ata.dma), the value they hold, or EIO if they differ (one started
 * again since the last write holds its default; writing the value
 * makes them agree).  A write goes to every process (its old value is
 * the first one's).  ENXIO if no process serves the driver now; a
 * process that does not answer within the agent's deadline, or answers
 * an error or a string with no end, fails the call (EIO, or its error).
 */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#include <sys/types.h>

#define CTLFLAG_RD	0x0001
#define CTLFLAG_RW	0x0003
#define CTLFLAG_LIMIT	0x0004	/* a limit: written by pid 1 or at boot only */
#define CTLFLAG_DRV	0x0008	/* over user drivers: by a launcher or at
				 * boot only */

#define CTLTYPE_INT	1
#define CTLTYPE_STRING	2
#define CTLTYPE_PROC	3
#define CTLTYPE_STRPROC	4	/* a string a function makes at each read */
#define CTLTYPE_OPAQUE	5	/* bytes the owner publishes (sys/pciio.h) */
#define CTLTYPE_TABLE	6	/* records a function makes at each read */

#define SYSCTL_NAMEMAX	64
#define SYSCTL_STRMAX	2048	/* longest SYSCTL_STRPROC string, its NUL in */
#define SYSCTL_Q_NEXT	"sysctl.next:"	/* query: the name after this one */
#define SYSCTL_Q_DESCR	"sysctl.descr:"	/* query: this name's description */
#define SYSCTL_QUERYMAX	(SYSCTL_NAMEMAX + 16) /* a query name, its NUL in */

#ifdef _KERNEL
struct sysctl_oid {
	const char	*oid_name;	/* "kern.hz" */
	int		oid_type;	/* CTLTYPE_* */
	int		oid_flags;	/* CTLFLAG_* */
	void		*oid_arg;	/* the variable */
	int		(*oid_handler)(int *val, bool write); /* CTLTYPE_PROC */
	const char	*oid_descr;
	int		(*oid_strhandler)(char *buf, size_t size,
			    size_t *lenp); /* CTLTYPE_STRPROC: fill buf
					 * (size bytes), *lenp: the string's
					 * length without its NUL */
	int		(*oid_tblhandler)(void **datap, size_t *lenp);
					/* CTLTYPE_TABLE: *datap a new
					 * kmalloc(M_TEMP) buffer of *lenp
					 * bytes, which the caller frees */
};

#define SYSCTL_OID(id, name, type, flags, arg, handler, descr)		\
	static const struct sysctl_oid __sysctl_##id = {		\
	    .oid_name = name, .oid_type = type, .oid_flags = flags,	\
	    .oid_arg = arg, .oid_handler = handler,			\
	    .oid_descr = descr };					\
	static const struct sysctl_oid *__sysctlp_##id			\
	    __attribute__((__section__("set_sysctl"), __used__)) =	\
	    &__sysctl_##id
#define SYSCTL_INT(id, name, ptr, flags, descr)				\
	SYSCTL_OID(id, name, CTLTYPE_INT, flags, ptr, NULL, descr)
#define SYSCTL_STRING(id, name, str, descr)				\
	SYSCTL_OID(id, name, CTLTYPE_STRING, CTLFLAG_RD, (void *)str, NULL, descr)
#define SYSCTL_PROC(id, name, fn, flags, descr)				\
	SYSCTL_OID(id, name, CTLTYPE_PROC, flags, NULL, fn, descr)
#define SYSCTL_STRPROC(id, name, fn, descr)				\
	static const struct sysctl_oid __sysctl_##id = {		\
	    .oid_name = name, .oid_type = CTLTYPE_STRPROC,		\
	    .oid_flags = CTLFLAG_RD, .oid_strhandler = fn,		\
	    .oid_descr = descr };					\
	static const struct sysctl_oid *__sysctlp_##id			\
	    __attribute__((__section__("set_sysctl"), __used__)) =	\
	    &__sysctl_##id

#define SYSCTL_TABLE(id, name, fn, descr)				\
	static const struct sysctl_oid __sysctl_##id = {		\
	    .oid_name = name, .oid_type = CTLTYPE_TABLE,		\
	    .oid_flags = CTLFLAG_RD, .oid_tblhandler = fn,		\
	    .oid_descr = descr };					\
	static const struct sysctl_oid *__sysctlp_##id			\
	    __attribute__((__section__("set_sysctl"), __used__)) =	\
	    &__sysctl_##id

/*
 * An opaque value: the owner points so_data at so_len bytes and must not
 * change or free them while they are published (set once at boot, or
 * never unpublished).  Until then so_len is 0 and a read returns nothing.
 */
struct sysctl_opaque {
	const void	*so_data;	/* the bytes */
	size_t		so_len;		/* how many */
};
#define SYSCTL_OPAQUE(id, name, op, descr)				\
	SYSCTL_OID(id, name, CTLTYPE_OPAQUE, CTLFLAG_RD, op, NULL, descr)

const struct sysctl_oid *sysctl_find(const char *name);

/*
 * The answers of a driver's processes made into one value (the rules
 * above; kern_sysctl.c).  sysctl_drv_merge adds one process's answer
 * (a struct drv_sysctl_req, sys/agent.h) to ds, which starts zeroed:
 * EIO if a string answer has no NUL.  Exported for its test.
 */
struct sysctl_drvsum {
	int		ds_n;		/* answers merged */
	int		ds_val;		/* an integer: sum, or the first */
	bool		ds_differ;	/* a setting's answers differ */
	size_t		ds_len;		/* a string: bytes in ds_str */
	char		ds_str[SYSCTL_STRMAX]; /* the answers, NUL-ended */
};
struct drv_sysctl_req;
int	sysctl_drv_merge(const struct sysctl_oid *oid,
	    struct sysctl_drvsum *ds, struct drv_sysctl_req *ans);
void	sysctl_boot_apply(void);
#else
int	sysctl(const char *name, void *oldp, size_t *oldlenp,
	    const void *newp, size_t newlen);
#endif

#endif
