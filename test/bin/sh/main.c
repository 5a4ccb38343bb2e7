/*
 * sh - the command interpreter.
 *
 *	sh			read commands from standard input
 *	sh -c "line" [name [arg...]]	run one command line ($0, $1, ...)
 *	sh file [arg...]	run a script, line by line ($0 is file)
 *	sh --lineedit-test	feed standard input to the line editor and
 *				print the lines it accepts (a test hook)
 *
 * The shell is one program in several files, one job each:
 *
 *   main.c	this: arguments, reading lines (a script, a pipe, or the
 *		terminal through the line editor), the prompt
 *   parse.c	lines into and-or lists of pipelines of commands; words
 *		kept raw (the grammar is there)
 *   expand.c	raw words into arguments: quotes, $VAR, ${VAR}, $?, $$,
 *		$!, splitting, globbing (* ? [...])
 *   var.c	shell and environment variables, the special parameters
 *   exec.c	running lists and pipelines: &&, ||, '&', pipes,
 *		redirections, the $PATH search, "not found"
 *   jobs.c	jobs, process groups and the terminal: job control
 *   builtin.c	cd, exit, export, unset, jobs, fg, bg, wait, help, ...
 *   help.c	help: the builtins and every program in /bin
 *   lineedit.c	the interactive line editor and its history
 *
 * A line is read whole and run one and-or list at a time (exec.c), so a
 * later list sees what an earlier one did ($?, variables, cd).  The
 * shell is interactive when it reads its standard input and that is a
 * terminal: it then prints the prompt "damselfly$ ", reports finished
 * background jobs before each one, edits lines in raw mode
 * (lineedit.c; if the terminal's modes cannot be set, the terminal's
 * own line editing is used), and has job control (jobs.c).  Ctrl-C
 * while a line is typed abandons it (status 130); Ctrl-D on an empty
 * line ends the shell, as does end of input.  Lines up to SH_LINE_MAX -
 * 1 bytes are read; a longer one is reported and not run.
 *
 * The exit status is the last command's, or that of exit N.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

#define PROMPT	"damselfly$ "

/* A buffered reader of lines from a descriptor. */
struct input {
	int	in_fd;
	int	in_eof;
	size_t	in_pos, in_len;	/* next byte of in_buf, bytes held */
	char	in_buf[512];
};

/*
 * Read one line, without its '\n', into line.  Returns false at end of
 * file.  A line too long is reported and returned empty.
 */
static int
read_line(struct input *in, char *line, size_t size)
{
	size_t n = 0;
	ssize_t r;
	int toolong = 0;
	char c;

	for (;;) {
		if (in->in_pos == in->in_len) {
			r = in->in_eof ? 0 :
			    read(in->in_fd, in->in_buf, sizeof(in->in_buf));
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				fprintf(stderr, "sh: read: %s\n",
				    strerror(errno));
			if (r <= 0) {
				in->in_eof = 1;
				if (n == 0 && !toolong)
					return (0);
				break;
			}
			in->in_pos = 0;
			in->in_len = r;
		}
		if ((c = in->in_buf[in->in_pos++]) == '\n')
			break;
		if (n + 1 < size)
			line[n++] = c;
		else
			toolong = 1;
	}
	if (toolong) {
		fprintf(stderr, "sh: line too long (more than %u bytes)\n",
		    (unsigned)size - 1);
		n = 0;
	}
	line[n] = '\0';
	return (1);
}

/* Run every line read from fd; prompt and edit if interactive. */
static void
run_input(int fd, int interactive)
{
	static struct input in;
	static char line[SH_LINE_MAX];
	int r;

	in.in_fd = fd;
	for (;;) {
		if (interactive) {
			jobs_reap(1);
			fflush(stdout);
			r = le_readline(PROMPT, line, sizeof(line));
			if (r == 0)
				break;
			if (r == 2) {
				sh_status = 130;
				continue;
			}
			if (r == 1) {
				run_line(line);
				continue;
			}
			/* Not a terminal we can edit on: its own editing. */
			printf("%s", PROMPT);
			fflush(stdout);
		}
		if (!read_line(&in, line, sizeof(line)))
			break;
		run_line(line);
	}
	if (interactive)
		printf("\n");
}

int
main(int argc, char **argv)
{
	int fd;

	sh_pid = getpid();
	sh_argc = argc;
	sh_argv = argv;
	if (argc > 1 && strcmp(argv[1], "--lineedit-test") == 0)
		return (le_selftest(0));
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3) {
			fprintf(stderr, "sh: -c: missing command line\n");
			return (2);
		}
		/* sh -c line name args: $0 is name. */
		sh_argc = argc - 3;
		sh_argv = argv + 3;
		if (sh_argc == 0) {
			sh_argc = 1;
			sh_argv = argv;
		}
		jobs_init(0);
		run_line(argv[2]);
		return (sh_status);
	}
	if (argc > 1) {
		if ((fd = open(argv[1], O_RDONLY, 0)) < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1],
			    strerror(errno));
			return (127);
		}
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		sh_argc = argc - 1;
		sh_argv = argv + 1;
		jobs_init(0);
		run_input(fd, 0);
		close(fd);
		return (sh_status);
	}
	jobs_init(isatty(0));
	run_input(0, isatty(0));
	return (sh_status);
}
