/*
 * sysctl - read and write named kernel variables.
 *
 *	sysctl name ...		print "name: value"
 *	sysctl name=value ...	set an integer, print "name: old -> new"
 *
 * The kernel reports each value's real length through *oldlenp.  A
 * 4-byte value is printed as an integer unless its bytes are a printable
 * NUL-terminated string; anything else is printed as a string.  A value
 * longer than the 256-byte buffer is read again into one of its size.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

/* True if the len bytes of p are printable text ending in one NUL. */
static int
is_string(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || p[len - 1] != '\0')
		return (0);
	for (i = 0; i + 1 < len; i++) {
		if ((unsigned char)p[i] < ' ' || (unsigned char)p[i] > '~')
			return (0);
	}
	return (1);
}

static void
print_value(const char *p, size_t len)
{
	int v;

	if (len == sizeof(int) && !is_string(p, len)) {
		memcpy(&v, p, sizeof(v));
		printf("%d", v);
	} else {
		printf("%.*s", (int)strnlen(p, len), p);
	}
}

/* Print "name: value"; false on error. */
static int
show(const char *name)
{
	char buf[256], *p = buf;
	size_t len = sizeof(buf);
	int ok = 1;

	if (sysctl(name, buf, &len, NULL, 0) != 0) {
		if (errno != ENOMEM || sysctl(name, NULL, &len, NULL, 0) != 0)
			goto fail;
		if ((p = malloc(len)) == NULL)
			goto fail;
		if (sysctl(name, p, &len, NULL, 0) != 0)
			goto fail;
	}
	printf("%s: ", name);
	print_value(p, len);
	printf("\n");
	goto out;
fail:
	fprintf(stderr, "sysctl: %s: %s\n", name, strerror(errno));
	ok = 0;
out:
	if (p != buf)
		free(p);
	return (ok);
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
		fprintf(stderr, "sysctl: %s: %s\n", name, strerror(errno));
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
	int i, ok = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: sysctl name[=value] ...\n");
		return (2);
	}
	for (i = 1; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL) {
			ok &= show(argv[i]);
			continue;
		}
		n = eq - argv[i];
		if (n >= sizeof(name)) {
			fprintf(stderr, "sysctl: %.*s: %s\n", (int)n, argv[i],
			    strerror(ENOENT));
			ok = 0;
			continue;
		}
		memcpy(name, argv[i], n);
		name[n] = '\0';
		ok &= set(name, eq + 1);
	}
	return (ok ? 0 : 1);
}
