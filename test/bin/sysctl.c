/*
 * sysctl - list, read and write named kernel variables.
 *
 *	sysctl [-a]		every variable, "name: value", in name order
 *	sysctl [-d] name ...	print "name: value" (-d: "name: description")
 *	sysctl -d [-a]		every variable's description
 *	sysctl prefix ...	every variable under prefix (kern, vm.cache)
 *	sysctl name=value ...	set an integer, print "name: old -> new"
 *
 * The kernel reports each value's real length through *oldlenp.  A
 * 4-byte value is printed as an integer unless its bytes are a printable
 * NUL-terminated string; other text is printed as it is, and binary
 * records (a table such as kern.proc) as their size.  A value longer
 * than the 256-byte buffer is read again into one of its size.  The
 * list comes from the kernel's query names (sys/sysctl.h:
 * SYSCTL_Q_NEXT, SYSCTL_Q_DESCR).  A name that is neither a variable
 * nor a prefix of one is "unknown oid"; any error makes the status 1,
 * a usage error 2.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static int	describe;	/* -d: descriptions instead of values */

/* True if the len bytes of p are text (printable, tabs, newlines)
 * ending in one NUL. */
static int
is_string(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || p[len - 1] != '\0')
		return (0);
	for (i = 0; i + 1 < len; i++) {
		if (((unsigned char)p[i] < ' ' || (unsigned char)p[i] > '~') &&
		    p[i] != '\n' && p[i] != '\t')
			return (0);
	}
	return (1);
}

static void
print_value(const char *p, size_t len)
{
	size_t n;
	int v;

	if (len == sizeof(int) && !is_string(p, len)) {
		memcpy(&v, p, sizeof(v));
		printf("%d", v);
	} else if (is_string(p, len) || len == 0) {
		n = strnlen(p, len);
		if (n > 0 && p[n - 1] == '\n')	/* a text of whole lines */
			n--;
		printf("%.*s", (int)n, p);
	} else {
		printf("(%zu bytes of records)", len);
	}
}

/*
 * Read name's value into *pp (buf, of size bytes, or a new buffer that
 * the caller frees) and its length into *lenp; 0 or an errno.
 */
static int
get(const char *name, char *buf, size_t size, char **pp, size_t *lenp)
{
	char *p;

	*pp = buf;
	*lenp = size;
	if (sysctl(name, buf, lenp, NULL, 0) == 0)
		return (0);
	if (errno != ENOMEM || sysctl(name, NULL, lenp, NULL, 0) != 0)
		return (errno);
	*lenp += 1024;		/* a table may grow meanwhile */
	if ((p = malloc(*lenp)) == NULL)
		return (ENOMEM);
	if (sysctl(name, p, lenp, NULL, 0) != 0) {
		free(p);
		return (errno);
	}
	*pp = p;
	return (0);
}

/* Print "name: value" (or its description); 0 or an errno. */
static int
show(const char *name)
{
	char buf[256], query[SYSCTL_QUERYMAX], *p;
	size_t len;
	int error;

	if (describe) {
		snprintf(query, sizeof(query), "%s%s", SYSCTL_Q_DESCR, name);
		error = get(query, buf, sizeof(buf), &p, &len);
	} else {
		error = get(name, buf, sizeof(buf), &p, &len);
	}
	if (error)
		return (error);
	printf("%s: ", name);
	print_value(p, len);
	printf("\n");
	if (p != buf)
		free(p);
	return (0);
}

/* The first name after name in order into next (SYSCTL_NAMEMAX bytes);
 * false after the last. */
static int
next_name(const char *name, char *next)
{
	char query[SYSCTL_QUERYMAX];
	size_t len = SYSCTL_NAMEMAX;

	snprintf(query, sizeof(query), "%s%s", SYSCTL_Q_NEXT, name);
	return (sysctl(query, next, &len, NULL, 0) == 0);
}

/*
 * Show every variable whose name starts with prefix ("" for all); the
 * number shown.  A variable that cannot be read is reported.
 */
static int
show_all(const char *prefix)
{
	char name[SYSCTL_NAMEMAX], next[SYSCTL_NAMEMAX];
	size_t plen = strlen(prefix);
	int n = 0, error;

	snprintf(name, sizeof(name), "%s", prefix);
	while (next_name(name, next) && strncmp(next, prefix, plen) == 0) {
		if ((error = show(next)) != 0)
			fprintf(stderr, "sysctl: %s: %s\n", next,
			    strerror(error));
		n++;
		memcpy(name, next, sizeof(name));
	}
	return (n);
}

/* Show name, or everything under it; false if it is neither. */
static int
show_arg(const char *name)
{
	char prefix[SYSCTL_NAMEMAX + 1];
	int error;

	if ((error = show(name)) == 0)
		return (1);
	if (error == ENOENT && strlen(name) + 1 < sizeof(prefix)) {
		snprintf(prefix, sizeof(prefix), "%s.", name);
		if (show_all(prefix) > 0)
			return (1);
	}
	fprintf(stderr, "sysctl: %s: %s\n", name,
	    error == ENOENT ? "unknown oid" : strerror(error));
	return (0);
}

/* Set name to the integer text value; print "name: old -> new". */
static int
set(const char *name, const char *value)
{
	char *end;
	size_t len;
	long v;
	int old, nv;

	v = strtol(value, &end, 0);
	if (*value == '\0' || *end != '\0') {
		fprintf(stderr, "sysctl: %s: not an integer: %s\n", name,
		    value);
		return (0);
	}
	nv = (int)v;
	len = sizeof(old);
	if (sysctl(name, &old, &len, &nv, sizeof(nv)) != 0) {
		fprintf(stderr, "sysctl: %s: %s\n", name,
		    errno == ENOENT ? "unknown oid" : strerror(errno));
		return (0);
	}
	printf("%s: %d -> %d\n", name, old, nv);
	return (1);
}

int
main(int argc, char **argv)
{
	char name[SYSCTL_NAMEMAX + 1];
	const char *eq;
	size_t n;
	int i, all = 0, ok = 1;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-a") == 0)
			all = 1;
		else if (strcmp(argv[i], "-d") == 0)
			describe = 1;
		else {
			fprintf(stderr, "usage: sysctl [-a] [-d] "
			    "[name[=value] ...]\n");
			return (2);
		}
	}
	if (all || i == argc) {
		show_all("");
		if (i == argc)
			return (0);
	}
	for (; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL) {
			ok &= show_arg(argv[i]);
			continue;
		}
		n = eq - argv[i];
		if (n >= sizeof(name)) {
			fprintf(stderr, "sysctl: %.*s: unknown oid\n", (int)n,
			    argv[i]);
			ok = 0;
			continue;
		}
		memcpy(name, argv[i], n);
		name[n] = '\0';
		ok &= set(name, eq + 1);
	}
	return (ok ? 0 : 1);
}
