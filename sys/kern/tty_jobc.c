/*
 * tty_jobc.c - the terminal's process side: the controlling terminal of
 * a session, its foreground process group, and what happens when a
 * process of another group uses it (job control).
 *
 * The line discipline (tty.c) knows nothing of processes, and a driver
 * never looks at the caller (sys/device.h, rule 1).  So the rules that
 * depend on who is calling are applied at the VFS boundary, before a
 * device message is sent: devfs calls tty_jobc_read(), tty_jobc_write()
 * and tty_jobc_ioctl() for every device with a terminal (si_tty), in
 * the caller's thread.  The line discipline calls back only through
 * tty_signal(), to signal the foreground group (Ctrl-C).
 *
 * Sessions and groups are kern_pgrp.c's (sys/pgrp.h); this file sets the
 * two fields the terminal owns, the session's s_ttyp and s_fgpgid, and
 * keeps a hold on the session in t_session.  All of it under
 * proc_token.  A terminal controls a session while s->s_ttyp == tp (the
 * kernel clears s_ttyp when the session's leader exits, and then the
 * terminal's t_session is only a stale hold, dropped when the terminal
 * is claimed again or closed).
 *
 * The rules (POSIX "General Terminal Interface", as BSD does them):
 *
 *   TIOCSCTTY   a session leader without a controlling terminal makes
 *               this one its own (the terminal must not control another
 *               session: EPERM; not a leader, or one with a terminal:
 *               EPERM); its group becomes the foreground.  An open never
 *               does this (O_NOCTTY or not): init does it for the shell
 *               it starts on the console (test/init.c).
 *   TIOCNOTTY   the caller's session gives up its terminal.
 *   TIOCGPGRP, TIOCSPGRP, TIOCGSID  on the caller's controlling
 *               terminal only (ENOTTY otherwise); TIOCSPGRP takes a
 *               group of the caller's session (EPERM), a positive id
 *               (EINVAL).
 *   background  a process whose group is not the foreground group of
 *               its controlling terminal:
 *                 reads it: SIGTTIN to its group, the read EINTR (EIO
 *                 if SIGTTIN is ignored or blocked, or the group is
 *                 orphaned);
 *                 writes it with TOSTOP set, or changes its modes
 *                 (TIOCSETA*, TIOCFLUSH, TIOCSWINSZ, TIOCSPGRP):
 *                 SIGTTOU to its group, EINTR (allowed if SIGTTOU is
 *                 ignored or blocked; EIO if orphaned).
 *               A terminal that is not the caller's controlling terminal
 *               has no such rule.
 *   ISIG        the line discipline's VINTR, VQUIT, VSUSP go to the
 *               foreground group of the session the terminal controls
 *               (tty_signal), or nowhere.
 *   hangup      a pty master's close sends SIGHUP to the foreground
 *               group and frees the session of its terminal
 *               (tty_jobc_close).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/signal.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/proc.h>
#include <sys/pgrp.h>
#include <sys/tty.h>

/* The session tp controls, or NULL.  proc_token held. */
static struct session *
tty_session(struct tty *tp)
{
	struct session *s = tp->t_session;

	return (s != NULL && s->s_ttyp == tp ? s : NULL);
}

/* Is tp p's controlling terminal?  proc_token held. */
static bool
tty_is_ctty(struct tty *tp, struct proc *p)
{
	return (p != NULL && p->p_pgrp != NULL &&
	    p->p_pgrp->pg_session->s_ttyp == tp);
}

/* Drop tp's hold on its session (stale or not).  proc_token held. */
static void
tty_drop_session(struct tty *tp)
{
	struct session *s = tp->t_session;

	if (s == NULL)
		return;
	if (s->s_ttyp == tp) {
		s->s_ttyp = NULL;
		s->s_fgpgid = 0;
	}
	tp->t_session = NULL;
	session_rele(s);
}

/*
 * Send sig to the foreground process group of the session tp controls
 * (nothing if none).  From the line discipline (ISIG, a window size
 * change) or a hangup; any thread, not in a critical section.  May
 * block for proc_token.
 */
void
tty_signal(struct tty *tp, int sig)
{
	struct session *s;
	struct pgrp *pg;

	lwkt_gettoken(&proc_token);
	s = tty_session(tp);
	if (s != NULL && s->s_fgpgid != 0) {
		pg = pgfind(s->s_fgpgid);
		if (pg != NULL && pg->pg_session == s)
			(void)pgsignal(pg, sig);
	}
	lwkt_reltoken(&proc_token);
}

