/*
 * parse.c - the shell's lexer and parser.
 *
 * A line is and-or lists separated by ';' or '&' (run in the
 * background); an and-or list is pipelines joined by '&&' (run the next
 * if this one succeeded) and '||' (run it if this one failed); a
 * pipeline is commands joined by '|'; a command is words and
 * redirections: "< file", "> file", ">> file", each with an optional
 * descriptor number written against it ("2> file", "2>> file"), and
 * "N>&M" / "N<&M" (make N a copy of M; "N>&-" closes N).  A word that
 * starts with '#' begins a comment running to the end of the line.
 *
 * Words are kept raw: quotes, backslashes and '$' are left in place and
 * only their extent is found here ('single quotes', "double quotes",
 * \c and ${...} do not end a word); expand.c gives them their meaning
 * when the command runs, so that "false || echo $?" sees the status the
 * first pipeline left.  The raw words live in the lexer's l_raw for as
 * long as the line is being run.
 *
 * parse_andor() is called again and again on one lexer: each call
 * returns the next and-or list, so each list is parsed only after the
 * ones before it have run.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "sh.h"

/* Tokens of a command line. */
enum {
	T_ERR = -1,	/* a syntax error, already reported */
	T_END,		/* end of line */
	T_WORD,
	T_PIPE,		/* | */
	T_AND,		/* && */
	T_OR,		/* || */
	T_AMP,		/* & */
	T_SEMI,		/* ; */
	T_REDIR		/* <, >, >>, <&, >& with an optional number */
};

static int
syntax(const char *msg)
{
	fprintf(stderr, "sh: syntax error: %s\n", msg);
	return (T_ERR);
}

/* Length of the variable name p starts with (0: not a name). */
size_t
namelen(const char *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)p[0]) && p[0] != '_')
		return (0);
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return (n);
}

/* True if word (raw) is "NAME=value". */
int
isassign(const char *word)
{
	size_t n = namelen(word);

	return (n > 0 && word[n] == '=');
}

/* True if c ends an unquoted word (strchr also finds the '\0'). */
static int
isspecial(char c)
{
	return (strchr(" \t\r\n|&;<>", c) != NULL);
}

void
parse_start(struct lexer *lx, const char *line)
{
	lx->l_p = line;
	lx->l_used = 0;
}

/* Copy the raw word at p into l_raw; T_WORD or T_ERR. */
static int
lex_word(struct lexer *lx, const char *p, char **wordp)
{
	const char *start = p;
	char quote = 0;
	int brace = 0;
	size_t n;

	while (quote != 0 || brace > 0 || !isspecial(*p)) {
		if (*p == '\0')
			return (syntax(quote ? "unterminated quote" :
			    "unterminated ${"));
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
		} else if (*p == '\\' && p[1] != '\0') {
			p++;
		} else if (quote == 0 && (*p == '\'' || *p == '"')) {
			quote = *p;
		} else if (quote == '"' && *p == '"') {
			quote = 0;
		} else if (p[0] == '$' && p[1] == '{') {
			brace++;
			p++;
		} else if (brace > 0 && *p == '}') {
			brace--;
		}
		p++;
	}
	n = p - start;
	if (lx->l_used + n + 1 > sizeof(lx->l_raw))
		return (syntax("line too long"));
	*wordp = &lx->l_raw[lx->l_used];
	memcpy(*wordp, start, n);
	(*wordp)[n] = '\0';
	lx->l_used += n + 1;
	lx->l_p = p;
	return (T_WORD);
}

/*
 * The next token.  A word's text is returned in *wordp; a redirection's
 * descriptor and operator in *fdp and *opp.
 */
