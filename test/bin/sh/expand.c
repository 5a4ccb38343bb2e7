/*
 * expand.c - turning a command's raw words into its arguments.
 *
 * Each raw word (parse.c keeps them as typed) goes through, left to
 * right:
 *
 *   quotes	'...' keeps every character literally; "..." keeps blanks
 *		and glob characters but expands '$', and takes \" \\ \$ \`
 *		as escapes; outside quotes a backslash makes the next
 *		character literal.  The quotes themselves are removed.
 *   parameters	$NAME and ${NAME} (empty if unset), $? (the last status),
 *		$$ (the shell's pid), $! (the last background job's pid),
 *		$# and $0..$9 (the script's arguments); a '$' followed by
 *		none of these is itself.  A '~' that begins a word and is
 *		followed by '/' or nothing is $HOME.
 *   splitting	the value of an unquoted parameter is split into several
 *		arguments at blanks (space, tab, newline); quoted ones
 *		never are; "" is an empty argument, an unquoted empty
 *		value is none.
 *   globbing	an argument with an unquoted '*', '?' or '[' is a pattern:
 *		it becomes the sorted list of the paths it matches
 *		(fnmatch per path component, so '*' does not match '/';
 *		names beginning with '.' only match a pattern that does),
 *		or stays as it is if nothing matches.
 *
 * While a word is expanded, each byte carries a flag: quoted (literal)
 * or not.  Only unquoted bytes split fields or act as glob characters;
 * a quoted '*' reaches fnmatch escaped with a backslash.
 *
 * Assignments and redirection targets use expand_one(): no splitting and
 * no globbing, one string.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define FIELD_MAX	4096	/* longest argument */
#define GLOBPATH_MAX	1024	/* longest path globbing builds */

/* The argument being built: bytes, each with its quoted flag. */
struct field {
	char		f_c[FIELD_MAX];
	unsigned char	f_q[FIELD_MAX];	/* 1: quoted, literal to globbing */
	size_t		f_n;
	int		f_any;		/* quotes seen: "" is an argument */
};

/* One expansion in progress. */
struct xctx {
	struct field	x_f;
	struct args	*x_a;		/* where finished arguments go */
	int		x_split;	/* split and glob (arguments), or not */
	int		x_err;		/* an error was reported */
};

static int
xerror(struct xctx *x, const char *msg, const char *what)
{
	if (!x->x_err)
		fprintf(stderr, "sh: %s%s%s\n", what ? what : "",
		    what ? ": " : "", msg);
	x->x_err = 1;
	return (-1);
}

static void
addc(struct xctx *x, char c, int quoted)
{
	struct field *f = &x->x_f;

	if (f->f_n == FIELD_MAX) {
		xerror(x, "word too long", NULL);
		return;
	}
	f->f_c[f->f_n] = c;
	f->f_q[f->f_n++] = quoted;
}

/* Add a finished argument to the list. */
static int
emit(struct xctx *x, const char *s, size_t n)
{
	struct args *a = x->x_a;

	if (a->a_n == ARGS_MAX || a->a_used + n + 1 > sizeof(a->a_buf))
		return (xerror(x, "too many arguments", NULL));
	a->a_v[a->a_n] = &a->a_buf[a->a_used];
	memcpy(a->a_v[a->a_n], s, n);
	a->a_v[a->a_n][n] = '\0';
	a->a_used += n + 1;
	a->a_v[++a->a_n] = NULL;
	return (0);
}

static int
cmpstr(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* True if the pattern component p[0..n) has an unescaped glob character. */
static int
hasmeta(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
			return (1);
	}
	return (0);
}

/*
 * Expand the pattern pat (relative to the directory path[0..plen),
 * which is empty or ends with '/') into the paths it matches.
 */
