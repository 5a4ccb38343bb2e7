/*
 * jobs.c - jobs and job control.
 *
 * Every pipeline the shell starts is a job: a slot in jobs[] with the
 * process ids of its commands, their wait statuses as they end, and a
 * state (running, stopped, done).  A foreground job is waited for at
 * once (job_run); a background one ('&') gets a number, "[n] pid" is
 * printed when the shell is interactive, $! is its last process, and
 * the shell goes on.  Finished background jobs are collected without
 * blocking (jobs_reap) before each prompt, which reports them
 * ("[n]+ Done  text"), and by the builtins jobs and wait.
 *
 * Job control is on when the shell is interactive and its standard
 * input is a terminal that accepts it as its foreground process group
 * (jobs_init).  Then each job is a process group of its own, led by its
 * first process: both the child and the shell call setpgid, so the
 * group exists whichever runs first.  A foreground job is given the
 * terminal (tcsetpgrp) for as long as it runs, so the terminal's Ctrl-C
 * (SIGINT), Ctrl-\ (SIGQUIT) and Ctrl-Z (SIGTSTP) reach it and not the
 * shell; the shell itself ignores those and SIGTTIN/SIGTTOU, and takes
 * the terminal back when the job ends or stops.  Children get the
 * default actions back.  A job that stops (wait with WUNTRACED) stays in
 * the table ("[n]+ Stopped  text"); fg gives it the terminal again and
 * sends its group SIGCONT, bg only sends SIGCONT.
 *
 * Without job control (sh -c, scripts, a pipe) jobs share the shell's
 * process group, nothing is stopped or given the terminal, and
 * background commands ignore SIGINT and SIGQUIT, as POSIX says for a
 * shell without job control.  jobs, fg, bg and wait still work on the
 * table (fg waits for a background job in the foreground).
 *
 * The current job ('+', what fg and bg take without an argument) is the
 * last one started in the background or stopped.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"

#define JOBS_MAX	16

enum { J_RUNNING, J_STOPPED, J_DONE };

struct job {
	int	j_id;			/* %n (1, 2, ...); 0: slot free */
	pid_t	j_pgid;			/* its process group (job control) */
	pid_t	j_pids[CMDS_MAX];	/* its processes, in pipeline order */
	int	j_status[CMDS_MAX];	/* their wait statuses, once done */
	char	j_done[CMDS_MAX];	/* which have ended */
	int	j_npids;
	int	j_state;		/* J_RUNNING, J_STOPPED or J_DONE */
	int	j_bg;			/* not being waited for: report it */
	char	j_text[JOBTEXT_MAX];	/* the command line, for jobs */
};

int		jc_enabled;
static int	interactive;
static pid_t	sh_pgid;		/* the shell's own process group */
static struct job jobs[JOBS_MAX];
static struct job *cur_job;		/* '+': fg's and bg's default */

/* The signals an interactive shell ignores and its children do not. */
static const int jc_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
#define NJC_SIGNALS	(int)(sizeof(jc_signals) / sizeof(jc_signals[0]))

/*
 * Set the shell up: interactive or not, and job control if standard
 * input is a terminal that lets the shell be its foreground group.
 */
void
jobs_init(int inter)
{
	int i;

	interactive = inter;
	if (!interactive)
		return;
	for (i = 0; i < NJC_SIGNALS; i++)
		signal(jc_signals[i], SIG_IGN);
	if (!isatty(0))
		return;
	sh_pgid = getpid();
	if (getpgrp() != sh_pgid && setpgid(0, sh_pgid) != 0)
		return;
	if (tcsetpgrp(0, sh_pgid) != 0)
		return;
	jc_enabled = 1;
}

/* A free slot with the next number, or NULL ("too many jobs"). */
struct job *
job_new(const char *text)
{
	struct job *j, *free_slot = NULL;
	int id = 0, pass;

	for (pass = 0; pass < 2 && free_slot == NULL; pass++) {
		if (pass == 1)
			jobs_reap(0);
		for (j = jobs; j < jobs + JOBS_MAX; j++) {
			if (pass == 1 && j->j_id != 0 && j->j_state == J_DONE)
				job_drop(j);
			if (j->j_id == 0 && free_slot == NULL)
				free_slot = j;
			if (j->j_id > id)
				id = j->j_id;
		}
	}
	if ((j = free_slot) == NULL) {
		fprintf(stderr, "sh: too many jobs\n");
		return (NULL);
	}
	memset(j, 0, sizeof(*j));
	j->j_id = id + 1;
	snprintf(j->j_text, sizeof(j->j_text), "%s", text);
	return (j);
}

/* Free j's slot. */
void
job_drop(struct job *j)
{
	if (cur_job == j)
		cur_job = NULL;
	j->j_id = 0;
}

/*
 * In a child just forked for job j: join its process group and, in
 * the foreground, take the terminal; get the default signal actions
 * back (or, without job control, ignore SIGINT and SIGQUIT in the
 * background).
 */
