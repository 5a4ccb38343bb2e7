/*
 * sys/kinfo_proc.h - what the kernel tells about each process: the
 * records of the sysctl table kern.proc (one per process, zombies
 * included, in the order of allproc: newest first).  Shared with user
 * programs (ps reads it); every field is a fixed-size type, so the
 * layout is the same for the kernel and newlib, and the size is checked
 * below.
 *
 * kp_stat, one letter as ps prints it:
 *   R  running or runnable (on the CPU or its run queue)
 *   S  sleeping (waiting for an event, a message, a timer)
 *   T  stopped
 *   Z  zombie: exited, not yet waited for
 *
 * kp_pgid and kp_sid are the process's group and session (a zombie,
 * which has left its group, reports its own pid in both).
 */
#ifndef _SYS_KINFO_PROC_H_
#define _SYS_KINFO_PROC_H_

#define KI_COMMLEN	16		/* kp_comm's size, its NUL in */

struct kinfo_proc {
	int		kp_pid;		/* process id */
	int		kp_ppid;	/* parent's id (0 for init) */
	int		kp_pgid;	/* process group */
	int		kp_sid;		/* session */
	int		kp_nlwps;	/* threads */
	char		kp_stat;	/* R, S, T or Z (above) */
	char		kp_pad[3];	/* 0 */
	char		kp_comm[KI_COMMLEN]; /* program name, NUL-terminated */
};

_Static_assert(sizeof(struct kinfo_proc) == 40, "kinfo_proc is ABI");

#endif
