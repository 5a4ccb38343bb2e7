/*
 * tty_ldisc - the line discipline (sys/kern/tty.c) driven through a
 * pseudo-terminal (dev/pty/pty.c): what is written to the master is the
 * slave's input, the echo comes back on the master.  Canonical editing
 * (erase, ^H, werase, kill, EOF, reprint), echo on and off, ECHONL,
 * ICRNL/INLCR/IGNCR, OPOST/ONLCR, raw mode a byte at a time, all four
 * VMIN/VTIME cases (by counts; a VTIME timeout is checked by its 0, not
 * its length), a 2000-byte line kept whole at MAX_CANON, FIONREAD, the
 * window size, flushing, mode changes with input waiting, hangup, and
 * bad arguments (EFAULT, EINVAL, ENOTTY, EBADF).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <termios.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <time.h>
#include "utest.h"

static int m, s;			/* master, slave */
static char buf[4096];

static void
put(const char *str)
{
	UT_EQ(write(m, str, strlen(str)), (ssize_t)strlen(str));
}

/* What the slave reads now (one read), as a string. */
static const char *
sread(void)
{
	ssize_t n = read(s, buf, sizeof(buf) - 1);

	buf[n < 0 ? 0 : n] = '\0';
	return (buf);
}

/* Everything the master has to read (the echo), as a string. */
static const char *
echoed(void)
{
	static char e[4096];
	ssize_t n, got = 0;

	while ((n = read(m, e + got, sizeof(e) - 1 - got)) > 0)
		got += n;
	e[got] = '\0';
	return (e);
}

static int
readable(int fd)
{
	int n = -1;

	UT_EQ(ioctl(fd, FIONREAD, &n), 0);
	return (n);
}

static void
setmode(tcflag_t lon, tcflag_t loff, int vmin, int vtime)
{
	struct termios t;

	UT_EQ(tcgetattr(s, &t), 0);
	t.c_lflag = (t.c_lflag | lon) & ~loff;
	if (vmin >= 0)
		t.c_cc[VMIN] = vmin;
	if (vtime >= 0)
		t.c_cc[VTIME] = vtime;
	UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
}

static void
test_canonical(void)
{
	struct termios t;

	UT_EQ(tcgetattr(s, &t), 0);
	UT_TRUE((t.c_lflag & (ICANON | ECHO | ISIG | IEXTEN)) ==
	    (ICANON | ECHO | ISIG | IEXTEN));
	UT_EQ(t.c_cc[VINTR], 3);
	UT_EQ(t.c_cc[VERASE], 0x7f);
	UT_EQ(t.c_cc[VMIN], 1);

	put("abc\n");
	UT_STREQ(sread(), "abc\n");
	UT_STREQ(echoed(), "abc\r\n");
	/* Nothing is readable before the end of the line. */
	put("par");
	UT_EQ(readable(s), 0);
	put("tial\r");			/* ICRNL */
	UT_EQ(readable(s), 8);
	UT_STREQ(sread(), "partial\n");
	UT_STREQ(echoed(), "partial\r\n");

	put("abx\x7f" "c\n");		/* VERASE */
	UT_STREQ(sread(), "abc\n");
	UT_STREQ(echoed(), "abx\b \bc\r\n");
	put("ab\bd\n");			/* ^H, VERASE2 */
	UT_STREQ(sread(), "ad\n");
	put("\x7f\x7fok\n");		/* erase on an empty line: nothing */
	UT_STREQ(sread(), "ok\n");
	put("foo bar  \x17" "baz\n");	/* VWERASE, blanks and the word */
	UT_STREQ(sread(), "foo baz\n");
	put("junk line\x15" "kept\n");	/* VKILL */
	UT_STREQ(sread(), "kept\n");
	put("\xc3\xa9t\xc3\xa9\x7f\x7f" "a\n");	/* UTF-8 erased whole */
	UT_STREQ(sread(), "\xc3\xa9" "a\n");
	(void)echoed();

	/* VEOF: alone, an end of file; after text, the text with no end. */
	put("\x04");
	UT_EQ(read(s, buf, sizeof(buf)), 0);
	put("ab\x04");
	UT_EQ(read(s, buf, sizeof(buf)), 2);
	UT_EQ(memcmp(buf, "ab", 2), 0);
	/* A line read in pieces; a read never joins two lines. */
	put("hello\nworld\n");
	UT_EQ(read(s, buf, 2), 2);
	UT_EQ(memcmp(buf, "he", 2), 0);
	UT_STREQ(sread(), "llo\n");
	UT_STREQ(sread(), "world\n");
	/* VLNEXT: the next byte literally (here VERASE kept in the line). */
	put("x\x16\x7fy\n");
	UT_STREQ(sread(), "x\x7fy\n");
	/* VREPRINT shows the line again. */
	(void)echoed();
	put("re\x12");
	UT_STREQ(echoed(), "re^R\r\nre");
	put("\n");
	UT_STREQ(sread(), "re\n");
	(void)echoed();
}

