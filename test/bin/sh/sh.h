/*
 * sh.h - what the parts of the shell share (the .c files beside it): the
 * parsed form of a command line, the limits, and each file's entry
 * points.  main.c's opening essay says how the parts fit together.
 */
#ifndef _SH_H_
#define _SH_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <stddef.h>

#define SH_LINE_MAX	4096	/* longest command line, read or edited */
#define RAW_MAX		8192	/* bytes of raw words on one line */
#define WORDS_MAX	64	/* raw words in one command */
#define REDIRS_MAX	8	/* redirections on one command */
#define CMDS_MAX	16	/* commands in one pipeline */
#define ANDOR_MAX	16	/* pipelines joined by && and || */
#define ARGS_MAX	512	/* arguments after expansion (globbing) */
#define EXPAND_MAX	16384	/* bytes of one command's expanded words */
#define JOBTEXT_MAX	80	/* characters of a job's text kept for jobs */

/*
 * Redirections.  r_word is raw (expanded when the command runs): a file
 * name, or for R_DUP a descriptor number or "-" (close r_fd).
 */
enum { R_IN, R_OUT, R_APPEND, R_DUP };
struct redir {
	int	r_fd;		/* the descriptor redirected */
	int	r_op;		/* R_IN (<), R_OUT (>), R_APPEND (>>), R_DUP (>&, <&) */
	char	*r_word;	/* raw target word, in the lexer's storage */
};

/* One simple command: raw words (assignments first) and redirections. */
struct cmd {
	char		*c_words[WORDS_MAX + 1]; /* raw, NULL-terminated */
	int		c_nwords;
	struct redir	c_redirs[REDIRS_MAX];
	int		c_nredirs;
};

/* A pipeline and how it is joined to the next one of its and-or list. */
enum { OP_END, OP_AND, OP_OR };
struct pipeline {
	struct cmd	pl_cmds[CMDS_MAX];
	int		pl_ncmds;	/* 0: empty (only a comment, say) */
	int		pl_op;		/* OP_AND (&&), OP_OR (||) or OP_END */
};

/* An and-or list: pipelines joined by && and ||, ended by ';', '&' or the line's end. */
struct andor {
	struct pipeline	ao_pl[ANDOR_MAX];
	int		ao_npl;		/* 0: nothing to run */
	int		ao_bg;		/* ended by '&': run in the background */
	char		ao_text[JOBTEXT_MAX]; /* its source text, for jobs */
};

/* The lexer's state over one line; raw words are copied into l_raw. */
struct lexer {
	const char	*l_p;		/* next character of the line */
	char		l_raw[RAW_MAX];
	size_t		l_used;		/* bytes of l_raw taken */
};

/* A command's expanded arguments (expand.c). */
struct args {
	char	*a_v[ARGS_MAX + 1];	/* NULL-terminated */
	int	a_n;
	char	a_buf[EXPAND_MAX];
	size_t	a_used;
};

/* parse.c */
void	parse_start(struct lexer *lx, const char *line);
int	parse_andor(struct lexer *lx, struct andor *ao);
size_t	namelen(const char *p);
int	isassign(const char *word);

/* expand.c: 0, or -1 with a message on standard error. */
int	expand_words(char *const *raw, int n, struct args *a);
int	expand_one(const char *raw, char *out, size_t size);
int	glob_match_dir(const char *pattern, struct args *a);

/* var.c */
const char *var_get(const char *name, size_t len);
int	var_set(const char *assign, int export);
void	var_unset(const char *name);
int	var_export(const char *name);
extern int	sh_status;	/* $? */
extern pid_t	sh_pid;		/* $$ */
extern pid_t	sh_lastbg;	/* $!, 0 if none yet */
extern int	sh_argc;	/* $# + 1 */
extern char	**sh_argv;	/* $0, $1, ... */

/* exec.c */
void	run_line(const char *line);
int	run_andor(struct andor *ao);
void	path_exec(char **argv) __dead2;

/* builtin.c */
typedef int builtin_fn(int argc, char **argv);
builtin_fn *builtin_find(const char *name);
struct builtin_doc {
	const char	*bd_name;
	const char	*bd_usage;	/* name and arguments */
	const char	*bd_what;	/* one line */
};
const struct builtin_doc *builtin_doc(int i);
int	sh_help(int argc, char **argv);

/* jobs.c */
struct job;
extern int	jc_enabled;	/* job control: interactive on a terminal */
void	jobs_init(int interactive);
struct job *job_new(const char *text);
void	job_child(struct job *j, int foreground);
void	job_add(struct job *j, pid_t pid);
int	job_run(struct job *j, int foreground);
void	job_drop(struct job *j);
void	jobs_reap(int report);
int	sh_jobs(int argc, char **argv);
int	sh_fg(int argc, char **argv);
int	sh_bg(int argc, char **argv);
int	sh_wait(int argc, char **argv);

/* lineedit.c */
int	le_readline(const char *prompt, char *line, size_t size);
int	le_selftest(int fd);

#endif
