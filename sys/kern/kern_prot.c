/*
 * kern_prot.c - who a process is: user and group ids, the file-creation
 * mask, and the system's name (uname).
 *
 * There are no users yet.  Every process runs as the one user, root:
 * getuid, geteuid, getgid and getegid all return 0, and nothing checks
 * permissions (sys/stat.h).  When users exist these calls read the
 * process's credentials; programs that ask today get the answer they
 * would get from a system where everything runs as root.
 *
 * The umask is per process: fork copies it, execve keeps it, process 1
 * starts with UMASK_DEFAULT (022).  open with O_CREAT and mkdir clear
 * its bits from the mode they are given (vfs_syscalls.c).
 *
 * uname fills struct utsname (sys/utsname.h) from constants and
 * kern.hostname (read-only: no sethostname yet).  None of these calls blocks: each runs at once, also
 * when sent asynchronously (kern_async.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/utsname.h>

#define DAMSELFLY_RELEASE	"0.17"		/* uname's release */

/* kern.hostname: uname's nodename (fixed: there is no sethostname). */
static const char hostname[] = "damselfly";
SYSCTL_STRING(kern_hostname, "kern.hostname", hostname,
    "this machine's name (uname's nodename)");

int
sys_getuid(struct sysmsg *sysmsg, const struct getuid_args *uap)
{
	sysmsg->sm_retval = 0;		/* root: the one user */
	return (0);
}

int
sys_geteuid(struct sysmsg *sysmsg, const struct geteuid_args *uap)
{
	sysmsg->sm_retval = 0;
	return (0);
}

int
sys_getgid(struct sysmsg *sysmsg, const struct getgid_args *uap)
{
	sysmsg->sm_retval = 0;		/* wheel: the one group */
	return (0);
}

int
sys_getegid(struct sysmsg *sysmsg, const struct getegid_args *uap)
{
	sysmsg->sm_retval = 0;
	return (0);
}

/* umask(mask): set the mask to mask's permission bits, return the old. */
int
sys_umask(struct sysmsg *sysmsg, const struct umask_args *uap)
{
	struct proc *p = curproc;

	sysmsg->sm_retval = p->p_umask;
	p->p_umask = uap->newmask & ALLPERMS;
	return (0);
}

int
sys_uname(struct sysmsg *sysmsg, const struct uname_args *uap)
{
	struct utsname un;

	memset(&un, 0, sizeof(un));
	strlcpy(un.sysname, "Damselfly", sizeof(un.sysname));
	strlcpy(un.nodename, hostname, sizeof(un.nodename));
	strlcpy(un.release, DAMSELFLY_RELEASE, sizeof(un.release));
	strlcpy(un.version, "Damselfly " DAMSELFLY_RELEASE " i386 (LWKT messages)",
	    sizeof(un.version));
	strlcpy(un.machine, "i386", sizeof(un.machine));
	return (copyout(&un, uap->name, sizeof(un)));
}