static void
test_echo(void)
{
	setmode(0, ECHO, -1, -1);
	put("secret\n");
	UT_STREQ(sread(), "secret\n");
	UT_EQ(readable(m), 0);		/* nothing echoed */
	setmode(ECHONL, ECHO, -1, -1);
	put("more\n");
	UT_STREQ(sread(), "more\n");
	UT_STREQ(echoed(), "\r\n");	/* only the newline */
	setmode(ECHO, ECHONL | ECHOCTL, -1, -1);
	put("a\x01" "b\n");		/* no ECHOCTL: the byte as it is */
	UT_STREQ(sread(), "a\x01" "b\n");
	UT_STREQ(echoed(), "a\x01" "b\r\n");
	setmode(ECHOCTL, 0, -1, -1);
	put("a\x01" "b\n");
	UT_STREQ(sread(), "a\x01" "b\n");
	UT_STREQ(echoed(), "a^Ab\r\n");
}

static void
test_crnl_opost(void)
{
	struct termios t, saved;

	UT_EQ(tcgetattr(s, &saved), 0);
	t = saved;
	t.c_iflag = (t.c_iflag & ~ICRNL) | IGNCR;
	UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
	put("a\rb\n");
	UT_STREQ(sread(), "ab\n");
	t.c_iflag = (t.c_iflag & ~IGNCR) | INLCR;
	t.c_cc[VEOL] = '\r';
	UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
	put("cd\n");			/* NL becomes CR, which ends it (VEOL) */
	UT_STREQ(sread(), "cd\r");
	(void)echoed();

	/* Output: ONLCR, then no OPOST. */
	UT_EQ(write(s, "x\ny", 3), 3);
	UT_STREQ(echoed(), "x\r\ny");
	t.c_oflag &= ~OPOST;
	UT_EQ(tcsetattr(s, TCSADRAIN, &t), 0);
	UT_EQ(write(s, "x\ny", 3), 3);
	UT_STREQ(echoed(), "x\ny");
	UT_EQ(tcsetattr(s, TCSANOW, &saved), 0);
}

static void
test_raw(void)
{
	struct termios t, saved;

	UT_EQ(tcgetattr(s, &saved), 0);
	t = saved;
	cfmakeraw(&t);
	UT_EQ(tcsetattr(s, TCSANOW, &t), 0);
	UT_EQ(tcgetattr(s, &t), 0);
	UT_EQ(t.c_lflag & (ICANON | ECHO | ISIG), 0);
	UT_EQ(t.c_oflag & OPOST, 0);
	/* A byte at a time, as typed, unedited, unechoed. */
	put("q");
	UT_EQ(read(s, buf, sizeof(buf)), 1);
	UT_EQ(buf[0], 'q');
	put("\r\x7f\x03\x04");
	UT_EQ(read(s, buf, sizeof(buf)), 4);
	UT_EQ(memcmp(buf, "\r\x7f\x03\x04", 4), 0);
	UT_EQ(readable(m), 0);
	UT_EQ(tcsetattr(s, TCSAFLUSH, &saved), 0);
}

/* VMIN > 0, VTIME 0 in a child: the parent counts what it returned. */
static void
test_vmin_blocks(void)
{
	int p[2];
	pid_t pid;
	int st;
	char r;

	UT_EQ(pipe(p), 0);
	pid = fork();
	UT_TRUE(pid >= 0);
	if (pid == 0) {
		ssize_t n = read(s, buf, sizeof(buf));

		r = (char)n;
		(void)write(p[1], &r, 1);
		_exit(0);
	}
	put("1");
	nanosleep(&(struct timespec){ 0, 100000000 }, NULL); /* its chance */
	UT_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	UT_ERR(read(p[0], &r, 1), EAGAIN); /* still waiting: 1 < VMIN */
	UT_EQ(fcntl(p[0], F_SETFL, 0), 0);
	put("23");
	UT_EQ(read(p[0], &r, 1), 1);
	UT_EQ(r, 3);
	UT_EQ(waitpid(pid, &st, 0), pid);
	UT_EQ(st, 0);
	close(p[0]);
	close(p[1]);
}

