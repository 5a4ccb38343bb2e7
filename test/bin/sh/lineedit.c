/*
 * lineedit.c - the interactive shell's line editor and history.
 *
 * When the shell reads commands from a terminal it puts the terminal in
 * raw mode (no echo, no canonical lines, no signals from Ctrl-C: every
 * byte comes to the shell as it is typed), edits the line itself, and
 * puts the terminal's modes back before the line runs, so the commands
 * it starts find the terminal as they expect (le_readline).  The modes
 * put back are the ones found at the first prompt, so a program that
 * stopped or died leaving the terminal raw does not leave it so.
 *
 * The editor is a state machine fed one byte at a time (le_feed), whose
 * only effect outside its struct is text for the terminal, gathered in
 * le_out.  That keeps it testable without a terminal: "sh
 * --lineedit-test" feeds it standard input and prints each line it
 * accepts (le_selftest, used by test/bin/sh_test.c).
 *
 * Keys (the escape sequences are a VT100's and xterm's):
 *   printable bytes		insert at the cursor
 *   Left, Right, Ctrl-B, Ctrl-F	move one character
 *   Home, End, Ctrl-A, Ctrl-E	start, end of the line (ESC [ H, ESC [ F,
 *				ESC [ 1 ~, ESC [ 4 ~, ESC O H, ESC O F)
 *   Alt-B, Alt-F		move one word
 *   Backspace (DEL, Ctrl-H)	delete before the cursor
 *   Delete (ESC [ 3 ~), Ctrl-D	delete at the cursor (Ctrl-D on an
 *				empty line: end of input)
 *   Ctrl-W			delete the word before the cursor
 *   Ctrl-U, Ctrl-K		delete to the start, to the end
 *   Up, Down, Ctrl-P, Ctrl-N	the previous, next history line; the
 *				line being typed is kept while browsing
 *   Ctrl-L			clear the screen
 *   Ctrl-C			abandon the line
 *   Enter (CR or LF)		accept the line (it goes into the history
 *				unless empty or the same as the last)
 * A byte that would make the line longer than SH_LINE_MAX - 1 rings the
 * bell and is dropped: a line is never cut silently.
 *
 * Display: the line may wrap over several terminal rows.  The editor
 * keeps where the terminal's cursor is (le_cursor, in columns from the
 * prompt's start) and moves it with relative sequences (ESC [ n A/B/C
 * and CR), rewriting only from the first changed character to the end,
 * then ESC [ J if a longer line was there before (so a line typed
 * plainly is echoed as it is).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"

#define HIST_MAX	200	/* history lines kept */
#define OUT_MAX		(3 * SH_LINE_MAX) /* terminal text gathered */

/* What le_feed says. */
enum { LE_MORE, LE_ACCEPT, LE_EOF, LE_INTR };

/* Key decoding states. */
enum { LS_NORMAL, LS_ESC, LS_CSI, LS_SS3 };

struct ledit {
	char		le_buf[SH_LINE_MAX];	/* the line, NUL-terminated */
	size_t		le_len;			/* its length */
	size_t		le_pos;			/* the cursor, 0..le_len */
	const char	*le_prompt;
	size_t		le_plen;		/* the prompt's columns */
	size_t		le_cursor;		/* terminal cursor, from the prompt's start */
	size_t		le_cols;		/* terminal width */
	size_t		le_drawn;		/* characters of the line on the screen */
	int		le_state;		/* LS_*: inside an escape sequence */
	int		le_param;		/* its number (ESC [ n ~) */
	int		le_hidx;		/* history line shown; nhist: the new one */
	char		le_saved[SH_LINE_MAX];	/* the new line while browsing */
	int		le_fd;			/* where le_out goes; -1: nowhere */
	char		le_out[OUT_MAX];	/* text for the terminal */
	size_t		le_outlen;
};

static char	*hist[HIST_MAX];	/* oldest first, malloc'd */
static int	nhist;