/* Is sig ignored or blocked by the calling thread? */
static bool
tty_sig_refused(struct proc *p, int sig)
{
	struct lwp *lp = curthread->td_lwp;

	return (p->p_sigact[sig].sa_handler == (vm_offset_t)SIG_IGN ||
	    (lp != NULL && (lp->lwp_sigmask & sigmask(sig))));
}

/*
 * The background rule for the caller on tp with sig (SIGTTIN for a
 * read, SIGTTOU for the rest): 0 to go on, or the error to return.
 * refused_ok: a refused (ignored, blocked) sig lets the call go on
 * (SIGTTOU) instead of EIO (SIGTTIN).
 */
static int
tty_background(struct tty *tp, int sig, bool refused_ok)
{
	struct proc *p = curproc;
	struct pgrp *pg;
	int error = 0;

	if (p == NULL)
		return (0);			/* the kernel itself */
	lwkt_gettoken(&proc_token);
	pg = p->p_pgrp;
	if (!tty_is_ctty(tp, p) || pg->pg_session->s_fgpgid == pg->pg_id)
		goto out;
	if (tty_sig_refused(p, sig)) {
		error = refused_ok ? 0 : EIO;
		goto out;
	}
	if (pgrp_orphaned(pg)) {
		error = EIO;
		goto out;
	}
	(void)pgsignal(pg, sig);
	error = EINTR;
out:
	lwkt_reltoken(&proc_token);
	return (error);
}

/* Before a read of tp: the background rule (SIGTTIN).  May block. */
int
tty_jobc_read(struct tty *tp)
{
	return (tty_background(tp, SIGTTIN, false));
}

/* Before a write of tp: with TOSTOP, the background rule (SIGTTOU). */
int
tty_jobc_write(struct tty *tp)
{
	if ((tp->t_termios.c_lflag & TOSTOP) == 0)
		return (0);
	return (tty_background(tp, SIGTTOU, true));
}

/*
 * Before an ioctl of tp: the session's commands are answered here (true,
 * with *errorp); a background caller's mode changes get the SIGTTOU
 * rule (true if refused).  false: the driver's to answer.  May block.
 */
bool
tty_jobc_ioctl(struct tty *tp, u_long cmd, void *data, int *errorp)
{
	struct proc *p = curproc;
	struct session *s;
	struct pgrp *pg;
	int error = 0;

	switch (cmd) {
	case TIOCSETA:
	case TIOCSETAW:
	case TIOCSETAF:
	case TIOCFLUSH:
	case TIOCSWINSZ:
	case TIOCDRAIN:
		error = tty_background(tp, SIGTTOU, true);
		if (error == 0)
			return (false);
		*errorp = error;
		return (true);
	case TIOCSCTTY:
	case TIOCNOTTY:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
		break;
	default:
		return (false);
	}
	if (p == NULL) {
		*errorp = ENOTTY;
		return (true);
	}
	if (cmd == TIOCSPGRP) {
		error = tty_background(tp, SIGTTOU, true);
		if (error) {
			*errorp = error;
			return (true);
		}
	}
	lwkt_gettoken(&proc_token);
	s = p->p_pgrp->pg_session;
	if (cmd == TIOCSCTTY) {
		if (s->s_leader != p || s->s_ttyp != NULL ||
		    tty_session(tp) != NULL) {
			error = EPERM;
			goto out;
		}
		tty_drop_session(tp);		/* a stale hold */
		session_hold(s);
		tp->t_session = s;
		s->s_ttyp = tp;
		s->s_fgpgid = p->p_pgrp->pg_id;
		goto out;
	}
	if (!tty_is_ctty(tp, p)) {
		error = ENOTTY;
		goto out;
	}
	switch (cmd) {
	case TIOCNOTTY:
		tty_drop_session(tp);
		break;
	case TIOCGPGRP:
		*(int *)data = s->s_fgpgid;
		break;
	case TIOCGSID:
		*(int *)data = s->s_sid;
		break;
	case TIOCSPGRP:
		if (*(int *)data <= 0) {
			error = EINVAL;
			break;
		}
		pg = pgfind(*(int *)data);
		if (pg == NULL || pg->pg_session != s) {
			error = EPERM;
			break;
		}
		s->s_fgpgid = pg->pg_id;
		break;
	}
out:
	lwkt_reltoken(&proc_token);
	*errorp = error;
	return (true);
}

/* The terminal goes away (a pty master's close): its session no longer
 * has a controlling terminal.  Call after tty_signal(tp, SIGHUP). */
void
tty_jobc_close(struct tty *tp)
{
	lwkt_gettoken(&proc_token);
	tty_drop_session(tp);
	lwkt_reltoken(&proc_token);
}
