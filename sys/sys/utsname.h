/*
 * sys/utsname.h - the system's name (uname), shared by the kernel and libc.
 *
 * Every field is a NUL-terminated string: sysname "Damselfly", nodename
 * the host name (kern.hostname; "damselfly" until set), release the
 * kernel's version number, version a build description, machine "i386".
 */
#ifndef _SYS_UTSNAME_H_
#define _SYS_UTSNAME_H_

#define SYS_NMLN	65		/* bytes in each field, with the NUL */

struct utsname {
	char	sysname[SYS_NMLN];	/* the kernel's name */
	char	nodename[SYS_NMLN];	/* this machine's network name */
	char	release[SYS_NMLN];	/* the kernel's release */
	char	version[SYS_NMLN];	/* the kernel's build */
	char	machine[SYS_NMLN];	/* the hardware: "i386" */
};

_Static_assert(sizeof(struct utsname) == 5 * SYS_NMLN, "utsname layout");

#ifndef _KERNEL
int	uname(struct utsname *name);
#endif

#endif /* !_SYS_UTSNAME_H_ */
