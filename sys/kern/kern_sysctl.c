/*
 * kern_sysctl.c - reading and writing named kernel variables (see
 * sys/sysctl.h).  The variables are found through the "set_sysctl"
 * linker set, so exporting one needs no central list.
 *
 * Who may write.  A variable marked CTLFLAG_LIMIT bounds what user
 * programs can make the kernel hold; raising it is how one program could
 * take memory from all the others.  There are no user ids yet, so the
 * rule is: only init (pid 1) writes limits (lowering included: a lowered
 * limit starves everyone else just as well), every other process gets
 * EPERM, and the boot command line may set any writable variable with a
 * word NAME=VALUE (sysctl_boot_apply(), before init starts).  The test
 * runner is not pid 1, so tests read limits and reach them as they are.
 * A setting over user drivers (CTLFLAG_DRV) is written by a launcher
 * only (a process without P_NOGRANT, sys/devgrant.h): EPERM for one
 * that gave the right up.
 *
 * Walking the tree.  The variables have names, not numbers, and the
 * linker set has no order, so "next" means the next name in strcmp
 * order: sysctl_next() scans the whole set for the smallest name after
 * the given one.  Listing all n variables costs n^2 comparisons, a few
 * thousand for the hundred or so there are, and needs no sorted copy
 * kept anywhere.  The query names (SYSCTL_Q_NEXT, SYSCTL_Q_DESCR) are
 * answered as read-only string variables.
 *
 * A driver's variables when the driver runs in processes.  The driver
 * files define their variables once (hw.ata.*, hw.vtblk.*), and the
 * kernel build's are the kernel's, one for all the driver's units; with
 * the driver in processes (ata=user, vtblk=user) the kernel's copy is
 * idle, and each process has its own, covering the units it serves:
 * init starts one per PCI function, so the two virtio-blk disks have
 * two processes and the IDE controller's channels one.  A read or
 * write of such a name, after the same checks by the kernel's copy of
 * the definition, is asked of every one (sysctl_drv: a DRVIOC_SYSCTL
 * message to each process's first device, sys/agent.h, one after
 * another in unit order; kern_devgrant.c knows which names are whose
 * and who serves them now), and their answers made into what the
 * kernel build's one variable says (sysctl_drv_merge, the rules in
 * sys/sysctl.h): strings one after another, as the kernel's handler
 * lists its units; counts summed; a setting the value all hold.  Each
 * question is a device message, bounded as every one is: a process
 * that takes it and never answers fails it at the agent's reply
 * deadline (EIO), one that never takes it is killed (heartbeat or
 * watchdog) and its successor answers; the call ends at the first
 * error.  An answer is believed no further than it can be checked (a
 * string must end within its buffer; the strings joined are cut at
 * SYSCTL_STRMAX).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/thread.h>
#include <sys/proc.h>
#include <sys/device.h>
#include <sys/agent.h>
#include <sys/devgrant.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>

extern const struct sysctl_oid *__start_set_sysctl[], *__stop_set_sysctl[];

static int	sysctl_write(const struct sysctl_oid *oid, int val);
static int	sysctl_rw(const struct sysctl_args *uap,
		    const struct sysctl_oid *oid, const void *data, size_t len,
		    size_t oldlen);
static int	sysctl_query(const struct sysctl_args *uap, const char *name);
static int	sysctl_drv(const struct sysctl_args *uap,
		    const struct sysctl_oid *oid, struct cdev **devs, int n,
		    const char *name, size_t oldlen);

const struct sysctl_oid *
sysctl_find(const char *name)
{
	const struct sysctl_oid **op;

	for (op = __start_set_sysctl; op < __stop_set_sysctl; op++) {
		if (strcmp((*op)->oid_name, name) == 0)
			return (*op);
	}
	return (NULL);
}

/*
 * The variable whose name comes first after name in strcmp order (name
 * need not be a variable; "" gives the first of all), or NULL after the
 * last.  Never blocks.
 */
static const struct sysctl_oid *
sysctl_next(const char *name)
{
	const struct sysctl_oid **op, *best = NULL;

	for (op = __start_set_sysctl; op < __stop_set_sysctl; op++) {
		if (strcmp((*op)->oid_name, name) > 0 && (best == NULL ||
		    strcmp((*op)->oid_name, best->oid_name) < 0))
			best = *op;
	}
	return (best);
}

/* Copy oldlenp in (0 if there is none); EINVAL for oldp without it. */
static int
sysctl_oldlen(const struct sysctl_args *uap, size_t *oldlenp)
{
	*oldlenp = 0;
	if (uap->oldp == NULL && uap->oldlenp == NULL)
		return (0);
	if (uap->oldlenp == NULL)
		return (EINVAL);
	return (copyin(uap->oldlenp, oldlenp, sizeof(*oldlenp)));
}

