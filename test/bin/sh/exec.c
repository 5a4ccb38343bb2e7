/*
 * exec.c - running what parse.c parsed.
 *
 * run_line() takes a line one and-or list at a time (parse_andor) and
 * runs each before parsing the next.  In an and-or list, a pipeline
 * after "&&" runs only if $? is 0, one after "||" only if it is not.
 * A list ended by '&' runs in the background: a single pipeline as a
 * job of its own processes, a longer list in a forked copy of the shell
 * (a subshell) that runs it and exits with its status.
 *
 * A pipeline is a job (jobs.c): for each command the shell makes a pipe
 * to the next one and forks; the child joins the job (its process
 * group, the terminal if it is in the foreground), moves the pipe ends
 * onto descriptors 0 and 1, expands its words (expand.c), applies its
 * redirections in order and execs the command.  The parent closes its
 * copies of the pipe ends as it goes, so each reader sees end of file
 * when its writer exits, and then waits for the job (job_run).  A
 * pipeline's status is its last command's.
 *
 * A pipeline of one command is expanded in the shell first: if it is a
 * builtin (builtin.c) it runs there, with its redirections applied and
 * undone after (the old descriptors are kept above 10, close-on-exec);
 * words that are all assignments set shell variables.  Inside a longer
 * pipeline a builtin runs in its child and changes nothing in the shell.
 * "NAME=value command" puts NAME in the command's environment only.
 *
 * Commands are found in the directories of $PATH (a name holding a '/'
 * is a path).  A name found nowhere is "sh: NAME: not found", status
 * 127; one found but not executable, status 126.  A file the kernel
 * cannot execute (ENOEXEC) is run as a script by /bin/sh.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

#define FDS_SAVED	10	/* descriptors a redirection can name: 0-9 */
#define PATHNAME_MAX	1024

extern char **environ;

static struct args cmdargs;	/* the arguments of the command being run */

/*
 * Apply c's redirections in order.  If saved is given (FDS_SAVED
 * entries, -2 each: not saved yet), each descriptor's old copy is kept
 * there (-1: it was closed) for undo_redirect().  0, or -1 after a
 * message.
 */
static int
redirect(struct cmd *c, int *saved)
{
	char target[PATHNAME_MAX];
	struct redir *r;
	int i, fd, f, flags;

	for (i = 0; i < c->c_nredirs; i++) {
		r = &c->c_redirs[i];
		fd = r->r_fd;
		if (expand_one(r->r_word, target, sizeof(target)) != 0)
			return (-1);
		if (saved != NULL && saved[fd] == -2) {
			saved[fd] = fcntl(fd, F_DUPFD, FDS_SAVED);
			if (saved[fd] >= 0)
				fcntl(saved[fd], F_SETFD, FD_CLOEXEC);
		}
		if (r->r_op == R_DUP) {
			if (strcmp(target, "-") == 0) {
				close(fd);
				continue;
			}
			if (target[0] < '0' || target[0] > '9' ||
			    target[1] != '\0') {
				fprintf(stderr, "sh: %s: not a descriptor\n",
				    target);
				return (-1);
			}
			if (dup2(target[0] - '0', fd) < 0) {
				fprintf(stderr, "sh: %s: %s\n", target,
				    strerror(errno));
				return (-1);
			}
			continue;
		}
		flags = r->r_op == R_IN ? O_RDONLY : O_WRONLY | O_CREAT |
		    (r->r_op == R_APPEND ? O_APPEND : O_TRUNC);
		if ((f = open(target, flags, 0644)) < 0) {
			fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
			return (-1);
		}
		if (f != fd) {
			dup2(f, fd);
			close(f);
		}
	}
	return (0);
}

/* Put back the descriptors redirect() saved. */
static void
undo_redirect(int *saved)
{
	int fd;

	fflush(stdout);
	fflush(stderr);
	for (fd = 0; fd < FDS_SAVED; fd++) {
		if (saved[fd] == -2)
			continue;
		if (saved[fd] >= 0) {
			dup2(saved[fd], fd);
			close(saved[fd]);
		} else {
			close(fd);
		}
	}
}

