/*
 * tty_jobc - a terminal's signals and job control (sys/kern/tty_jobc.c),
 * on a pseudo-terminal that a new session takes as its controlling
 * terminal: TIOCSCTTY, tcgetsid, tcgetpgrp/tcsetpgrp and their errors;
 * Ctrl-C kills the foreground group only, whether it waits in a read
 * of the terminal or loops writing elsewhere; Ctrl-\ is SIGQUIT; Ctrl-Z
 * stops it (SIGTSTP, seen by WUNTRACED); ISIG off makes them data; a
 * background read is SIGTTIN (EIO when ignored), a background write
 * with TOSTOP is SIGTTOU (allowed without TOSTOP); a background
 * tcsetattr is SIGTTOU; the master's close is SIGHUP to the foreground.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <time.h>
#include "utest.h"

static int m, s;

static void
pause_a_little(void)
{
	nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
}

/*
 * A child in a new group (made by both sides, so that neither waits for
 * the other), in the foreground if fg.  It writes a byte to the ready
 * pipe, then runs fn.  Returns its pid once it is ready.
 */
static pid_t
job(void (*fn)(void), bool fg)
{
	int p[2];
	pid_t pid;
	char c;

	UT_EQ(pipe(p), 0);
	pid = fork();
	UT_TRUE(pid >= 0);
	if (pid == 0) {
		(void)setpgid(0, 0);
		close(p[0]);
		close(m);		/* the master's close is the leader's */
		if (fg) {
			/* Wait for the parent to hand over the terminal. */
			while (tcgetpgrp(s) != getpid())
				pause_a_little();
		}
		(void)write(p[1], "r", 1);
		close(p[1]);
		fn();
		_exit(0);
	}
	(void)setpgid(pid, pid);
	if (fg)
		UT_EQ(tcsetpgrp(s, pid), 0);
	close(p[1]);
	UT_EQ(read(p[0], &c, 1), 1);
	close(p[0]);
	pause_a_little();		/* let it reach its read or loop */
	return (pid);
}

static void
reader(void)
{
	char buf[16];

	(void)read(s, buf, sizeof(buf));
	_exit(7);			/* not reached when signalled */
}

static void
busy(void)
{
	static char zeros[4096];
	int fd = open("/dev/null", O_WRONLY);

	for (;;)
		(void)write(fd, zeros, sizeof(zeros));
}

static void
sleeper(void)
{
	for (;;)
		pause_a_little();
}

/* Read away what the master has (the echo so far). */
static void
drain(void)
{
	char buf[256];

	while (read(m, buf, sizeof(buf)) > 0)
		;
}

static int
wstatus(pid_t pid, int flags)
{
	int st = -1;

	UT_EQ(waitpid(pid, &st, flags), pid);
	return (st);
}

/* Take the terminal back for the session leader's group. */
static void
fg_back(void)
{
	signal(SIGTTOU, SIG_IGN);
	UT_EQ(tcsetpgrp(s, getpgrp()), 0);
	signal(SIGTTOU, SIG_DFL);
}

static void
test_ctty(void)
{
	int fd, id;

	UT_EQ(setsid(), getpid());
	UT_EQ(openpty(&m, &s, NULL, NULL, NULL), 0);
	UT_EQ(fcntl(m, F_SETFL, O_NONBLOCK), 0);
	/* Opening did not make it the controlling terminal. */
	UT_ERR(tcgetpgrp(s), ENOTTY);
	UT_ERR(tcgetsid(s), ENOTTY);
	UT_EQ(ioctl(s, TIOCSCTTY, NULL), 0);
	UT_EQ(tcgetsid(s), getpid());
	UT_EQ(tcgetpgrp(s), getpgrp());
	/* One per session. */
	UT_ERR(ioctl(s, TIOCSCTTY, NULL), EPERM);
	UT_ERR(tcsetpgrp(s, 0), EINVAL);
	UT_ERR(tcsetpgrp(s, -5), EINVAL);
	UT_ERR(tcsetpgrp(s, 29999), EPERM);	/* no such group */
	UT_ERR(tcsetpgrp(s, 1), EPERM);		/* init's: another session */
	UT_ERR(ioctl(s, TIOCSPGRP, (void *)1), EFAULT);
	UT_ERR(ioctl(s, TIOCGPGRP, (void *)1), EFAULT);
	/* Another terminal is not the controlling terminal. */
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	UT_TRUE(fd >= 0);
	UT_ERR(tcgetpgrp(fd), ENOTTY);
	UT_ERR(tcsetpgrp(fd, getpgrp()), ENOTTY);
	UT_ERR(ioctl(fd, TIOCSCTTY, NULL), EPERM); /* console has one */
	close(fd);
	id = 0;
	UT_EQ(ioctl(s, TIOCGSID, &id), 0);
	UT_EQ(id, getpid());
}

