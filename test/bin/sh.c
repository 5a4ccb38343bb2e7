/*
 * sh - the command interpreter.
 *
 *	sh			read commands from standard input
 *	sh -c "line"		run one command line
 *	sh file			run a script, line by line
 *
 * A line is pipelines separated by ';'; a pipeline is commands separated
 * by '|'; a command is words and redirections (< file, > file, >> file).
 * 'Single quotes' keep everything literally; "double quotes" keep blanks
 * but expand $? and take \" \\ \$ as escapes; outside quotes a backslash
 * escapes the next character.  A word starting with '#' begins a comment.
 * $? is the status of the last pipeline; $NAME and ${NAME} are a
 * variable's value (empty if unset), outside single quotes.
 *
 * Variables: "NAME=value" alone sets a shell variable, which commands do
 * not see unless it is exported ("export NAME", "export NAME=value"; a
 * variable that came in the environment is exported already).
 * "NAME=value command ..." puts NAME in that command's environment only.
 * "unset NAME" removes one; "export" alone lists the environment.  The
 * environment the shell was given (init's default: PATH, HOME, TERM) is
 * passed on to every command.
 *
 * For each command of a pipeline the shell makes a pipe to the next one,
 * forks, and in the child moves the pipe ends onto descriptors 0 and 1,
 * applies the redirections and execs the command, found in the
 * directories of $PATH (execvp; a word holding a '/' is a path).  The parent closes its copies of the pipe ends as it
 * goes, so each reader sees end of file when its writer exits, and then
 * waits for every child.  The status is the last command's exit code, or
 * 128 + the signal that killed it (reported, except SIGPIPE, which is how
 * a reader that quits early stops its writer).
 *
 * Builtins "cd [dir]" (default "/") and "exit [n]" run in the shell when
 * alone, in the child (changing nothing in the shell) inside a pipeline.
 * On the console the shell prompts "damselfly$ " before each line; the
 * console driver edits and echoes it and read() returns it whole.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <ctype.h>

#define LINE_MAX	1024	/* longest command line */
#define WORDS_MAX	2048	/* bytes of words on one line, expanded */
#define ARGS_MAX	64	/* words in one command */
#define CMDS_MAX	16	/* commands in one pipeline */
#define VARS_MAX	64	/* shell variables that are not exported */

/* One command of a pipeline. */
struct cmd {
	char	*c_argv[ARGS_MAX + 1];	/* words, NULL-terminated */
	int	c_argc;
	char	*c_in;			/* "< file", or NULL */
	char	*c_out;			/* "> file" or ">> file", or NULL */
	int	c_append;		/* c_out was ">>" */
};

/* Tokens of a command line. */
enum {
	T_ERR = -1,	/* a syntax error, already reported */
	T_END,		/* end of line */
	T_WORD,
	T_PIPE,		/* | */
	T_SEMI,		/* ; */
	T_IN,		/* < */
	T_OUT,		/* > */
	T_APPEND	/* >> */
};

/* The line being split into tokens; words are copied into l_words. */
struct lexer {
	const char	*l_p;		/* next character of the line */
	char		l_words[WORDS_MAX];
	size_t		l_used;		/* bytes of l_words taken */
};

/* A buffered reader of lines from a descriptor. */
struct input {
	int	in_fd;
	int	in_eof;
	size_t	in_pos, in_len;	/* next byte of in_buf, bytes held */
	char	in_buf[512];
};

static int	status;		/* of the last pipeline: $? */
static char	*vars[VARS_MAX]; /* unexported "NAME=value", malloc'd */

/* Length of the variable name p starts with (0: not a name). */
static size_t
namelen(const char *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)p[0]) && p[0] != '_')
		return (0);
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return (n);
}

/* The slot of the unexported variable name[0..len), or NULL. */
static char **
var_slot(const char *name, size_t len)
{
	int i;

	for (i = 0; i < VARS_MAX; i++)
		if (vars[i] != NULL && strncmp(vars[i], name, len) == 0 &&
		    vars[i][len] == '=')
			return (&vars[i]);
	return (NULL);
}

/* The value of name[0..len): a shell variable's, else the environment's. */
static const char *
var_get(const char *name, size_t len)
{
	char buf[128];
	char **slot;

	if ((slot = var_slot(name, len)) != NULL)
		return (*slot + len + 1);
	if (len >= sizeof(buf))
		return (NULL);
	memcpy(buf, name, len);
	buf[len] = '\0';
	return (getenv(buf));
}