static void
test_vmin_vtime(void)
{
	struct termios saved;

	UT_EQ(tcgetattr(s, &saved), 0);
	/* MIN 0, TIME 0: what is there, maybe nothing. */
	setmode(0, ICANON | ECHO, 0, 0);
	UT_EQ(read(s, buf, sizeof(buf)), 0);
	put("xy");
	UT_EQ(read(s, buf, sizeof(buf)), 2);
	UT_EQ(read(s, buf, sizeof(buf)), 0);
	/* MIN 3, TIME 0: waits for 3; more if there; a smaller count is
	 * enough. */
	setmode(0, ICANON | ECHO, 3, 0);
	test_vmin_blocks();
	put("abcde");
	UT_EQ(read(s, buf, sizeof(buf)), 5);
	put("ab");
	UT_EQ(read(s, buf, 2), 2);
	/* MIN 0, TIME 1: nothing within a tenth of a second is 0. */
	setmode(0, ICANON | ECHO, 0, 1);
	UT_EQ(read(s, buf, sizeof(buf)), 0);
	put("z");
	UT_EQ(read(s, buf, sizeof(buf)), 1);
	/* MIN 4, TIME 1: after a first byte the timer ends the read. */
	setmode(0, ICANON | ECHO, 4, 1);
	put("ab");
	UT_EQ(read(s, buf, sizeof(buf)), 2);
	put("abcdef");
	UT_EQ(read(s, buf, sizeof(buf)), 6);
	/* Non-blocking: EAGAIN with nothing, whatever VMIN says. */
	UT_EQ(fcntl(s, F_SETFL, O_NONBLOCK), 0);
	UT_ERR(read(s, buf, sizeof(buf)), EAGAIN);
	UT_EQ(fcntl(s, F_SETFL, 0), 0);
	UT_EQ(tcsetattr(s, TCSANOW, &saved), 0);
}

static void
test_long_line(void)
{
	static char line[2001];
	int i;

	setmode(0, ECHO, -1, -1);
	memset(line, 'a', 2000);
	line[2000] = '\n';
	UT_EQ(write(m, line, sizeof(line)), (ssize_t)sizeof(line));
	/* MAX_CANON (1024) with its end: 1023 bytes and the newline; the
	 * rest was refused (the bell), not made into a second line. */
	UT_EQ(readable(s), 1024);
	UT_EQ(read(s, buf, sizeof(buf)), 1024);
	for (i = 0; i < 1023 && buf[i] == 'a'; i++)
		;
	UT_EQ(i, 1023);
	UT_EQ(buf[1023], '\n');
	UT_EQ(readable(s), 0);
	UT_TRUE(strchr(echoed(), '\a') != NULL);
	put("next\n");
	UT_STREQ(sread(), "next\n");
	/* A line of exactly 1023 bytes and its end fits. */
	UT_EQ(write(m, line + 977, 1024), 1024);
	UT_EQ(read(s, buf, sizeof(buf)), 1024);
	setmode(ECHO, 0, -1, -1);
	(void)echoed();
}

static void
test_modes_queues(void)
{
	struct termios t;
	struct winsize w;

	/* Leaving ICANON makes the line being edited readable. */
	put("half");
	setmode(0, ICANON, 1, 0);
	UT_STREQ(sread(), "half");
	/* Entering it makes waiting raw input one line. */
	put("rawin");
	setmode(ICANON, 0, -1, -1);
	UT_STREQ(sread(), "rawin");
	/* TCSAFLUSH and tcflush discard unread input. */
	put("gone\npart");
	UT_EQ(tcgetattr(s, &t), 0);
	UT_EQ(tcsetattr(s, TCSAFLUSH, &t), 0);
	UT_EQ(readable(s), 0);
	put("gone\n");
	UT_EQ(tcflush(s, TCIFLUSH), 0);
	UT_EQ(readable(s), 0);
	put("kept\n");
	UT_STREQ(sread(), "kept\n");
	(void)echoed();

	/* The window size. */
	UT_EQ(ioctl(s, TIOCGWINSZ, &w), 0);
	UT_EQ(w.ws_row, 25);
	UT_EQ(w.ws_col, 80);
	w.ws_row = 40;
	w.ws_col = 100;
	UT_EQ(tcsetwinsize(m, &w), 0);	/* from the master's side */
	memset(&w, 0, sizeof(w));
	UT_EQ(tcgetwinsize(s, &w), 0);
	UT_EQ(w.ws_row, 40);
	UT_EQ(w.ws_col, 100);

	/* Speeds are kept, checked, never applied. */
	UT_EQ(cfsetspeed(&t, B9600), 0);
	UT_EQ(cfgetispeed(&t), B9600);
	UT_EQ(cfgetospeed(&t), B9600);
	UT_ERR(cfsetispeed(&t, 12345), EINVAL);
}

