/*
 * kern_pgrp.c - process groups and sessions: setpgid, getpgid, getpgrp,
 * setsid, getsid, and what fork, exit and kill need of them.
 *
 * sys/pgrp.h has the model (what a group and a session are, their ids,
 * their life, orphaned groups, what the terminal layer may touch).  The
 * groups are on one list, pgrp_list, searched linearly: there are as
 * many as there are jobs, a handful.  Everything is under proc_token,
 * like the parent/child links these rules are about; nothing here
 * blocks, and the only allocations (a new group, a new session) are
 * M_NOWAIT and fail with EAGAIN.
 *
 * A process's group is p_pgrp, its link among the members p_pglist.
 * The last member to leave a group frees it (pgrp_leave); a group
 * holds its session, which is freed with its last reference.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/pgrp.h>
#include <sys/sysmsg.h>
#include <sys/globaldata.h>

MALLOC_DEFINE(M_PGRP, "pgrp", "process groups and sessions");

static LIST_HEAD(, pgrp) pgrp_list = LIST_HEAD_INITIALIZER(pgrp_list);

struct pgrp *
pgfind(pid_t pgid)
{
	struct pgrp *pg;

	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	LIST_FOREACH(pg, &pgrp_list, pg_list) {
		if (pg->pg_id == pgid)
			return (pg);
	}
	return (NULL);
}

bool
pgrp_id_in_use(pid_t id)
{
	struct pgrp *pg;

	LIST_FOREACH(pg, &pgrp_list, pg_list) {
		if (pg->pg_id == id || pg->pg_session->s_sid == id)
			return (true);
	}
	return (false);
}

void
session_hold(struct session *s)
{
	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	s->s_count++;
}

void
session_rele(struct session *s)
{
	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	KASSERT(s->s_count > 0, ("%s: session %d count %d", __func__,
	    s->s_sid, s->s_count));
	if (--s->s_count == 0)
		kfree(s, M_PGRP);
}

/* A new empty group pgid in session s (held by it); NULL if no memory. */
static struct pgrp *
pgrp_new(pid_t pgid, struct session *s)
{
	struct pgrp *pg = kmalloc(sizeof(*pg), M_PGRP, M_NOWAIT | M_ZERO);

	if (pg == NULL)
		return (NULL);
	LIST_INIT(&pg->pg_members);
	pg->pg_id = pgid;
	pg->pg_session = s;
	session_hold(s);
	LIST_INSERT_HEAD(&pgrp_list, pg, pg_list);
	return (pg);
}

/* A new session led by p, no terminal, no references yet; NULL if no
 * memory. */
static struct session *
session_new(struct proc *p)
{
	struct session *s = kmalloc(sizeof(*s), M_PGRP, M_NOWAIT | M_ZERO);

	if (s == NULL)
		return (NULL);
	s->s_sid = p->p_pid;
	s->s_leader = p;
	return (s);
}

/* Free pg if it has no member left (and release its session). */
static void
pgrp_free_if_empty(struct pgrp *pg)
{
	if (LIST_EMPTY(&pg->pg_members)) {
		LIST_REMOVE(pg, pg_list);
		session_rele(pg->pg_session);
		kfree(pg, M_PGRP);
	}
}

/* p leaves its group; the group is freed if that was its last member.
 * Caller holds proc_token. */
void
pgrp_leave(struct proc *p)
{
	struct pgrp *pg = p->p_pgrp;

	if (pg == NULL)
		return;
	LIST_REMOVE(p, p_pglist);
	p->p_pgrp = NULL;
	pgrp_free_if_empty(pg);
}

/* p moves to pg (from its group, if any, freed if left empty; pg holds
 * its session already, so a move within a session never frees it). */
static void
pgrp_join(struct proc *p, struct pgrp *pg)
{
	struct pgrp *old = p->p_pgrp;

	if (old == pg)
		return;
	if (old != NULL)
		LIST_REMOVE(p, p_pglist);
	LIST_INSERT_HEAD(&pg->pg_members, p, p_pglist);
	p->p_pgrp = pg;
	if (old != NULL)
		pgrp_free_if_empty(old);
}