static int
glob_walk(struct xctx *x, char *path, size_t plen, const char *pat)
{
	char comp[256];
	const char *end = strchr(pat, '/'), *rest;
	size_t n = end ? (size_t)(end - pat) : strlen(pat), i, k;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (n >= sizeof(comp))
		return (xerror(x, "pattern too long", NULL));
	memcpy(comp, pat, n);
	comp[n] = '\0';
	rest = end;
	while (rest != NULL && *rest == '/')
		rest++;
	if (!hasmeta(comp, n)) {
		/* A literal component: take it as it is, unescaped. */
		for (i = 0, k = plen; i < n && k + 2 < GLOBPATH_MAX; i++) {
			if (comp[i] == '\\' && i + 1 < n)
				i++;
			path[k++] = comp[i];
		}
		if (rest != NULL)
			path[k++] = '/';
		path[k] = '\0';
		if (rest != NULL && *rest != '\0')
			return (glob_walk(x, path, k, rest));
		if (lstat(path, &st) == 0)
			return (emit(x, path, k));
		return (0);
	}
	path[plen] = '\0';
	if ((d = opendir(plen > 0 ? path : ".")) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL && !x->x_err) {
		const char *name = de->d_name;
		size_t len = strlen(name);

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (name[0] == '.' && comp[0] != '.')
			continue;
		if (fnmatch(comp, name, 0) != 0)
			continue;
		if (plen + len + 2 > GLOBPATH_MAX)
			continue;
		memcpy(path + plen, name, len + 1);
		if (rest == NULL) {
			emit(x, path, plen + len);
		} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			path[plen + len] = '/';
			path[plen + len + 1] = '\0';
			if (*rest == '\0')
				emit(x, path, plen + len + 1);
			else
				glob_walk(x, path, plen + len + 1, rest);
		}
	}
	closedir(d);
	return (x->x_err ? -1 : 0);
}

/*
 * Add the paths matching pattern (fnmatch syntax, '/' separating
 * components) to a, sorted; how many were added, or -1 with a message.
 */
int
glob_match_dir(const char *pattern, struct args *a)
{
	static char path[GLOBPATH_MAX];
	struct xctx *x;
	int n0 = a->a_n;
	size_t plen = 0;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		fprintf(stderr, "sh: out of memory\n");
		return (-1);
	}
	x->x_a = a;
	while (*pattern == '/') {
		pattern++;
		plen = 1;
		path[0] = '/';
	}
	glob_walk(x, path, plen, pattern);
	qsort(&a->a_v[n0], a->a_n - n0, sizeof(a->a_v[0]), cmpstr);
	n0 = x->x_err ? -1 : a->a_n - n0;
	free(x);
	return (n0);
}

/* The current field is complete: glob it or emit it as it is. */
static void
field_end(struct xctx *x)
{
	struct field *f = &x->x_f;
	char pat[FIELD_MAX * 2 + 1];
	size_t i, k;
	int meta = 0, n0 = x->x_a->a_n;

	if (f->f_n == 0 && !f->f_any)
		return;
	for (i = 0; x->x_split && i < f->f_n; i++)
		if (!f->f_q[i] && strchr("*?[", f->f_c[i]) != NULL)
			meta = 1;
	if (meta) {
		for (i = k = 0; i < f->f_n; i++) {
			if (f->f_c[i] == '\\' || (f->f_q[i] &&
			    strchr("*?[", f->f_c[i]) != NULL))
				pat[k++] = '\\';
			pat[k++] = f->f_c[i];
		}
		pat[k] = '\0';
		if (glob_match_dir(pat, x->x_a) < 0)
			x->x_err = 1;
	}
	if (!x->x_err && x->x_a->a_n == n0)
		emit(x, f->f_c, f->f_n);
	f->f_n = 0;
	f->f_any = 0;
}

/* Add a parameter's value: split at blanks if unquoted in an argument. */
static void
addval(struct xctx *x, const char *v, int quoted)
{
	if (v == NULL)
		return;
	for (; *v != '\0'; v++) {
		if (!quoted && x->x_split && strchr(" \t\n", *v) != NULL)
			field_end(x);
		else
			addc(x, *v, quoted);
	}
}