/*
 * Set "name=value" (assign points at such a word; name already checked):
 * in the environment if export is set or the name is exported already,
 * else among the shell's variables.  0, or 1 with a message.
 */
static int
var_set(const char *assign, int export)
{
	size_t len = namelen(assign);
	char name[128];
	char **slot, *copy;
	int i;

	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, assign, len);
	name[len] = '\0';
	slot = var_slot(name, len);
	if (export || getenv(name) != NULL) {
		if (slot != NULL) {
			free(*slot);
			*slot = NULL;
		}
		if (setenv(name, assign + len + 1, 1) != 0) {
			fprintf(stderr, "sh: %s: %s\n", name, strerror(errno));
			return (1);
		}
		return (0);
	}
	if ((copy = strdup(assign)) == NULL) {
		fprintf(stderr, "sh: %s: out of memory\n", name);
		return (1);
	}
	if (slot == NULL)
		for (i = 0; i < VARS_MAX && slot == NULL; i++)
			if (vars[i] == NULL)
				slot = &vars[i];
	if (slot == NULL) {
		free(copy);
		fprintf(stderr, "sh: %s: too many variables\n", name);
		return (1);
	}
	free(*slot);
	*slot = copy;
	return (0);
}

/* True if word is "NAME=value". */
static int
isassign(const char *word)
{
	size_t n = namelen(word);

	return (n > 0 && word[n] == '=');
}

static int
syntax(const char *msg)
{
	fprintf(stderr, "sh: syntax error: %s\n", msg);
	return (T_ERR);
}

/* Append c to the word being built; false if the words are full. */
static int
addc(struct lexer *lx, char c)
{
	if (lx->l_used >= sizeof(lx->l_words))
		return (0);
	lx->l_words[lx->l_used++] = c;
	return (1);
}

/* Append the decimal status for $?. */
static int
addstatus(struct lexer *lx)
{
	char num[12];
	char *s;

	snprintf(num, sizeof(num), "%d", status);
	for (s = num; *s != '\0'; s++)
		if (!addc(lx, *s))
			return (0);
	return (1);
}

/* Append the value of the variable $NAME or ${NAME} at p (after the
 * '$'); *pp moves past it.  False if the words are full or a brace is
 * not closed (then *errp says so). */
static int
addvar(struct lexer *lx, const char **pp, int *errp)
{
	const char *p = *pp, *v;
	int brace = (*p == '{');
	size_t n;

	p += brace;
	n = namelen(p);
	if (brace && p[n] != '}') {
		*errp = 1;
		return (0);
	}
	*pp = p + n + brace;
	if ((v = var_get(p, n)) == NULL)
		return (1);
	for (; *v != '\0'; v++)
		if (!addc(lx, *v))
			return (0);
	return (1);
}

/* True if c ends an unquoted word (strchr also finds the '\0'). */
static int
isspecial(char c)
{
	return (strchr(" \t\r\n|;<>", c) != NULL);
}

/* Copy one word starting at p into l_words; return T_WORD or T_ERR. */
static int
lex_word(struct lexer *lx, const char *p, char **wordp)
{
	char quote = 0;
	int ok = 1, badbrace = 0;

	*wordp = &lx->l_words[lx->l_used];
	while (ok && (quote != 0 || !isspecial(*p))) {
		if (*p == '\0')
			return (syntax("unterminated quote"));
		if (quote == 0 && (*p == '\'' || *p == '"')) {
			quote = *p++;
		} else if (quote != 0 && *p == quote) {
			quote = 0;
			p++;
		} else if (quote != '\'' && p[0] == '$' && p[1] == '?') {
			ok = addstatus(lx);
			p += 2;
		} else if (quote != '\'' && p[0] == '$' && (namelen(p + 1) > 0 ||
		    (p[1] == '{' && namelen(p + 2) > 0))) {
			p++;
			ok = addvar(lx, &p, &badbrace);
		} else if (quote == 0 && p[0] == '\\' && p[1] != '\0') {
			ok = addc(lx, p[1]);
			p += 2;
		} else if (quote == '"' && p[0] == '\\' &&
		    (p[1] == '"' || p[1] == '\\' || p[1] == '$')) {
			ok = addc(lx, p[1]);
			p += 2;
		} else {
			ok = addc(lx, *p++);
		}
	}
	if (badbrace)
		return (syntax("bad ${name}"));
	if (!ok || !addc(lx, '\0'))
		return (syntax("line too long"));
	lx->l_p = p;
	return (T_WORD);
}