/* Answer a query name (sys/sysctl.h): a read-only string. */
static int
sysctl_query(const struct sysctl_args *uap, const char *name)
{
	const struct sysctl_oid *oid;
	const char *answer;
	size_t oldlen;
	int error;

	if (uap->newp != NULL)
		return (EPERM);
	if (strncmp(name, SYSCTL_Q_NEXT, strlen(SYSCTL_Q_NEXT)) == 0) {
		oid = sysctl_next(name + strlen(SYSCTL_Q_NEXT));
		if (oid == NULL)
			return (ENOENT);
		answer = oid->oid_name;
	} else {
		oid = sysctl_find(name + strlen(SYSCTL_Q_DESCR));
		if (oid == NULL)
			return (ENOENT);
		answer = oid->oid_descr != NULL ? oid->oid_descr : "";
	}
	error = sysctl_oldlen(uap, &oldlen);
	if (error)
		return (error);
	return (sysctl_rw(uap, NULL, answer, strlen(answer) + 1, oldlen));
}

int
sys_sysctl(struct sysmsg *sysmsg, const struct sysctl_args *uap)
{
	char name[SYSCTL_QUERYMAX];
	const struct sysctl_oid *oid;
	const struct sysctl_opaque *op;
	struct cdev *drvdevs[DEVGRANT_MAX];
	const void *data = NULL;
	char *sbuf = NULL;
	void *tbuf = NULL;
	size_t oldlen = 0, len = sizeof(int);
	int error, ival = 0, ndrv;

	error = copyinstr(uap->name, name, sizeof(name), NULL);
	if (error == ENAMETOOLONG)
		return (ENOENT);
	if (error)
		return (error);
	if (strncmp(name, SYSCTL_Q_NEXT, strlen(SYSCTL_Q_NEXT)) == 0 ||
	    strncmp(name, SYSCTL_Q_DESCR, strlen(SYSCTL_Q_DESCR)) == 0)
		return (sysctl_query(uap, name));
	if (strlen(name) >= SYSCTL_NAMEMAX)
		return (ENOENT);
	oid = sysctl_find(name);
	if (oid == NULL)
		return (ENOENT);
	if (uap->newp != NULL && (oid->oid_flags & CTLFLAG_RW) != CTLFLAG_RW)
		return (EPERM);
	if (uap->newp != NULL && (oid->oid_flags & CTLFLAG_LIMIT) &&
	    curproc->p_pid != 1)
		return (EPERM);
	if (uap->newp != NULL && (oid->oid_flags & CTLFLAG_DRV) &&
	    (curproc->p_flags & P_NOGRANT))
		return (EPERM);
	if (uap->newp != NULL && (oid->oid_type == CTLTYPE_STRING ||
	    oid->oid_type == CTLTYPE_STRPROC || uap->newlen != sizeof(int)))
		return (EINVAL);
	error = sysctl_oldlen(uap, &oldlen);
	if (error)
		return (error);
	if (oid->oid_type == CTLTYPE_INT || oid->oid_type == CTLTYPE_PROC ||
	    oid->oid_type == CTLTYPE_STRPROC) {
		error = devgrant_sysctl_devs(name, drvdevs, DEVGRANT_MAX,
		    &ndrv);
		if (error != 0)
			return (error);
		if (ndrv > 0)
			return (sysctl_drv(uap, oid, drvdevs, ndrv, name,
			    oldlen));
	}

	/* Current value. */
	switch (oid->oid_type) {
	case CTLTYPE_INT:
		ival = *(int *)oid->oid_arg;
		break;
	case CTLTYPE_PROC:
		error = oid->oid_handler(&ival, false);
		break;
	case CTLTYPE_STRING:
		data = oid->oid_arg;
		len = strlen(data) + 1;
		break;
	case CTLTYPE_OPAQUE:
		op = oid->oid_arg;
		data = op->so_data;
		len = op->so_len;
		break;
	case CTLTYPE_STRPROC:
		sbuf = kmalloc(SYSCTL_STRMAX, M_TEMP, M_NOWAIT);
		if (sbuf == NULL)
			return (ENOMEM);
		error = oid->oid_strhandler(sbuf, SYSCTL_STRMAX, &len);
		if (error == 0) {
			sbuf[MIN(len, SYSCTL_STRMAX - 1)] = '\0';
			data = sbuf;
			len = strlen(sbuf) + 1;
		}
		break;
	case CTLTYPE_TABLE:
		error = oid->oid_tblhandler(&tbuf, &len);
		data = tbuf;
		break;
	}
	if (error == 0)
		error = sysctl_rw(uap, oid, data != NULL ? data : &ival, len,
		    oldlen);
	if (sbuf != NULL)
		kfree(sbuf, M_TEMP);
	if (tbuf != NULL)
		kfree(tbuf, M_TEMP);
	return (error);
}