/* Write what is gathered for the terminal. */
static void
le_flush(struct ledit *le)
{
	size_t off = 0;
	ssize_t r;

	while (le->le_fd >= 0 && off < le->le_outlen) {
		r = write(le->le_fd, le->le_out + off, le->le_outlen - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += r;
	}
	le->le_outlen = 0;
}

static void
out(struct ledit *le, const char *s, size_t n)
{
	if (le->le_outlen + n > sizeof(le->le_out))
		le_flush(le);
	if (n > sizeof(le->le_out))
		n = sizeof(le->le_out);
	memcpy(le->le_out + le->le_outlen, s, n);
	le->le_outlen += n;
}

static void
outs(struct ledit *le, const char *s)
{
	out(le, s, strlen(s));
}

/* ESC [ n c */
static void
csi(struct ledit *le, size_t n, char c)
{
	char seq[24];

	if (n == 0)
		return;
	snprintf(seq, sizeof(seq), "\033[%u%c", (unsigned)n, c);
	outs(le, seq);
}

/* Move the terminal cursor to column offset to (from the prompt's start). */
static void
move_to(struct ledit *le, size_t to)
{
	size_t r0 = le->le_cursor / le->le_cols, r1 = to / le->le_cols;

	if (to == le->le_cursor)
		return;
	if (r1 < r0)
		csi(le, r0 - r1, 'A');
	else if (r1 > r0)
		csi(le, r1 - r0, 'B');
	outs(le, "\r");
	csi(le, to % le->le_cols, 'C');
	le->le_cursor = to;
}

/* Redraw the line from index from to its end, then put the cursor back. */
static void
refresh(struct ledit *le, size_t from)
{
	move_to(le, le->le_plen + from);
	out(le, le->le_buf + from, le->le_len - from);
	le->le_cursor = le->le_plen + le->le_len;
	if (le->le_cursor % le->le_cols == 0 && le->le_len > from)
		outs(le, "\r\n");	/* leave the pending wrap: a real row */
	if (le->le_drawn > le->le_len)
		outs(le, "\033[J");	/* erase what a longer line left */
	le->le_drawn = le->le_len;
	move_to(le, le->le_plen + le->le_pos);
}

/* Start a new line: print the prompt. */
static void
le_begin(struct ledit *le, const char *prompt)
{
	le->le_len = le->le_pos = 0;
	le->le_buf[0] = '\0';
	le->le_prompt = prompt;
	le->le_plen = strlen(prompt);
	le->le_cursor = le->le_plen;
	le->le_drawn = 0;
	le->le_state = LS_NORMAL;
	le->le_hidx = nhist;
	if (le->le_cols == 0)
		le->le_cols = 80;
	outs(le, prompt);
}

/* Replace the line by s, the cursor at its end. */
static void
set_line(struct ledit *le, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof(le->le_buf))
		n = sizeof(le->le_buf) - 1;
	memcpy(le->le_buf, s, n);
	le->le_buf[n] = '\0';
	le->le_len = le->le_pos = n;
	refresh(le, 0);
}

/* Delete le_buf[from..to). */
static void
delete(struct ledit *le, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(le->le_buf + from, le->le_buf + to, le->le_len - to + 1);
	le->le_len -= to - from;
	le->le_pos = from;
	refresh(le, from);
}

static void
insert(struct ledit *le, char c)
{
	if (le->le_len + 1 >= sizeof(le->le_buf)) {
		outs(le, "\a");
		return;
	}
	memmove(le->le_buf + le->le_pos + 1, le->le_buf + le->le_pos,
	    le->le_len - le->le_pos + 1);
	le->le_buf[le->le_pos++] = c;
	le->le_len++;
	refresh(le, le->le_pos - 1);
}

static void
move_cursor(struct ledit *le, size_t pos)
{
	le->le_pos = pos;
	move_to(le, le->le_plen + pos);
}

/* The start of the word before the cursor; the end of the one after. */
static size_t
word_left(struct ledit *le)
{
	size_t p = le->le_pos;

	while (p > 0 && le->le_buf[p - 1] == ' ')
		p--;
	while (p > 0 && le->le_buf[p - 1] != ' ')
		p--;
	return (p);
}

static size_t
word_right(struct ledit *le)
{
	size_t p = le->le_pos;

	while (p < le->le_len && le->le_buf[p] == ' ')
		p++;
	while (p < le->le_len && le->le_buf[p] != ' ')
		p++;
	return (p);
}