/* The next token of the line; a word's text is returned in *wordp. */
static int
lex(struct lexer *lx, char **wordp)
{
	const char *p = lx->l_p;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	lx->l_p = p + 1;
	switch (*p) {
	case '\0':
	case '#':
		lx->l_p = p;
		return (T_END);
	case '|':
		return (T_PIPE);
	case ';':
		return (T_SEMI);
	case '<':
		return (T_IN);
	case '>':
		if (p[1] != '>')
			return (T_OUT);
		lx->l_p = p + 2;
		return (T_APPEND);
	}
	return (lex_word(lx, p, wordp));
}

/*
 * Parse one pipeline into cmds[]; *ncmdsp is how many commands it has (0
 * for an empty one).  Returns the token that ended it, T_END or T_SEMI,
 * or T_ERR.
 */
static int
parse_pipeline(struct lexer *lx, struct cmd *cmds, int *ncmdsp)
{
	struct cmd *c = &cmds[0];
	char *word;
	int n = 0, t;

	memset(c, 0, sizeof(*c));
	for (;;) {
		switch (t = lex(lx, &word)) {
		case T_WORD:
			if (c->c_argc == ARGS_MAX)
				return (syntax("too many words"));
			c->c_argv[c->c_argc++] = word;
			break;
		case T_IN:
		case T_OUT:
		case T_APPEND:
			if (lex(lx, &word) != T_WORD)
				return (syntax("redirection without a file"));
			if (t == T_IN) {
				c->c_in = word;
			} else {
				c->c_out = word;
				c->c_append = (t == T_APPEND);
			}
			break;
		case T_PIPE:
			if (c->c_argc == 0)
				return (syntax("missing command before '|'"));
			if (++n == CMDS_MAX)
				return (syntax("pipeline too long"));
			c = &cmds[n];
			memset(c, 0, sizeof(*c));
			break;
		case T_END:
		case T_SEMI:
			if (c->c_argc == 0 && (n > 0 || c->c_in || c->c_out))
				return (syntax("missing command"));
			*ncmdsp = c->c_argc == 0 ? 0 : n + 1;
			return (t);
		default:
			return (T_ERR);
		}
	}
}

/* Run c if it is a builtin and return its status; -1 if it is not. */
static int
builtin(struct cmd *c)
{
	const char *dir;
	char **ep, **slot;
	int i, ret;

	/* Only assignments: shell variables. */
	for (i = 0; i < c->c_argc && isassign(c->c_argv[i]); i++)
		;
	if (i == c->c_argc) {
		for (i = 0, ret = 0; i < c->c_argc; i++)
			ret |= var_set(c->c_argv[i], 0);
		return (ret);
	}
	if (i > 0)
		return (-1);		/* NAME=value command: child() */
	if (strcmp(c->c_argv[0], "export") == 0) {
		if (c->c_argc == 1)
			for (ep = environ; ep != NULL && *ep != NULL; ep++)
				printf("export %s\n", *ep);
		for (i = 1, ret = 0; i < c->c_argc; i++) {
			size_t n = namelen(c->c_argv[i]);

			if (n == 0 || (c->c_argv[i][n] != '=' &&
			    c->c_argv[i][n] != '\0')) {
				fprintf(stderr, "sh: export: bad name %s\n",
				    c->c_argv[i]);
				ret = 1;
			} else if (c->c_argv[i][n] == '=') {
				ret |= var_set(c->c_argv[i], 1);
			} else if ((slot = var_slot(c->c_argv[i], n)) != NULL) {
				ret |= var_set(*slot, 1);
			}
		}
		fflush(stdout);
		return (ret);
	}
	if (strcmp(c->c_argv[0], "unset") == 0) {
		for (i = 1; i < c->c_argc; i++) {
			size_t n = namelen(c->c_argv[i]);

			if ((slot = var_slot(c->c_argv[i], n)) != NULL) {
				free(*slot);
				*slot = NULL;
			}
			unsetenv(c->c_argv[i]);
		}
		return (0);
	}
	if (strcmp(c->c_argv[0], "cd") == 0) {
		dir = c->c_argc > 1 ? c->c_argv[1] : "/";
		if (chdir(dir) != 0) {
			fprintf(stderr, "sh: cd: %s: %s\n", dir,
			    strerror(errno));
			return (1);
		}
		return (0);
	}
	if (strcmp(c->c_argv[0], "exit") == 0)
		exit(c->c_argc > 1 ? atoi(c->c_argv[1]) : status);
	return (-1);
}

