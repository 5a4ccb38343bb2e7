/*
 * sys/pgrp.h - process groups and sessions (kern_pgrp.c).
 *
 * Every process is in one process group; every group is in one session.
 * A session is what one login (one terminal) is: its leader created it
 * with setsid(), it may have a controlling terminal, and of its groups
 * at most one is the terminal's foreground group, the one the terminal
 * signals (Ctrl-C) and lets read.  A group is a job: what kill(-pgid)
 * and the terminal signal together.
 *
 * Identities: a group's id is the pid of the process that created it
 * (setpgid(0, 0) or setsid()), a session's the pid of its leader; no
 * process gets a pid that is still some group's or session's id
 * (proc_alloc).
 *
 * Life: process 1 starts session 1, group 1.  fork puts the child in its
 * parent's group.  setpgid() moves a process to another group of its
 * session (made if new); setsid() makes a new session with a new group.
 * A group is freed when its last member leaves it (exit, setpgid,
 * setsid); a session when its last group is freed and no one holds it
 * (session_hold).  A process leaves its group when it is reaped (a
 * zombie stays, for wait4(-pgid), but counts for nothing else: kill,
 * orphan checks and job control skip it).
 *
 * Orphaned groups (POSIX): a group is orphaned when no member has a
 * parent in another group of the same session (nobody left to continue
 * its stopped jobs).  When an exit makes a group orphaned and one of its
 * members is stopped, every member gets SIGHUP then SIGCONT.
 *
 * For the terminal layer (which owns tcsetpgrp, TIOCSCTTY and the line
 * discipline): s_ttyp and s_fgpgid are its to set, under proc_token.  A
 * terminal that keeps a pointer to its session must session_hold() it
 * and session_rele() it when done.  When a session's leader exits, the
 * kernel sends SIGHUP to the foreground group (then SIGCONT, if stopped
 * members) and clears s_ttyp: a terminal whose session's s_ttyp no longer
 * points at it has lost its session.
 *
 * Protection: [T] proc_token, [I] immutable after creation.  Every
 * function here is called with proc_token held and never blocks.
 */
#ifndef _SYS_PGRP_H_
#define _SYS_PGRP_H_

#include <sys/types.h>
#include <sys/queue.h>

#ifdef _KERNEL
struct proc;
struct tty;

struct session {
	int		s_count;	/* [T] its groups, plus holds */
	pid_t		s_sid;		/* [I] the leader's pid */
	struct proc	*s_leader;	/* [T] the leader; NULL once it exited */
	struct tty	*s_ttyp;	/* [T] controlling terminal, or NULL
					 * (the terminal layer sets it) */
	pid_t		s_fgpgid;	/* [T] its foreground group's id, or 0
					 * (the terminal layer sets it) */
};

struct pgrp {
	LIST_ENTRY(pgrp) pg_list;	/* [T] on the list of every group */
	LIST_HEAD(, proc) pg_members;	/* [T] its processes (p_pglist) */
	struct session	*pg_session;	/* [I] its session (held) */
	pid_t		pg_id;		/* [I] the group's id */
	int		pg_flags;	/* [T] PGF_* */
};

/*
 * Group flags:
 *   PGF_CHECKORPHAN  kern_exit.c: not orphaned before this exit; check
 *                    after it (pgrp_exit)
 */
#define PGF_CHECKORPHAN	0x0001

/* Find a group by id; NULL if none. */
struct pgrp *pgfind(pid_t pgid);
/* Signal every live member of pg (kern_kill each, permission rules
 * not applied: the caller decides).  Returns how many were signalled. */
int	pgsignal(struct pgrp *pg, int sig);
/* Is any live member of pg stopped? */
bool	pgrp_has_stopped(struct pgrp *pg);
/* Is pg orphaned (above)? */
bool	pgrp_orphaned(struct pgrp *pg);
/* Is p's group the foreground group of its session's terminal?  False
 * when the session has no terminal. */
bool	proc_is_foreground(struct proc *p);
/* Keep a session alive past its groups (the terminal's reference). */
void	session_hold(struct session *s);
void	session_rele(struct session *s);
/* Is id some group's or session's id (a pid that may not be reused)? */
bool	pgrp_id_in_use(pid_t id);

/* Kernel-internal (kern_proc.c, kern_fork.c, kern_exit.c). */
int	pgrp_init_proc(struct proc *p);
void	pgrp_fork(struct proc *parent, struct proc *child);
void	pgrp_exit_begin(struct proc *p);
void	pgrp_leave(struct proc *p);
void	pgrp_exit(struct proc *p);
#endif /* _KERNEL */

#endif /* !_SYS_PGRP_H_ */