/* Show history line idx (nhist: the line that was being typed). */
static void
history_show(struct ledit *le, int idx)
{
	if (idx < 0 || idx > nhist) {
		outs(le, "\a");
		return;
	}
	if (le->le_hidx == nhist)
		memcpy(le->le_saved, le->le_buf, le->le_len + 1);
	le->le_hidx = idx;
	set_line(le, idx == nhist ? le->le_saved : hist[idx]);
}

static void
history_add(const char *line)
{
	char *copy;

	if (line[0] == '\0' || (nhist > 0 && strcmp(hist[nhist - 1], line) == 0))
		return;
	if ((copy = strdup(line)) == NULL)
		return;
	if (nhist == HIST_MAX) {
		free(hist[0]);
		memmove(hist, hist + 1, (HIST_MAX - 1) * sizeof(hist[0]));
		nhist--;
	}
	hist[nhist++] = copy;
}

/* The key an escape sequence ended with: act on it. */
static void
escape_key(struct ledit *le, int c, int param)
{
	switch (c) {
	case 'A':
		history_show(le, le->le_hidx - 1);
		break;
	case 'B':
		history_show(le, le->le_hidx + 1);
		break;
	case 'C':
		if (le->le_pos < le->le_len)
			move_cursor(le, le->le_pos + 1);
		break;
	case 'D':
		if (le->le_pos > 0)
			move_cursor(le, le->le_pos - 1);
		break;
	case 'H':
		move_cursor(le, 0);
		break;
	case 'F':
		move_cursor(le, le->le_len);
		break;
	case '~':
		if (param == 1 || param == 7)
			move_cursor(le, 0);
		else if (param == 4 || param == 8)
			move_cursor(le, le->le_len);
		else if (param == 3 && le->le_pos < le->le_len)
			delete(le, le->le_pos, le->le_pos + 1);
		break;
	}
}

/*
 * Feed one byte typed.  LE_MORE: keep feeding; LE_ACCEPT: the line is
 * in le_buf (and the history); LE_EOF: Ctrl-D on an empty line;
 * LE_INTR: Ctrl-C, the line abandoned.  Text for the terminal is left
 * in le_out.
 */
static int
le_feed(struct ledit *le, unsigned char c)
{
	switch (le->le_state) {
	case LS_ESC:
		le->le_state = LS_NORMAL;
		if (c == '[') {
			le->le_state = LS_CSI;
			le->le_param = 0;
		} else if (c == 'O') {
			le->le_state = LS_SS3;
		} else if (c == 'b') {
			move_cursor(le, word_left(le));
		} else if (c == 'f') {
			move_cursor(le, word_right(le));
		}
		return (LE_MORE);
	case LS_CSI:
		if (c >= '0' && c <= '9') {
			if (le->le_param < 1000)
				le->le_param = le->le_param * 10 + c - '0';
			return (LE_MORE);
		}
		if (c == ';')
			return (LE_MORE);	/* modifiers: ignored */
		le->le_state = LS_NORMAL;
		escape_key(le, c, le->le_param);
		return (LE_MORE);
	case LS_SS3:
		le->le_state = LS_NORMAL;
		escape_key(le, c, 0);
		return (LE_MORE);
	}
	switch (c) {
	case '\r':
	case '\n':
		move_to(le, le->le_plen + le->le_len);
		outs(le, "\r\n");
		history_add(le->le_buf);
		return (LE_ACCEPT);
	case 0x1b:
		le->le_state = LS_ESC;
		break;
	case 0x01:	/* Ctrl-A */
		move_cursor(le, 0);
		break;
	case 0x05:	/* Ctrl-E */
		move_cursor(le, le->le_len);
		break;
	case 0x02:	/* Ctrl-B */
		escape_key(le, 'D', 0);
		break;
	case 0x06:	/* Ctrl-F */
		escape_key(le, 'C', 0);
		break;
	case 0x10:	/* Ctrl-P */
		escape_key(le, 'A', 0);
		break;
	case 0x0e:	/* Ctrl-N */
		escape_key(le, 'B', 0);
		break;
	case 0x7f:	/* Backspace */
	case 0x08:	/* Ctrl-H */
		if (le->le_pos > 0)
			delete(le, le->le_pos - 1, le->le_pos);
		break;
	case 0x04:	/* Ctrl-D */
		if (le->le_len == 0)
			return (LE_EOF);
		if (le->le_pos < le->le_len)
			delete(le, le->le_pos, le->le_pos + 1);
		break;
	case 0x17:	/* Ctrl-W */
		delete(le, word_left(le), le->le_pos);
		break;
	case 0x15:	/* Ctrl-U */
		delete(le, 0, le->le_pos);
		break;
	case 0x0b:	/* Ctrl-K */
		le->le_len = le->le_pos;
		le->le_buf[le->le_len] = '\0';
		refresh(le, le->le_pos);
		break;
	case 0x0c:	/* Ctrl-L */
		outs(le, "\033[H\033[2J");
		outs(le, le->le_prompt);
		le->le_cursor = le->le_plen;
		le->le_drawn = 0;
		refresh(le, 0);
		break;
	case 0x03:	/* Ctrl-C */
		move_to(le, le->le_plen + le->le_len);
		outs(le, "^C\r\n");
		le->le_len = le->le_pos = 0;
		le->le_buf[0] = '\0';
		return (LE_INTR);
	default:
		if (c >= 0x20)
			insert(le, c);	/* bytes >= 0x80 too: UTF-8 passes */
		break;
	}
	return (LE_MORE);
}