static void
test_isig(void)
{
	pid_t fg, bg;
	int st;

	/* Ctrl-C: a reader in the foreground dies of SIGINT, the
	 * background group and the session leader go on. */
	bg = job(sleeper, false);
	fg = job(reader, true);
	UT_EQ(write(m, "\003", 1), 1);
	st = wstatus(fg, 0);
	UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	UT_EQ(waitpid(bg, &st, WNOHANG), 0);	/* alive */
	fg_back();
	/* Ctrl-C stops a program that never reads the terminal. */
	fg = job(busy, true);
	UT_EQ(write(m, "\003", 1), 1);
	st = wstatus(fg, 0);
	UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	fg_back();
	/* Ctrl-\ is SIGQUIT. */
	fg = job(reader, true);
	UT_EQ(write(m, "\034", 1), 1);
	st = wstatus(fg, 0);
	UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT);
	fg_back();
	/* Ctrl-Z stops it: SIGTSTP. */
	fg = job(reader, true);
	UT_EQ(write(m, "\032", 1), 1);
	st = wstatus(fg, WUNTRACED);
	UT_TRUE(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
	UT_EQ(kill(fg, SIGKILL), 0);
	st = wstatus(fg, 0);
	UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	fg_back();
	UT_EQ(kill(bg, SIGKILL), 0);
	(void)wstatus(bg, 0);
	/* A Ctrl-C to the session leader's own group, caught. */
	{
		struct termios t;
		char buf[8];

		signal(SIGINT, SIG_IGN);
		UT_EQ(write(m, "\003", 1), 1);
		signal(SIGINT, SIG_DFL);
		/* ISIG off: the characters are data. */
		UT_EQ(tcgetattr(s, &t), 0);
		t.c_lflag &= ~ISIG;
		UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
		UT_EQ(write(m, "\003\032\n", 3), 3);
		UT_EQ(read(s, buf, sizeof(buf)), 3);
		UT_EQ(memcmp(buf, "\003\032\n", 3), 0);
		t.c_lflag |= ISIG;
		UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
	}
}

static void
bg_reader_ignoring(void)
{
	char c;

	signal(SIGTTIN, SIG_IGN);
	if (read(s, &c, 1) != -1 || errno != EIO)
		_exit(3);
	_exit(0);
}

static void
bg_writer(void)
{
	_exit(write(s, "bg\n", 3) == 3 ? 0 : 3);
}

static void
bg_setattr(void)
{
	struct termios t;

	(void)tcgetattr(s, &t);
	(void)tcsetattr(s, TCSANOW, &t);
	_exit(5);			/* stopped before */
}

static void
test_background(void)
{
	struct termios t;
	pid_t bg;
	int st;
	char buf[16];

	/* A background read: SIGTTIN stops the reader. */
	bg = job(reader, false);
	st = wstatus(bg, WUNTRACED);
	UT_TRUE(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN);
	UT_EQ(kill(bg, SIGKILL), 0);
	(void)wstatus(bg, 0);
	/* ... with SIGTTIN ignored: EIO. */
	bg = job(bg_reader_ignoring, false);
	UT_EQ(wstatus(bg, 0), 0);
	/* A background write goes through without TOSTOP ... */
	drain();
	bg = job(bg_writer, false);
	UT_EQ(wstatus(bg, 0), 0);
	UT_EQ(read(m, buf, sizeof(buf)), 4);	/* "bg\r\n" */
	/* ... and is SIGTTOU with it. */
	UT_EQ(tcgetattr(s, &t), 0);
	t.c_lflag |= TOSTOP;
	UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
	bg = job(bg_writer, false);
	st = wstatus(bg, WUNTRACED);
	UT_TRUE(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
	UT_EQ(kill(bg, SIGKILL), 0);
	(void)wstatus(bg, 0);
	t.c_lflag &= ~TOSTOP;
	UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
	/* A background tcsetattr: SIGTTOU. */
	bg = job(bg_setattr, false);
	st = wstatus(bg, WUNTRACED);
	UT_TRUE(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
	UT_EQ(kill(bg, SIGKILL), 0);
	(void)wstatus(bg, 0);
}

static void
test_hangup(void)
{
	pid_t fg;
	int st;

	fg = job(reader, true);
	close(m);
	st = wstatus(fg, 0);
	UT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP);
	/* The session lost its terminal. */
	UT_ERR(tcgetpgrp(s), ENOTTY);
	close(s);
}

static void
session(void)
{
	test_ctty();
	test_isig();
	test_background();
	test_hangup();
	if (ut_failures != 0)
		_exit(UT_EXIT_FAILED);
}

int
main(void)
{
	UT_CHILD(session, 0);
	UT_DONE("tty_jobc");
}