static int
lex(struct lexer *lx, char **wordp, int *fdp, int *opp)
{
	const char *p = lx->l_p;
	int fd = -1;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	lx->l_p = p + 1;
	switch (*p) {
	case '\0':
	case '#':
		lx->l_p = p;
		return (T_END);
	case '|':
		if (p[1] != '|')
			return (T_PIPE);
		lx->l_p = p + 2;
		return (T_OR);
	case '&':
		if (p[1] != '&')
			return (T_AMP);
		lx->l_p = p + 2;
		return (T_AND);
	case ';':
		return (T_SEMI);
	}
	/* "N>": a number written against a redirection names the descriptor. */
	if (isdigit((unsigned char)*p) && (p[1] == '<' || p[1] == '>')) {
		fd = *p - '0';
		p++;
	}
	if (*p == '<' || *p == '>') {
		*fdp = fd >= 0 ? fd : (*p == '<' ? 0 : 1);
		if (p[1] == '&') {
			*opp = R_DUP;
			p += 2;
		} else if (*p == '>' && p[1] == '>') {
			*opp = R_APPEND;
			p += 2;
		} else {
			*opp = *p == '<' ? R_IN : R_OUT;
			p++;
		}
		lx->l_p = p;
		return (T_REDIR);
	}
	return (lex_word(lx, p, wordp));
}

/* Keep the source text from start to end (trimmed) as the job's text. */
static void
keep_text(struct andor *ao, const char *start, const char *end)
{
	size_t n;

	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '&' || end[-1] == ';'))
		end--;
	n = end - start;
	if (n >= sizeof(ao->ao_text))
		n = sizeof(ao->ao_text) - 1;
	memcpy(ao->ao_text, start, n);
	ao->ao_text[n] = '\0';
}

/*
 * Parse the next and-or list of the line into ao.  Returns 1 if one was
 * parsed (ao_npl may be 0: an empty one, as in ";;" or a comment), 0 at
 * the end of the line, -1 after reporting a syntax error.
 */
int
parse_andor(struct lexer *lx, struct andor *ao)
{
	const char *start = lx->l_p;
	struct pipeline *pl;
	struct cmd *c;
	char *word;
	int t, fd, op;

	memset(ao, 0, sizeof(*ao));
	pl = &ao->ao_pl[0];
	c = &pl->pl_cmds[0];
	for (;;) {
		const char *before = lx->l_p;

		t = lex(lx, &word, &fd, &op);
		switch (t) {
		case T_WORD:
			if (c->c_nwords == WORDS_MAX)
				return (syntax("too many words"));
			c->c_words[c->c_nwords++] = word;
			continue;
		case T_REDIR:
			if (lex(lx, &word, &fd, &op) != T_WORD)
				return (syntax("redirection without a file"));
			if (c->c_nredirs == REDIRS_MAX)
				return (syntax("too many redirections"));
			c->c_redirs[c->c_nredirs].r_fd = fd;
			c->c_redirs[c->c_nredirs].r_op = op;
			c->c_redirs[c->c_nredirs].r_word = word;
			c->c_nredirs++;
			continue;
		case T_ERR:
			return (-1);
		}
		/* An operator or the end: the command c is complete. */
		if (c->c_nwords == 0 && c->c_nredirs == 0) {
			if (t == T_END && pl->pl_ncmds == 0 && ao->ao_npl == 0)
				return (0);
			if (t == T_SEMI && pl->pl_ncmds == 0 && ao->ao_npl == 0)
				return (1);	/* an empty list: ";" */
			return (syntax(t == T_END ? "missing command" :
			    "missing command before an operator"));
		}
		pl->pl_ncmds++;
		if (t == T_PIPE) {
			if (pl->pl_ncmds == CMDS_MAX)
				return (syntax("pipeline too long"));
			c = &pl->pl_cmds[pl->pl_ncmds];
			continue;
		}
		ao->ao_npl++;
		if (t == T_AND || t == T_OR) {
			pl->pl_op = t == T_AND ? OP_AND : OP_OR;
			if (ao->ao_npl == ANDOR_MAX)
				return (syntax("too many && and ||"));
			pl = &ao->ao_pl[ao->ao_npl];
			c = &pl->pl_cmds[0];
			continue;
		}
		ao->ao_bg = (t == T_AMP);
		keep_text(ao, start, before);
		return (1);
	}
}