static struct ledit	editor;
static unsigned char	pending[256];	/* bytes read, not yet fed */
static size_t		npending, pendpos;

/*
 * Read one line from the terminal on descriptor 0 with the editor,
 * after printing prompt.  1: a line is in line (size bytes); 0: end of
 * input; 2: Ctrl-C (line empty); -1: descriptor 0 is not a terminal
 * whose modes can be set (read it plainly instead).
 */
int
le_readline(const char *prompt, char *line, size_t size)
{
	static struct termios cooked;	/* the modes found first: put back each time */
	static int have_cooked;
	struct termios raw;
	struct ledit *le = &editor;
	ssize_t r;
	int res = LE_MORE;

	if (!isatty(0) || (!have_cooked && tcgetattr(0, &cooked) != 0))
		return (-1);
	have_cooked = 1;
	raw = cooked;
	raw.c_iflag &= ~(ICRNL | INLCR | IGNCR | IXON | ISTRIP);
	raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSADRAIN, &raw) != 0)
		return (-1);
	le->le_fd = 1;
	le->le_cols = 80;
#ifdef TIOCGWINSZ
	{
		struct winsize ws;

		if (ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			le->le_cols = ws.ws_col;
	}
#endif
	le_begin(le, prompt);
	while (res == LE_MORE) {
		le_flush(le);
		if (pendpos == npending) {
			/* One byte at a time: what is typed after the line
			 * stays in the terminal for the command that runs
			 * next, or for the next shell. */
			r = read(0, pending, 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				res = LE_EOF;
				break;
			}
			npending = r;
			pendpos = 0;
		}
		res = le_feed(le, pending[pendpos++]);
	}
	/* Cooked again before the line's last echo shows: whoever sees the
	 * newline may type to the command at once. */
	tcsetattr(0, TCSADRAIN, &cooked);
	le_flush(le);
	if (res == LE_EOF)
		return (0);
	snprintf(line, size, "%s", le->le_buf);
	return (res == LE_INTR ? 2 : 1);
}

/*
 * The test hook (sh --lineedit-test): feed everything read from fd to
 * the editor, as if typed, and print "line: <text>" for each line it
 * accepts, "intr" for Ctrl-C, "eof" for end of input.  The terminal
 * text is dropped.  Returns 0.
 */
int
le_selftest(int fd)
{
	struct ledit *le = &editor;
	unsigned char buf[512];
	ssize_t r, i;
	int res;

	le->le_fd = -1;
	le->le_cols = 80;
	le_begin(le, "$ ");
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < r; i++) {
			res = le_feed(le, buf[i]);
			le->le_outlen = 0;
			if (res == LE_MORE)
				continue;
			if (res == LE_ACCEPT)
				printf("line: <%s>\n", le->le_buf);
			else if (res == LE_INTR)
				printf("intr\n");
			else
				printf("eof\n");
			le_begin(le, "$ ");
		}
	}
	return (0);
}
