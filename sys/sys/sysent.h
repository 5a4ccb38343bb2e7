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

/*
 * The sysenter entry's common case (sys/i386/exception.S, Xsysenter),
 * generated beside sysent: sl_size is the size of the call's synchronous
 * message if the entry may run it without a trap frame (a call that
 * exists synchronously and does not act on the trap itself: its class is
 * not NOASYNC), else 0, which no message the entry takes has; sl_call is
 * sy_call.  One entry is 8 bytes, so that the command indexes both.
 */
struct sysent_lean {
	uint32_t	sl_size;	/* header + arguments, or 0 */
	sy_call_t	*sl_call;	/* sys_<name>() */
};

extern const struct sysent_lean sysent_lean[SYS_MAXSYSCALL];

#endif