void
job_child(struct job *j, int foreground)
{
	pid_t pgid;
	int i;

	if (jc_enabled) {
		pgid = j->j_npids > 0 ? j->j_pgid : getpid();
		setpgid(0, pgid);
		if (foreground)
			tcsetpgrp(0, pgid);
	}
	if (interactive)
		for (i = 0; i < NJC_SIGNALS; i++)
			signal(jc_signals[i], SIG_DFL);
	if (!jc_enabled && !foreground) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
}

/* In the shell: pid, just forked, is j's next process. */
void
job_add(struct job *j, pid_t pid)
{
	if (j->j_npids == 0)
		j->j_pgid = pid;
	if (jc_enabled)
		setpgid(pid, j->j_pgid);
	j->j_pids[j->j_npids++] = pid;
}

/* True when every process of j has ended. */
static int
job_ended(struct job *j)
{
	int i;

	for (i = 0; i < j->j_npids; i++)
		if (!j->j_done[i])
			return (0);
	return (1);
}

/* Record wait status st for pid; the job it belongs to, or NULL. */
static struct job *
job_record(pid_t pid, int st)
{
	struct job *j;
	int i;

	for (j = jobs; j < jobs + JOBS_MAX; j++) {
		for (i = 0; j->j_id != 0 && i < j->j_npids; i++) {
			if (j->j_pids[i] != pid || j->j_done[i])
				continue;
			if (WIFSTOPPED(st)) {
				j->j_state = J_STOPPED;
			} else {
				j->j_done[i] = 1;
				j->j_status[i] = st;
				if (job_ended(j))
					j->j_state = J_DONE;
			}
			return (j);
		}
	}
	return (NULL);
}

/* A job's status for $?: its last process's, 128 + a killing signal. */
static int
job_status(struct job *j, int report)
{
	int st = j->j_status[j->j_npids - 1], sig;

	if (WIFEXITED(st))
		return (WEXITSTATUS(st));
	sig = WTERMSIG(st);
	if (report && sig == SIGINT && interactive)
		fprintf(stderr, "\n");
	else if (report && sig != SIGPIPE && sig != SIGINT)
		fprintf(stderr, "sh: %s: killed by signal %d%s\n", j->j_text,
		    sig, sig == SIGSEGV ? " (segmentation fault)" : "");
	return (128 + sig);
}

/* What j is doing, in words: Running, Stopped, Done, Exit N, Killed (signal N). */
static void
job_state(struct job *j, char *buf, size_t size)
{
	int st = j->j_status[j->j_npids - 1];

	if (j->j_state == J_RUNNING)
		snprintf(buf, size, "Running");
	else if (j->j_state == J_STOPPED)
		snprintf(buf, size, "Stopped");
	else if (WIFSIGNALED(st))
		snprintf(buf, size, "Killed (signal %d)", WTERMSIG(st));
	else if (WEXITSTATUS(st) != 0)
		snprintf(buf, size, "Exit %d", WEXITSTATUS(st));
	else
		snprintf(buf, size, "Done");
}

/* "[n]+  State  text" */
static void
job_print(struct job *j, const char *state)
{
	printf("[%d]%c  %-22s %s\n", j->j_id, j == cur_job ? '+' : ' ',
	    state, j->j_text);
	fflush(stdout);
}

/*
 * Wait until j ends or (job control) stops.  Its status for $?, with
 * the job dropped if it ended; 128 + the signal if it stopped.
 */
static int
job_wait(struct job *j)
{
	int i, st = 0, stopsig = 0;
	pid_t r;

	for (i = 0; i < j->j_npids && !stopsig; i++) {
		if (j->j_done[i])
			continue;
		r = waitpid(j->j_pids[i], &st, jc_enabled ? WUNTRACED : 0);
		if (r < 0 && errno == EINTR) {
			i--;
			continue;
		}
		if (r < 0) {
			/* Not ours to wait for any more: count it as ended. */
			j->j_done[i] = 1;
			j->j_status[i] = 0;
			continue;
		}
		job_record(r, st);
		if (WIFSTOPPED(st))
			stopsig = WSTOPSIG(st);
	}
	if (stopsig) {
		/* Collect the other processes' stops too. */
		while ((r = waitpid(-j->j_pgid, &st, WUNTRACED | WNOHANG)) > 0)
			job_record(r, st);
		j->j_state = J_STOPPED;
		j->j_bg = 1;
		cur_job = j;
		printf("\n");
		job_print(j, "Stopped");
		return (128 + stopsig);
	}
	j->j_state = J_DONE;
	st = job_status(j, 1);
	job_drop(j);
	return (st);
}

/* Send SIGCONT to every process of j. */
static void
job_continue(struct job *j)
{
	int i;

	j->j_state = J_RUNNING;
	if (jc_enabled && kill(-j->j_pgid, SIGCONT) == 0)
		return;
	for (i = 0; i < j->j_npids; i++)
		if (!j->j_done[i])
			kill(j->j_pids[i], SIGCONT);
}