/* How many of c's first words are assignments. */
static int
nassign(struct cmd *c)
{
	int i;

	for (i = 0; i < c->c_nwords && isassign(c->c_words[i]); i++)
		;
	return (i);
}

/* Set c's leading assignments; export: in the environment. 0 or 1. */
static int
assign(struct cmd *c, int n, int export)
{
	char value[SH_LINE_MAX];
	size_t len;
	int i, ret = 0;

	for (i = 0; i < n; i++) {
		len = namelen(c->c_words[i]) + 1;
		if (len >= sizeof(value) || expand_one(c->c_words[i] + len,
		    value + len, sizeof(value) - len) != 0) {
			ret = 1;
			continue;
		}
		memcpy(value, c->c_words[i], len);
		ret |= var_set(value, export);
	}
	return (ret);
}

/*
 * Exec argv[0], found through $PATH; never returns.  Exits 127 if it
 * is found nowhere ("not found"), 126 if it cannot be executed.
 */
void
path_exec(char **argv)
{
	static char *shargv[ARGS_MAX + 3];
	char path[PATHNAME_MAX];
	const char *name = argv[0], *dirs, *end;
	int err = ENOENT, i;
	size_t dlen;

	if (strchr(name, '/') != NULL) {
		snprintf(path, sizeof(path), "%s", name);
		execve(path, argv, environ);
		err = errno;
	} else {
		if ((dirs = getenv("PATH")) == NULL)
			dirs = "/bin";
		for (; err != ENOEXEC; dirs = end + 1) {
			end = strchr(dirs, ':');
			if (end == NULL)
				end = dirs + strlen(dirs);
			dlen = end - dirs;
			if (dlen == 0)
				snprintf(path, sizeof(path), "%s", name);
			else
				snprintf(path, sizeof(path), "%.*s/%s",
				    (int)dlen, dirs, name);
			execve(path, argv, environ);
			if (errno != ENOENT && errno != ENOTDIR &&
			    err == ENOENT)
				err = errno;
			if (*end == '\0')
				break;
		}
	}
	if (err == ENOEXEC) {
		/* Not a program the kernel knows: a script for the shell. */
		shargv[0] = "sh";
		shargv[1] = path;
		for (i = 1; argv[i] != NULL && i <= ARGS_MAX; i++)
			shargv[i + 1] = argv[i];
		shargv[i + 1] = NULL;
		execve("/bin/sh", shargv, environ);
		err = errno;
	}
	if (err == ENOENT) {
		fprintf(stderr, "sh: %s: not found\n", name);
		_exit(127);
	}
	fprintf(stderr, "sh: %s: %s\n", name, strerror(err));
	_exit(126);
}

/*
 * In a forked child: join job j, take infd and outfd (-1: keep the
 * shell's) as standard input and output, expand c's words unless a
 * holds them already, redirect and run it.
 */
static void __dead2
child(struct cmd *c, struct args *a, int infd, int outfd, struct job *j,
    int foreground)
{
	builtin_fn *fn;
	int na = nassign(c);

	job_child(j, foreground);
	if (infd > 0) {
		dup2(infd, 0);
		close(infd);
	}
	if (outfd > 1) {
		dup2(outfd, 1);
		close(outfd);
	}
	if (a == NULL) {
		a = &cmdargs;
		if (expand_words(c->c_words + na, c->c_nwords - na, a) != 0)
			_exit(1);
	}
	if (redirect(c, NULL) != 0)
		_exit(1);
	if (a->a_n == 0)
		_exit(assign(c, na, 0));
	if ((fn = builtin_find(a->a_v[0])) != NULL) {
		int st = fn(a->a_n, a->a_v);

		fflush(stdout);
		exit(st);
	}
	if (assign(c, na, 1) != 0)
		_exit(1);
	path_exec(a->a_v);
}

/* Run a command alone in the shell: assignments or a builtin.  Its
 * status, or -1 if it is neither (then cmdargs holds its arguments). */
