/*
 * sys/sysent.h - the kernel's system call table, generated from
 * syscalls.master into obj/gen/init_sysent.c.
 */
#ifndef _SYS_SYSENT_H_
#define _SYS_SYSENT_H_

#include <sys/types.h>
#include <sys/syscall.h>

struct sysmsg;
typedef int sy_call_t(struct sysmsg *, const void *);

struct sysent {
	sy_call_t	*sy_call;	/* sys_<name>(), NULL if unused */
	uint32_t	sy_argsize;	/* sizeof(struct <name>_args) */
	uint32_t	sy_syncsize;	/* the size of a synchronous sendsys
					 * message: header + arguments; 0 if
					 * the call is asynchronous only */
	uint16_t	sy_async;	/* SYSASYNC_* (sys/sysmsg.h): what
					 * SMF_ASYNC does with the call */
	const char	*sy_name;
	const char	*sy_asyncwhy;	/* SYSASYNC_NOASYNC: why, else "" */
};

extern struct sysent sysent[SYS_MAXSYSCALL];

#endif