static void
test_bad_args(void)
{
	struct termios t;
	int fd, p[2], n;

	UT_ERR(ioctl(s, TIOCGETA, (void *)1), EFAULT);
	UT_ERR(ioctl(s, TIOCSETA, (void *)0xc0000000), EFAULT);
	UT_ERR(ioctl(s, TIOCGWINSZ, NULL), EFAULT);
	UT_ERR(ioctl(s, FIONREAD, (void *)4), EFAULT);
	UT_EQ(tcgetattr(s, &t), 0);
	t.c_ispeed = 12345;
	UT_ERR(ioctl(s, TIOCSETA, &t), EINVAL);
	UT_ERR(tcsetattr(s, 99, &t), EINVAL);
	UT_ERR(tcflush(s, 7), EINVAL);
	n = 8;
	UT_ERR(ioctl(s, TIOCFLUSH, &n), EINVAL);
	UT_ERR(ioctl(s, _IOR('t', 250, int), &n), ENOTTY);

	fd = open("/dev/null", O_RDWR);
	UT_TRUE(fd >= 0);
	UT_ERR(tcgetattr(fd, &t), ENOTTY);
	UT_ERR(tcgetpgrp(fd), ENOTTY);
	UT_EQ(isatty(fd), 0);
	close(fd);
	UT_EQ(pipe(p), 0);
	UT_ERR(tcgetattr(p[0], &t), ENOTTY);
	UT_ERR(ioctl(p[0], FIONREAD, &n), ENOTTY);
	close(p[0]);
	close(p[1]);
	UT_ERR(tcgetattr(99, &t), EBADF);
	UT_ERR(tcsetattr(-1, TCSANOW, &t), EBADF);
	UT_EQ(isatty(s), 1);
	UT_EQ(isatty(m), 0);
}

static void
test_console(void)
{
	struct winsize w;
	struct termios t;
	int fd;

	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	UT_TRUE(fd >= 0);
	UT_EQ(ioctl(fd, TIOCGWINSZ, &w), 0);
	UT_EQ(w.ws_row, 25);
	UT_EQ(w.ws_col, 80);
	UT_EQ(tcgetattr(fd, &t), 0);
	UT_TRUE(t.c_lflag & ICANON);
	UT_TRUE(t.c_oflag & ONLCR);
	UT_EQ(readable(fd), 0);		/* nobody types during the tests */
	close(fd);
}

static void
test_pairs(void)
{
	int fds[8], n, i, m2, s2;
	char name[32];

	/* The master is one open at a time; every pair in use: EAGAIN. */
	for (n = 0; n < 8; n++) {
		fds[n] = posix_openpt(O_RDWR | O_NOCTTY);
		if (fds[n] < 0)
			break;
	}
	UT_TRUE(n >= 1 && n < 8);
	UT_EQ(errno, EAGAIN);
	UT_ERR(open("/dev/ptyp0", O_RDWR), EBUSY);
	for (i = 0; i < n; i++)
		close(fds[i]);
	/* A slave without its master: EIO. */
	UT_ERR(open("/dev/ttyp3", O_RDWR), EIO);

	/* Hangup: the master closes, the slave reads 0 and cannot write. */
	UT_EQ(openpty(&m2, &s2, name, NULL, NULL), 0);
	UT_TRUE(strncmp(name, "/dev/ttyp", 9) == 0);
	UT_STREQ(ptsname(m2), name);
	close(m2);
	UT_EQ(read(s2, buf, 10), 0);
	UT_ERR(write(s2, "x", 1), EIO);
	close(s2);
	/* The slave closes: the master reads what was left, then 0. */
	UT_EQ(openpty(&m2, &s2, NULL, NULL, NULL), 0);
	UT_EQ(write(s2, "bye", 3), 3);
	close(s2);
	UT_EQ(read(m2, buf, sizeof(buf)), 3);
	UT_EQ(read(m2, buf, sizeof(buf)), 0);
	close(m2);
}

int
main(void)
{
	UT_EQ(openpty(&m, &s, NULL, NULL, NULL), 0);
	UT_EQ(fcntl(m, F_SETFL, O_NONBLOCK), 0);
	test_canonical();
	test_echo();
	test_crnl_opost();
	test_raw();
	test_vmin_vtime();
	test_long_line();
	test_modes_queues();
	test_bad_args();
	test_console();
	close(s);
	close(m);
	test_pairs();
	UT_DONE("tty_ldisc");
}