/* The rest of sys_sysctl: copy the current value (len bytes at data)
 * out and write the new one (oid NULL: a query, never written). */
static int
sysctl_rw(const struct sysctl_args *uap, const struct sysctl_oid *oid,
    const void *data, size_t len, size_t oldlen)
{
	int error = 0, nval = 0;

	/* Check the new value before changing anything. */
	if (uap->newp != NULL) {
		error = copyin(uap->newp, &nval, sizeof(nval));
		if (error)
			return (error);
	}
	if (uap->oldp != NULL) {
		if (oldlen < len)
			return (ENOMEM);
		error = copyout(data, uap->oldp, len);
		if (error)
			return (error);
	}
	if (uap->oldlenp != NULL) {
		error = copyout(&len, uap->oldlenp, sizeof(len));
		if (error)
			return (error);
	}
	if (uap->newp != NULL)
		error = sysctl_write(oid, nval);
	return (error);
}

/* sys/sysctl.h.  Never blocks. */
int
sysctl_drv_merge(const struct sysctl_oid *oid, struct sysctl_drvsum *ds,
    struct drv_sysctl_req *ans)
{
	size_t len;

	if (oid->oid_type == CTLTYPE_STRPROC) {
		if (memchr(ans->asc_str, '\0', sizeof(ans->asc_str)) == NULL)
			return (EIO);		/* no end: not a string */
		len = MIN(strlen(ans->asc_str),
		    sizeof(ds->ds_str) - 1 - ds->ds_len);
		memcpy(ds->ds_str + ds->ds_len, ans->asc_str, len);
		ds->ds_len += len;
		ds->ds_str[ds->ds_len] = '\0';
	} else if ((oid->oid_flags & CTLFLAG_RW) != CTLFLAG_RW) {
		ds->ds_val = (int)((unsigned int)ds->ds_val +
		    (unsigned int)ans->asc_val);
	} else if (ds->ds_n == 0) {
		ds->ds_val = ans->asc_val;
	} else if (ds->ds_val != ans->asc_val) {
		ds->ds_differ = true;
	}
	ds->ds_n++;
	return (0);
}

/*
 * sys_sysctl for a driver's variable whose driver runs in processes
 * (devs[0 .. n): the first device of each, in unit order): each is
 * asked its value in turn (a DRVIOC_SYSCTL message, bounded by the
 * agent's reply deadline), the answers made into one (sysctl_drv_merge)
 * and copied out; then the new value, if any, written by each (every
 * one tried; the first error returned).
 */
static int
sysctl_drv(const struct sysctl_args *uap, const struct sysctl_oid *oid,
    struct cdev **devs, int n, const char *name, size_t oldlen)
{
	struct drv_sysctl_req *req;
	struct sysctl_drvsum *ds;
	struct sysctl_args ua = *uap;
	const void *data;
	size_t len = sizeof(int);
	int error = 0, e, i, nval = 0;

	if (uap->newp != NULL &&
	    (error = copyin(uap->newp, &nval, sizeof(nval))) != 0)
		return (error);
	req = kmalloc(sizeof(*req), M_TEMP, M_NOWAIT);
	ds = kmalloc(sizeof(*ds), M_TEMP, M_NOWAIT | M_ZERO);
	if (req == NULL || ds == NULL) {
		error = ENOMEM;
		goto out;
	}
	for (i = 0; i < n && error == 0; i++) {
		memset(req, 0, sizeof(*req));
		strlcpy(req->asc_name, name, sizeof(req->asc_name));
		error = dev_dioctl(devs[i], DRVIOC_SYSCTL, req, 0);
		if (error == 0)
			error = sysctl_drv_merge(oid, ds, req);
	}
	if (error == 0 && ds->ds_differ && uap->newp == NULL)
		error = EIO;	/* a setting the processes disagree on */
	if (error == 0) {
		data = &ds->ds_val;
		if (oid->oid_type == CTLTYPE_STRPROC) {
			data = ds->ds_str;
			len = ds->ds_len + 1;
		}
		ua.newp = NULL;		/* written below, by the processes */
		error = sysctl_rw(&ua, NULL, data, len, oldlen);
	}
	if (error != 0 || uap->newp == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		memset(req, 0, sizeof(*req));
		strlcpy(req->asc_name, name, sizeof(req->asc_name));
		req->asc_write = 1;
		req->asc_val = nval;
		e = dev_dioctl(devs[i], DRVIOC_SYSCTL, req, 0);
		if (e != 0 && error == 0)
			error = e;
	}
out:
	if (ds != NULL)
		kfree(ds, M_TEMP);
	if (req != NULL)
		kfree(req, M_TEMP);
	return (error);
}