static int
run_in_shell(struct cmd *c)
{
	int saved[FDS_SAVED], na = nassign(c), i, st;
	builtin_fn *fn;

	if (expand_words(c->c_words + na, c->c_nwords - na, &cmdargs) != 0)
		return (1);
	fn = cmdargs.a_n > 0 ? builtin_find(cmdargs.a_v[0]) : NULL;
	if (cmdargs.a_n > 0 && fn == NULL)
		return (-1);
	if ((st = assign(c, na, 0)) != 0)
		return (st);
	for (i = 0; i < FDS_SAVED; i++)
		saved[i] = -2;
	if (redirect(c, saved) != 0) {
		undo_redirect(saved);
		return (1);
	}
	if (fn != NULL)
		st = fn(cmdargs.a_n, cmdargs.a_v);
	undo_redirect(saved);
	return (st);
}

/* Run a pipeline; in the background if bg.  Returns its status (0 for
 * one started in the background). */
static int
run_pipeline(struct pipeline *pl, int bg, const char *text)
{
	struct args *pre = NULL;
	struct job *j;
	int n = pl->pl_ncmds, fds[2], infd = -1, i, st;
	pid_t pid;

	if (n == 1 && !bg) {
		if ((st = run_in_shell(&pl->pl_cmds[0])) >= 0)
			return (st);
		pre = &cmdargs;		/* expanded already */
	}
	if ((j = job_new(text)) == NULL)
		return (1);
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < n; i++) {
		fds[0] = fds[1] = -1;
		if (i < n - 1 && pipe(fds) != 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		if ((pid = fork()) < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			if (fds[0] >= 0) {
				close(fds[0]);
				close(fds[1]);
			}
			break;
		}
		if (pid == 0) {
			if (fds[0] >= 0)
				close(fds[0]);
			child(&pl->pl_cmds[i], i == 0 ? pre : NULL, infd,
			    fds[1], j, !bg);
		}
		job_add(j, pid);
		if (infd >= 0)
			close(infd);
		if (fds[1] >= 0)
			close(fds[1]);
		infd = fds[0];
	}
	if (infd >= 0)
		close(infd);
	st = job_run(j, !bg);
	return (i < n ? 1 : st);
}

/* Run an and-or list's pipelines in the foreground; sets sh_status. */
static void
run_list(struct andor *ao)
{
	int i;

	for (i = 0; i < ao->ao_npl; i++) {
		if (i > 0 && (ao->ao_pl[i - 1].pl_op == OP_AND) !=
		    (sh_status == 0))
			continue;
		sh_status = run_pipeline(&ao->ao_pl[i], 0, ao->ao_text);
	}
}

/* Run one and-or list; sets and returns sh_status. */
int
run_andor(struct andor *ao)
{
	struct job *j;
	pid_t pid;

	if (ao->ao_npl == 0)
		return (sh_status);
	if (!ao->ao_bg) {
		run_list(ao);
		return (sh_status);
	}
	if (ao->ao_npl == 1) {
		sh_status = run_pipeline(&ao->ao_pl[0], 1, ao->ao_text);
		return (sh_status);
	}
	/* A longer list in the background: a subshell runs it. */
	if ((j = job_new(ao->ao_text)) == NULL)
		return (sh_status = 1);
	fflush(stdout);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		job_drop(j);
		return (sh_status = 1);
	}
	if (pid == 0) {
		job_child(j, 0);
		jc_enabled = 0;
		ao->ao_bg = 0;
		run_list(ao);
		exit(sh_status);
	}
	job_add(j, pid);
	return (sh_status = job_run(j, 0));
}

/* Run every and-or list of one command line. */
void
run_line(const char *line)
{
	static struct lexer lx;
	static struct andor ao;
	int r;

	parse_start(&lx, line);
	while ((r = parse_andor(&lx, &ao)) > 0) {
		run_andor(&ao);
		/* Ctrl-C at the prompt's job abandons the rest of the line. */
		if (jc_enabled && sh_status == 128 + SIGINT)
			break;
	}
	if (r < 0)
		sh_status = 2;
}
