/*
 * cred.c - setuid, setgid and getgroups over what the kernel has.
 *
 * KNOWN LIMIT: the kernel has a process's user and group ids but no call
 * that changes them and no supplementary groups.  setuid and setgid
 * succeed when they would change nothing (the id asked for is already
 * the real and effective one) and otherwise fail with EPERM, as for an
 * unprivileged process; getgroups reports one group, the real group.
 */
#include <sys/types.h>
#include <errno.h>
#include <unistd.h>

int
setuid(uid_t uid)
{
	if (uid != getuid() || uid != geteuid()) {
		errno = EPERM;
		return (-1);
	}
	return (0);
}

int
setgid(gid_t gid)
{
	if (gid != getgid() || gid != getegid()) {
		errno = EPERM;
		return (-1);
	}
	return (0);
}

int
getgroups(int size, gid_t list[])
{
	if (size < 0) {
		errno = EINVAL;
		return (-1);
	}
	if (size == 0)
		return (1);
	list[0] = getgid();
	return (1);
}