/* Process 1: session 1, group 1.  ENOMEM if they cannot be had. */
int
pgrp_init_proc(struct proc *p)
{
	struct session *s;
	struct pgrp *pg;

	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	if ((s = session_new(p)) == NULL)
		return (ENOMEM);
	if ((pg = pgrp_new(p->p_pid, s)) == NULL) {
		kfree(s, M_PGRP);
		return (ENOMEM);
	}
	pgrp_join(p, pg);
	return (0);
}

/* fork: the child joins its parent's group. */
void
pgrp_fork(struct proc *parent, struct proc *child)
{
	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	pgrp_join(child, parent->p_pgrp);
}

int
pgsignal(struct pgrp *pg, int sig)
{
	struct proc *q;
	int n = 0;

	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	LIST_FOREACH(q, &pg->pg_members, p_pglist) {
		if (q->p_flags & (P_WEXIT | P_ZOMBIE))
			continue;
		if (kern_kill(q, sig) == 0)
			n++;
	}
	return (n);
}

bool
pgrp_has_stopped(struct pgrp *pg)
{
	struct proc *q;

	LIST_FOREACH(q, &pg->pg_members, p_pglist) {
		if ((q->p_flags & (P_STOPPED | P_WEXIT)) == P_STOPPED)
			return (true);
	}
	return (false);
}

bool
pgrp_orphaned(struct pgrp *pg)
{
	struct proc *q, *pp;

	LIST_FOREACH(q, &pg->pg_members, p_pglist) {
		if (q->p_flags & P_WEXIT)
			continue;
		pp = q->p_pptr;
		if (pp != NULL && pp->p_pgrp != NULL && pp->p_pgrp != pg &&
		    pp->p_pgrp->pg_session == pg->pg_session)
			return (false);
	}
	return (true);
}

bool
proc_is_foreground(struct proc *p)
{
	struct pgrp *pg = p->p_pgrp;

	return (pg != NULL && pg->pg_session->s_ttyp != NULL &&
	    pg->pg_session->s_fgpgid == pg->pg_id);
}

/* Mark pg for the orphan check after the exit, unless already
 * orphaned. */
static void
pgrp_mark(struct pgrp *pg)
{
	if (pg != NULL && !pgrp_orphaned(pg))
		pg->pg_flags |= PGF_CHECKORPHAN;
}

/*
 * exit1(), before p's children go to init (p is P_WEXIT): remember which
 * groups the exit may orphan (p's own, its children's) that are not
 * orphaned yet.  Caller holds proc_token.
 */
void
pgrp_exit_begin(struct proc *p)
{
	struct proc *q;

	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	/* p still counts as a link: look as if it were not exiting. */
	p->p_flags &= ~P_WEXIT;
	pgrp_mark(p->p_pgrp);
	LIST_FOREACH(q, &p->p_children, p_sibling)
		pgrp_mark(q->p_pgrp);
	p->p_flags |= P_WEXIT;
}

/*
 * exit1(), after p's children went to init (p stays in its group, as
 * a zombie, until reaped: wait4(-pgid) finds it there): a
 * controlling process's terminal hangs up (its foreground group gets
 * SIGHUP, and the session loses the terminal); every group the exit
 * orphaned that has a stopped member gets SIGHUP and SIGCONT.  Caller
 * holds proc_token.
 */
void
pgrp_exit(struct proc *p)
{
	struct session *s = p->p_pgrp->pg_session;
	struct pgrp *pg;

	KASSERT(lwkt_token_is_held(&proc_token), ("%s: no token", __func__));
	if (s->s_leader == p) {
		s->s_leader = NULL;
		if (s->s_ttyp != NULL) {
			if ((pg = pgfind(s->s_fgpgid)) != NULL &&
			    pg->pg_session == s)
				pgsignal(pg, SIGHUP);
			s->s_ttyp = NULL;
			s->s_fgpgid = 0;
		}
	}
	LIST_FOREACH(pg, &pgrp_list, pg_list) {
		if ((pg->pg_flags & PGF_CHECKORPHAN) == 0)
			continue;
		pg->pg_flags &= ~PGF_CHECKORPHAN;
		if (pgrp_orphaned(pg) && pgrp_has_stopped(pg)) {
			pgsignal(pg, SIGHUP);
			pgsignal(pg, SIGCONT);
		}
	}
}

/* ---- the system calls ------------------------------------------------ */

/* The process pid names for the caller (0: itself); NULL if none. */
static struct proc *
pgrp_target(struct proc *cp, pid_t pid)
{
	struct proc *p;

	if (pid == 0)
		return (cp);
	p = pfind(pid);
	if (p == NULL || (p->p_flags & (P_ZOMBIE | P_WEXIT)))
		return (NULL);
	return (p);
}

