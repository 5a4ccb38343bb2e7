/*
 * strtol, strtoul, strtoll, strtoull, atoi, atol, atoll: text to integers.
 * One parser produces a 64-bit magnitude; each function clamps to its type.
 */
#include <sys/types.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include "div64.h"

struct parsed {
	uint64_t	mag;		/* absolute value (saturated) */
	bool		neg;		/* a '-' sign was read */
	bool		overflow;	/* did not fit in 64 bits */
};

static int
digit_value(int c)
{
	if (isdigit(c))
		return (c - '0');
	if (islower(c))
		return (c - 'a' + 10);
	if (isupper(c))
		return (c - 'A' + 10);
	return (99);
}

/* Read an optional 0x/0X prefix or pick base 8 for a leading 0. */
static const char *
read_prefix(const char *s, int *base)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    digit_value((unsigned char)s[2]) < 16;

	if ((*base == 0 || *base == 16) && hex) {
		*base = 16;
		return (s + 2);
	}
	if (*base == 0)
		*base = s[0] == '0' ? 8 : 10;
	return (s);
}

/* Parse s; set *end past the last digit, or to s when there is none. */
static void
parse(const char *s, char **end, int base, struct parsed *p)
{
	const char *q = s;
	uint64_t cutoff = UINT64_MAX;
	unsigned int cutlim;
	bool any = false;
	int d;

	p->mag = 0;
	p->neg = p->overflow = false;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (end != NULL)
			*end = (char *)s;
		return;
	}
	while (isspace((unsigned char)*q))
		q++;
	if (*q == '+' || *q == '-')
		p->neg = *q++ == '-';
	q = read_prefix(q, &base);
	cutlim = __libc_div64(&cutoff, base);
	for (; (d = digit_value((unsigned char)*q)) < base; q++) {
		any = true;
		if (p->mag > cutoff || (p->mag == cutoff && d > cutlim))
			p->overflow = true;
		else
			p->mag = p->mag * base + d;
	}
	if (end != NULL)
		*end = (char *)(any ? q : s);
}

/* Clamp a parsed value to [-pos_max - 1, pos_max] for a signed type. */
static int64_t
clamp_signed(const struct parsed *p, uint64_t pos_max)
{
	uint64_t limit = p->neg ? pos_max + 1 : pos_max;

	if (p->overflow || p->mag > limit) {
		errno = ERANGE;
		return (p->neg ? -(int64_t)pos_max - 1 : (int64_t)pos_max);
	}
	return (p->neg ? (int64_t)(0 - p->mag) : (int64_t)p->mag);
}

/* Clamp for an unsigned type: a '-' negates in that type, as C says. */
static uint64_t
clamp_unsigned(const struct parsed *p, uint64_t max)
{
	if (p->overflow || p->mag > max) {
		errno = ERANGE;
		return (max);
	}
	return (p->neg ? (0 - p->mag) & max : p->mag);
}

long
strtol(const char *s, char **end, int base)
{
	struct parsed p;

	parse(s, end, base, &p);
	return ((long)clamp_signed(&p, LONG_MAX));
}

long long
strtoll(const char *s, char **end, int base)
{
	struct parsed p;

	parse(s, end, base, &p);
	return (clamp_signed(&p, LLONG_MAX));
}

unsigned long
strtoul(const char *s, char **end, int base)
{
	struct parsed p;

	parse(s, end, base, &p);
	return ((unsigned long)clamp_unsigned(&p, ULONG_MAX));
}

unsigned long long
strtoull(const char *s, char **end, int base)
{
	struct parsed p;

	parse(s, end, base, &p);
	return (clamp_unsigned(&p, ULLONG_MAX));
}

int
atoi(const char *s)
{
	return ((int)strtol(s, NULL, 10));
}

long
atol(const char *s)
{
	return (strtol(s, NULL, 10));
}

long long
atoll(const char *s)
{
	return (strtoll(s, NULL, 10));
}