static void
addnum(struct xctx *x, long n, int quoted)
{
	char num[24];

	snprintf(num, sizeof(num), "%ld", n);
	addval(x, num, quoted);
}

/*
 * The parameter at p (just after a '$'); returns how many bytes it
 * took, 0 if none is there (the '$' is then literal).
 */
static size_t
param(struct xctx *x, const char *p, int quoted)
{
	const char *name = p;
	int brace = (*p == '{');
	size_t n;

	name += brace;
	if (strchr("?$!#", *name) != NULL && *name != '\0') {
		n = 1;
	} else if (*name >= '0' && *name <= '9') {
		n = 1;
	} else if ((n = namelen(name)) == 0) {
		if (brace)
			xerror(x, "bad substitution", NULL);
		return (0);
	}
	if (brace && name[n] != '}') {
		xerror(x, "bad substitution", NULL);
		return (0);
	}
	switch (*name) {
	case '?':
		addnum(x, sh_status, quoted);
		break;
	case '$':
		addnum(x, sh_pid, quoted);
		break;
	case '!':
		if (sh_lastbg > 0)
			addnum(x, sh_lastbg, quoted);
		break;
	case '#':
		addnum(x, sh_argc > 0 ? sh_argc - 1 : 0, quoted);
		break;
	default:
		if (*name >= '0' && *name <= '9') {
			if (*name - '0' < sh_argc)
				addval(x, sh_argv[*name - '0'], quoted);
		} else {
			addval(x, var_get(name, n), quoted);
		}
	}
	return (n + 2 * brace);
}

/* Expand one raw word into x's arguments. */
static int
expand_raw(struct xctx *x, const char *p)
{
	char quote = 0;
	size_t n;

	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		addval(x, var_get("HOME", 4), 1);
		x->x_f.f_any = 1;
		p++;
	}
	while (*p != '\0' && !x->x_err) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
			else
				addc(x, *p, 1);
			p++;
		} else if (quote == 0 && (*p == '\'' || *p == '"')) {
			quote = *p++;
			x->x_f.f_any = 1;
		} else if (quote == '"' && *p == '"') {
			quote = 0;
			p++;
		} else if (*p == '\\' && p[1] != '\0' && (quote == 0 ||
		    strchr("\"\\$`", p[1]) != NULL)) {
			addc(x, p[1], 1);
			p += 2;
		} else if (*p == '$' && (n = param(x, p + 1, quote != 0)) > 0) {
			p += 1 + n;
		} else {
			addc(x, *p++, quote != 0);
		}
	}
	if (quote != 0)
		xerror(x, "unterminated quote", NULL);
	if (x->x_err)
		return (-1);
	field_end(x);
	return (x->x_err ? -1 : 0);
}

/*
 * Expand the n raw words into a's arguments (split and globbed).
 * 0, or -1 after a message.
 */
int
expand_words(char *const *raw, int n, struct args *a)
{
	static struct xctx x;
	int i;

	x.x_f.f_n = 0;
	x.x_f.f_any = 0;
	x.x_a = a;
	x.x_split = 1;
	x.x_err = 0;
	a->a_n = 0;
	a->a_used = 0;
	a->a_v[0] = NULL;
	for (i = 0; i < n; i++)
		if (expand_raw(&x, raw[i]) != 0)
			return (-1);
	return (0);
}

/*
 * Expand one raw word into out (size bytes) without splitting or
 * globbing.  0, or -1 after a message.
 */
int
expand_one(const char *raw, char *out, size_t size)
{
	static struct args a;
	static struct xctx x;

	x.x_f.f_n = 0;
	x.x_f.f_any = 1;	/* an empty word is still one: "" */
	x.x_a = &a;
	x.x_split = 0;
	x.x_err = 0;
	a.a_n = 0;
	a.a_used = 0;
	if (expand_raw(&x, raw) != 0)
		return (-1);
	if (strlen(a.a_v[0]) >= size) {
		fprintf(stderr, "sh: %s: too long\n", a.a_v[0]);
		return (-1);
	}
	strcpy(out, a.a_v[0]);
	return (0);
}