/* Wait for j in the foreground: the terminal is its until it ends or stops. */
static int
job_foreground(struct job *j, int cont)
{
	int st;

	j->j_bg = 0;
	if (jc_enabled)
		tcsetpgrp(0, j->j_pgid);
	if (cont)
		job_continue(j);
	st = job_wait(j);
	if (jc_enabled)
		tcsetpgrp(0, sh_pgid);
	return (st);
}

/*
 * Every process of j has been started: in the foreground, wait for it
 * and return its status; in the background, report it and return 0.
 */
int
job_run(struct job *j, int foreground)
{
	if (j->j_npids == 0) {
		job_drop(j);
		return (1);
	}
	if (foreground)
		return (job_foreground(j, 0));
	j->j_bg = 1;
	cur_job = j;
	sh_lastbg = j->j_pids[j->j_npids - 1];
	if (interactive) {
		fprintf(stderr, "[%d] %d\n", j->j_id, (int)sh_lastbg);
		fflush(stderr);
	}
	return (0);
}

/*
 * Collect the processes that have ended or stopped, without waiting.
 * If report, print each background job that has finished and free it
 * (an interactive shell, before its prompt); else keep it for wait.
 */
void
jobs_reap(int report)
{
	struct job *j;
	char state[24];
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG |
	    (jc_enabled ? WUNTRACED : 0))) > 0) {
		if ((j = job_record(pid, st)) != NULL && WIFSTOPPED(st) &&
		    report) {
			cur_job = j;
			job_print(j, "Stopped");
		}
	}
	for (j = jobs; report && j < jobs + JOBS_MAX; j++) {
		if (j->j_id == 0 || j->j_state != J_DONE || !j->j_bg)
			continue;
		job_state(j, state, sizeof(state));
		job_print(j, state);
		job_drop(j);
	}
}

/*
 * The job an argument names: "%n", "%%", "%+", or a process id of one;
 * with none, the current job.  NULL after a message.
 */
static struct job *
job_find(const char *who, const char *arg)
{
	struct job *j;
	int n, i;

	if (arg == NULL || strcmp(arg, "%%") == 0 || strcmp(arg, "%+") == 0) {
		if (cur_job == NULL)
			for (j = jobs; j < jobs + JOBS_MAX; j++)
				if (j->j_id != 0 && (cur_job == NULL ||
				    j->j_id > cur_job->j_id))
					cur_job = j;
		if (cur_job == NULL)
			fprintf(stderr, "sh: %s: no current job\n", who);
		return (cur_job);
	}
	n = atoi(arg + (arg[0] == '%'));
	for (j = jobs; j < jobs + JOBS_MAX; j++) {
		if (j->j_id == 0)
			continue;
		if (arg[0] == '%' && j->j_id == n)
			return (j);
		for (i = 0; arg[0] != '%' && i < j->j_npids; i++)
			if (j->j_pids[i] == n)
				return (j);
	}
	fprintf(stderr, "sh: %s: %s: no such job\n", who, arg);
	return (NULL);
}

/* jobs: list the jobs, then forget the finished ones. */
int
sh_jobs(int argc, char **argv)
{
	char state[24];
	struct job *j;

	jobs_reap(0);
	for (j = jobs; j < jobs + JOBS_MAX; j++) {
		if (j->j_id == 0)
			continue;
		job_state(j, state, sizeof(state));
		job_print(j, state);
		if (j->j_state == J_DONE)
			job_drop(j);
	}
	return (0);
}

/* fg [%n]: continue a job in the foreground and wait for it. */
int
sh_fg(int argc, char **argv)
{
	struct job *j;

	if ((j = job_find("fg", argc > 1 ? argv[1] : NULL)) == NULL)
		return (1);
	printf("%s\n", j->j_text);
	fflush(stdout);
	return (job_foreground(j, j->j_state == J_STOPPED));
}

/* bg [%n]: continue a stopped job in the background. */
int
sh_bg(int argc, char **argv)
{
	struct job *j;

	if ((j = job_find("bg", argc > 1 ? argv[1] : NULL)) == NULL)
		return (1);
	cur_job = j;
	j->j_bg = 1;
	if (j->j_state == J_STOPPED)
		job_continue(j);
	printf("[%d]+ %s &\n", j->j_id, j->j_text);
	fflush(stdout);
	return (0);
}

/*
 * wait [%n|pid ...]: wait for the named jobs (status: the last one's),
 * or for every background job (status 0).
 */
int
sh_wait(int argc, char **argv)
{
	struct job *j;
	int i, st = 0;

	if (argc < 2) {
		for (j = jobs; j < jobs + JOBS_MAX; j++)
			if (j->j_id != 0 && j->j_state != J_STOPPED)
				job_wait(j);
		return (0);
	}
	for (i = 1; i < argc; i++) {
		if ((j = job_find("wait", argv[i])) == NULL) {
			st = 127;
			continue;
		}
		st = j->j_state == J_DONE ? job_status(j, 0) : job_wait(j);
		if (j->j_state == J_DONE)
			job_drop(j);
	}
	return (st);
}
