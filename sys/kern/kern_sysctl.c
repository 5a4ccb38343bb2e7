/*
 * kern_sysctl.c - reading and writing named kernel variables (see
 * sys/sysctl.h).  The variables are found through the "set_sysctl"
 * linker set, so exporting one needs no central list.
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
#include <vm/vm_page.h>
#include <vm/vm_map.h>

extern const struct sysctl_oid *__start_set_sysctl[], *__stop_set_sysctl[];

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

int
sys_sysctl(struct sysmsg *sysmsg, const struct sysctl_args *uap)
{
	char name[SYSCTL_NAMEMAX];
	const struct sysctl_oid *oid;
	const char *str = NULL;
	size_t oldlen = 0, len;
	int error, ival = 0, nval;

	error = copyinstr(uap->name, name, sizeof(name), NULL);
	if (error == ENAMETOOLONG)
		return (ENOENT);
	if (error)
		return (error);
	oid = sysctl_find(name);
	if (oid == NULL)
		return (ENOENT);
	if (uap->newp != NULL && (oid->oid_flags & CTLFLAG_RW) != CTLFLAG_RW)
		return (EPERM);
	if (uap->newp != NULL && (oid->oid_type == CTLTYPE_STRING ||
	    uap->newlen != sizeof(int)))
		return (EINVAL);
	if (uap->oldp != NULL || uap->oldlenp != NULL) {
		if (uap->oldlenp == NULL)
			return (EINVAL);
		error = copyin(uap->oldlenp, &oldlen, sizeof(oldlen));
		if (error)
			return (error);
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
		str = oid->oid_arg;
		break;
	}
	if (error)
		return (error);
	len = str != NULL ? strlen(str) + 1 : sizeof(int);

	/* Check the new value before changing anything. */
	if (uap->newp != NULL) {
		error = copyin(uap->newp, &nval, sizeof(nval));
		if (error)
			return (error);
	}
	if (uap->oldp != NULL) {
		if (oldlen < len)
			return (ENOMEM);
		error = copyout(str != NULL ? (const void *)str : &ival,
		    uap->oldp, len);
		if (error)
			return (error);
	}
	if (uap->oldlenp != NULL) {
		error = copyout(&len, uap->oldlenp, sizeof(len));
		if (error)
			return (error);
	}
	if (uap->newp != NULL) {
		if (oid->oid_type == CTLTYPE_PROC)
			error = oid->oid_handler(&nval, true);
		else
			*(int *)oid->oid_arg = nval;
	}
	return (error);
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