/* Write val to oid as the kernel (no permission check). */
static int
sysctl_write(const struct sysctl_oid *oid, int val)
{
	if (oid->oid_type == CTLTYPE_PROC)
		return (oid->oid_handler(&val, true));
	*(int *)oid->oid_arg = val;
	return (0);
}

/* Parse a boot value: decimal or 0x hex, then k, m or g.  false if bad. */
static bool
sysctl_parse(const char *s, int *valp)
{
	unsigned long long v = 0;
	int base = 10, d, n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, n++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		v = v * base + d;
		if (v > 0x7fffffffULL)
			return (false);
	}
	if (*s == 'k' || *s == 'K')
		v <<= 10, s++;
	else if (*s == 'm' || *s == 'M')
		v <<= 20, s++;
	else if (*s == 'g' || *s == 'G')
		v <<= 30, s++;
	if (n == 0 || *s != '\0' || v > 0x7fffffffULL)
		return (false);
	*valp = (int)v;
	return (true);
}

/*
 * Set every writable integer variable named NAME=VALUE on the kernel
 * command line (decimal, or 0x hexadecimal; a trailing k, m or g
 * multiplies by 2^10, 2^20, 2^30), with the same checks a write by
 * init gets.  A bad value is reported and ignored.  Called once at
 * boot, after every subsystem has set its defaults and before init
 * starts.
 */
void
sysctl_boot_apply(void)
{
	const struct sysctl_oid **op;
	const char *v;
	int error, val;

	for (op = __start_set_sysctl; op < __stop_set_sysctl; op++) {
		if (((*op)->oid_flags & CTLFLAG_RW) != CTLFLAG_RW ||
		    (*op)->oid_type == CTLTYPE_STRING ||
		    (v = boot_getenv((*op)->oid_name)) == NULL)
			continue;
		error = sysctl_parse(v, &val) ? sysctl_write(*op, val) : EINVAL;
		kprintf("sysctl: %s=%s at boot%s\n", (*op)->oid_name, v,
		    error ? ": refused" : "");
	}
}

/* ---- basic variables -------------------------------------------------- */

static const char ostype[] = "Damselfly";
SYSCTL_STRING(kern_ostype, "kern.ostype", ostype, "operating system name");
SYSCTL_INT(kern_hz, "kern.hz", &hz, CTLFLAG_RD, "clock ticks per second");

static int
sysctl_free_pages(int *val, bool write)
{
	*val = (int)vm_page_free_count();
	return (0);
}
SYSCTL_PROC(vm_free_pages, "vm.free_pages", sysctl_free_pages, CTLFLAG_RD,
    "free physical pages");

static int
sysctl_free_pages_user(int *val, bool write)
{
	*val = (int)vm_page_free_count_user();
	return (0);
}
SYSCTL_PROC(vm_free_pages_user, "vm.free_pages_user", sysctl_free_pages_user,
    CTLFLAG_RD, "free pages left for user memory (the rest is kept for "
    "the kernel)");

static int
sysctl_kmem_inuse(int *val, bool write)
{
	*val = (int)kmalloc_total_inuse();
	return (0);
}
SYSCTL_PROC(kern_kmem_inuse, "kern.kmem_inuse", sysctl_kmem_inuse, CTLFLAG_RD,
    "bytes of kernel memory in use");

static int
sysctl_kmem_slabpages(int *val, bool write)
{
	*val = (int)kmalloc_slab_pages();
	return (0);
}
SYSCTL_PROC(kern_kmem_slabpages, "kern.kmem_slabpages", sysctl_kmem_slabpages,
    CTLFLAG_RD, "pages holding the kernel's small blocks (16 to 2048 bytes)");

static int
sysctl_nthreads(int *val, bool write)
{
	*val = lwkt_thread_count();
	return (0);
}
SYSCTL_PROC(kern_nthreads, "kern.nthreads", sysctl_nthreads, CTLFLAG_RD,
    "kernel threads alive");

static int
sysctl_nprocs(int *val, bool write)
{
	*val = proc_count();
	return (0);
}
SYSCTL_PROC(kern_nprocs, "kern.nprocs", sysctl_nprocs, CTLFLAG_RD,
    "processes, zombies included");

/* A writable variable for tests: 0..1000. */
static int debug_value;

static int
sysctl_debug_value(int *val, bool write)
{
	if (!write) {
		*val = debug_value;
		return (0);
	}
	if (*val < 0 || *val > 1000)
		return (EINVAL);
	debug_value = *val;
	return (0);
}
SYSCTL_PROC(debug_value, "debug.value", sysctl_debug_value, CTLFLAG_RW,
    "a writable test variable, 0 to 1000");