/*
 * setpgid(pid, pgid): put pid (0: the caller; else the caller or one of
 * its children) in group pgid (0: pid's own id) of its session, made
 * if new.  EINVAL for pgid < 0; ESRCH if pid is neither; EACCES for a
 * child that has run execve; EPERM for a session leader, a child in
 * another session, or a pgid that is not pid and names no group of the
 * session; EAGAIN if a new group cannot be had.
 */
int
sys_setpgid(struct sysmsg *sysmsg, const struct setpgid_args *uap)
{
	struct proc *cp = curproc, *p;
	struct pgrp *pg;
	pid_t pgid = uap->pgid;
	int error = 0;

	if (pgid < 0)
		return (EINVAL);
	lwkt_gettoken(&proc_token);
	p = pgrp_target(cp, uap->pid);
	if (p == NULL || (p != cp && p->p_pptr != cp)) {
		error = ESRCH;
		goto out;
	}
	if (p != cp && (p->p_flags & P_EXEC)) {
		error = EACCES;
		goto out;
	}
	if (p->p_pgrp->pg_session->s_leader == p ||
	    p->p_pgrp->pg_session != cp->p_pgrp->pg_session) {
		error = EPERM;
		goto out;
	}
	if (pgid == 0)
		pgid = p->p_pid;
	pg = pgfind(pgid);
	if (pg == NULL) {
		if (pgid != p->p_pid) {
			error = EPERM;
			goto out;
		}
		pg = pgrp_new(pgid, p->p_pgrp->pg_session);
		if (pg == NULL) {
			error = EAGAIN;
			goto out;
		}
	} else if (pg->pg_session != p->p_pgrp->pg_session) {
		error = EPERM;
		goto out;
	}
	pgrp_join(p, pg);
out:
	lwkt_reltoken(&proc_token);
	return (error);
}

/* getpgid(pid): pid's group (0: the caller's); ESRCH if no such. */
int
sys_getpgid(struct sysmsg *sysmsg, const struct getpgid_args *uap)
{
	struct proc *p;
	int error = 0;

	lwkt_gettoken(&proc_token);
	p = pgrp_target(curproc, uap->pid);
	if (p == NULL)
		error = ESRCH;
	else
		sysmsg->sm_retval = p->p_pgrp->pg_id;
	lwkt_reltoken(&proc_token);
	return (error);
}

int
sys_getpgrp(struct sysmsg *sysmsg, const struct getpgrp_args *uap)
{
	lwkt_gettoken(&proc_token);
	sysmsg->sm_retval = curproc->p_pgrp->pg_id;
	lwkt_reltoken(&proc_token);
	return (0);
}

/* getsid(pid): pid's session (0: the caller's); ESRCH if no such. */
int
sys_getsid(struct sysmsg *sysmsg, const struct getsid_args *uap)
{
	struct proc *p;
	int error = 0;

	lwkt_gettoken(&proc_token);
	p = pgrp_target(curproc, uap->pid);
	if (p == NULL)
		error = ESRCH;
	else
		sysmsg->sm_retval = p->p_pgrp->pg_session->s_sid;
	lwkt_reltoken(&proc_token);
	return (error);
}

/*
 * setsid(): the caller leads a new session, in a new group, with no
 * terminal; returns the session's id (its pid).  EPERM if the caller
 * leads a group already (some group has its pid as id); EAGAIN if the
 * session or group cannot be had.
 */
int
sys_setsid(struct sysmsg *sysmsg, const struct setsid_args *uap)
{
	struct proc *p = curproc;
	struct session *s;
	struct pgrp *pg;
	int error = 0;

	lwkt_gettoken(&proc_token);
	if (pgfind(p->p_pid) != NULL) {
		error = EPERM;
		goto out;
	}
	if ((s = session_new(p)) == NULL) {
		error = EAGAIN;
		goto out;
	}
	if ((pg = pgrp_new(p->p_pid, s)) == NULL) {
		kfree(s, M_PGRP);
		error = EAGAIN;
		goto out;
	}
	pgrp_join(p, pg);
	sysmsg->sm_retval = p->p_pid;
out:
	lwkt_reltoken(&proc_token);
	return (error);
}