/* Open path and move it onto descriptor fd; false on failure. */
static int
redirect(const char *path, int flags, int fd)
{
	int f;

	if ((f = open(path, flags, 0644)) < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return (0);
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
	return (1);
}

/*
 * In a forked child: take infd and outfd (-1: keep the shell's) as
 * standard input and output, apply c's redirections and run it.
 */
static void __dead2
child(struct cmd *c, int infd, int outfd)
{
	const char *name;
	int st, i;

	if (infd > 0) {
		dup2(infd, 0);
		close(infd);
	}
	if (outfd > 1) {
		dup2(outfd, 1);
		close(outfd);
	}
	if (c->c_in != NULL && !redirect(c->c_in, O_RDONLY, 0))
		_exit(1);
	if (c->c_out != NULL && !redirect(c->c_out, O_WRONLY | O_CREAT |
	    (c->c_append ? O_APPEND : O_TRUNC), 1))
		_exit(1);
	if ((st = builtin(c)) >= 0)
		exit(st);
	/* NAME=value command: NAME is in the command's environment. */
	for (i = 0; i < c->c_argc && isassign(c->c_argv[i]); i++)
		if (var_set(c->c_argv[i], 1) != 0)
			_exit(1);
	name = c->c_argv[i];
	execvp(name, &c->c_argv[i]);
	fprintf(stderr, "sh: %s: %s\n", name, strerror(errno));
	_exit(127);
}

/* Turn a wait status into a shell status, reporting a killing signal. */
static int
decode(const char *name, int st)
{
	int sig;

	if (WIFEXITED(st))
		return (WEXITSTATUS(st));
	sig = WTERMSIG(st);
	if (sig != SIGPIPE)
		fprintf(stderr, "sh: %s: killed by signal %d%s\n", name, sig,
		    sig == SIGSEGV ? " (segmentation fault)" : "");
	return (128 + sig);
}

/* Wait for child pid; false if it cannot be waited for. */
static int
wait_child(pid_t pid, int *stp)
{
	while (waitpid(pid, stp, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sh: wait: %s\n", strerror(errno));
			return (0);
		}
	}
	return (1);
}

/* Run a pipeline of n commands and return its status. */
static int
run_pipeline(struct cmd *cmds, int n)
{
	pid_t pids[CMDS_MAX];
	int fds[2], infd = -1, started, i, st, ret;

	if (n == 1 && (ret = builtin(&cmds[0])) >= 0)
		return (ret);
	fflush(stdout);
	for (started = 0; started < n; started++) {
		fds[0] = fds[1] = -1;
		if (started < n - 1 && pipe(fds) != 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		if ((pids[started] = fork()) < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			if (fds[0] >= 0) {
				close(fds[0]);
				close(fds[1]);
			}
			break;
		}
		if (pids[started] == 0) {
			if (fds[0] >= 0)
				close(fds[0]);
			child(&cmds[started], infd, fds[1]);
		}
		if (infd >= 0)
			close(infd);
		if (fds[1] >= 0)
			close(fds[1]);
		infd = fds[0];
	}
	if (infd >= 0)
		close(infd);
	ret = started < n ? 1 : 0;
	for (i = 0; i < started; i++) {
		if (!wait_child(pids[i], &st))
			continue;
		st = decode(cmds[i].c_argv[0], st);
		if (i == n - 1)
			ret = st;
	}
	return (ret);
}

/* Run every pipeline of one command line; sets status. */
static void
run_line(const char *line)
{
	static struct lexer lx;
	struct cmd cmds[CMDS_MAX];
	int n, t;

	lx.l_p = line;
	lx.l_used = 0;
	do {
		if ((t = parse_pipeline(&lx, cmds, &n)) == T_ERR) {
			status = 2;
			return;
		}
		if (n > 0)
			status = run_pipeline(cmds, n);
	} while (t == T_SEMI);
}

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
		fprintf(stderr, "sh: line too long\n");
		n = 0;
	}
	line[n] = '\0';
	return (1);
}

/* Run every line read from fd; prompt first if interactive. */
static void
run_input(int fd, int interactive)
{
	static struct input in;
	static char line[LINE_MAX];

	in.in_fd = fd;
	for (;;) {
		if (interactive) {
			printf("damselfly$ ");
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

	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3) {
			fprintf(stderr, "sh: -c: missing command line\n");
			return (2);
		}
		run_line(argv[2]);
		return (status);
	}
	if (argc > 1) {
		if ((fd = open(argv[1], O_RDONLY, 0)) < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1],
			    strerror(errno));
			return (127);
		}
		run_input(fd, 0);
		close(fd);
		return (status);
	}
	run_input(0, isatty(0));
	return (status);
}
