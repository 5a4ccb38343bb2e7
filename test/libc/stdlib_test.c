/*
 * stdlib_test - strtol and friends (bases, signs, overflow, endptr),
 * atoi, abs, qsort, getenv, rand, atexit order, strerror, ctype and the
 * string functions.  Returns the failure count.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utest.h"
#include <unistd.h>

static int checks;

static void
fail_int(int line, const char *what, long long got, long long expect)
{
	ut_failures++;
	printf("FAIL: line %d: %s (%lld vs %lld)\n", line, what, got, expect);
}

static void
fail_str(int line, const char *what, const char *got, const char *expect)
{
	ut_failures++;
	printf("FAIL: line %d: %s (\"%s\" vs \"%s\")\n", line, what,
	    got != NULL ? got : "(null)", expect != NULL ? expect : "(null)");
}

#define EQ(got, expect) do {						\
	long long g_ = (long long)(got), e_ = (long long)(expect);	\
	checks++;							\
	if (g_ != e_)							\
		fail_int(__LINE__, #got, g_, e_);			\
} while (0)

#define UEQ(got, expect) do {						\
	unsigned long long g_ = (got), e_ = (expect);			\
	checks++;							\
	if (g_ != e_)							\
		fail_int(__LINE__, #got, (long long)g_, (long long)e_);	\
} while (0)

#define STREQ(got, expect) do {						\
	const char *g_ = (got), *e_ = (expect);				\
	checks++;							\
	if (g_ == NULL || e_ == NULL ? g_ != e_ : strcmp(g_, e_) != 0)	\
		fail_str(__LINE__, #got, g_, e_);			\
} while (0)

/* strtol of s in base: check the value, errno and how much was read. */
static void
check_strtol(int line, const char *s, int base, long value, int err,
    size_t used)
{
	char *end;
	long v;

	checks++;
	errno = 0;
	v = strtol(s, &end, base);
	if (v != value)
		fail_int(line, s, v, value);
	if (errno != err)
		fail_int(line, "errno after strtol", errno, err);
	if (err != EINVAL && (size_t)(end - s) != used)
		fail_int(line, "strtol end offset", end - s, used);
}

static void
test_strtol(void)
{
	check_strtol(__LINE__, "0", 10, 0, 0, 1);
	check_strtol(__LINE__, "123", 10, 123, 0, 3);
	check_strtol(__LINE__, "  -42xyz", 10, -42, 0, 5);
	check_strtol(__LINE__, "+17", 10, 17, 0, 3);
	check_strtol(__LINE__, "0x1F", 16, 31, 0, 4);
	check_strtol(__LINE__, "1f", 16, 31, 0, 2);
	check_strtol(__LINE__, "0x1f", 0, 31, 0, 4);
	check_strtol(__LINE__, "017", 0, 15, 0, 3);
	check_strtol(__LINE__, "019", 0, 1, 0, 2);
	check_strtol(__LINE__, "101", 2, 5, 0, 3);
	check_strtol(__LINE__, "zz", 36, 1295, 0, 2);
	check_strtol(__LINE__, "Zz", 36, 1295, 0, 2);
	check_strtol(__LINE__, "777", 8, 511, 0, 3);
	check_strtol(__LINE__, "", 10, 0, 0, 0);
	check_strtol(__LINE__, "   ", 10, 0, 0, 0);
	check_strtol(__LINE__, "-", 10, 0, 0, 0);
	check_strtol(__LINE__, "abc", 10, 0, 0, 0);
	check_strtol(__LINE__, "2147483647", 10, LONG_MAX, 0, 10);
	check_strtol(__LINE__, "-2147483648", 10, LONG_MIN, 0, 11);
	check_strtol(__LINE__, "2147483648", 10, LONG_MAX, ERANGE, 10);
	check_strtol(__LINE__, "-2147483649", 10, LONG_MIN, ERANGE, 11);
	check_strtol(__LINE__, "99999999999999999999999", 10, LONG_MAX,
	    ERANGE, 23);
	check_strtol(__LINE__, "10", 1, 0, EINVAL, 0);
	check_strtol(__LINE__, "10", 37, 0, EINVAL, 0);
}

static void
test_strtoul_ll(void)
{
	char *end;

	errno = 0;
	UEQ(strtoul("4294967295", NULL, 10), ULONG_MAX);
	EQ(errno, 0);
	UEQ(strtoul("4294967296", NULL, 10), ULONG_MAX);
	EQ(errno, ERANGE);
	errno = 0;
	UEQ(strtoul("-1", NULL, 10), ULONG_MAX);
	UEQ(strtoul("0xffffffff", NULL, 0), 0xffffffffUL);
	EQ(errno, 0);
	EQ(strtoll("9223372036854775807", NULL, 10), LLONG_MAX);
	EQ(strtoll("-9223372036854775808", NULL, 10), LLONG_MIN);
	EQ(errno, 0);
	EQ(strtoll("9223372036854775808", NULL, 10), LLONG_MAX);
	EQ(errno, ERANGE);
	errno = 0;
	EQ(strtoll("-9223372036854775809", NULL, 10), LLONG_MIN);
	EQ(errno, ERANGE);
	errno = 0;
	UEQ(strtoull("18446744073709551615", &end, 10), ULLONG_MAX);
	EQ(errno, 0);
	EQ(*end, '\0');
	UEQ(strtoull("18446744073709551616", NULL, 10), ULLONG_MAX);
	EQ(errno, ERANGE);
	errno = 0;
	UEQ(strtoull("0xFFFFFFFFFFFFFFFF", NULL, 16), ULLONG_MAX);
	UEQ(strtoull("1234567890123", NULL, 10), 1234567890123ULL);
	EQ(errno, 0);
	EQ(atoi("  -123abc"), -123);
	EQ(atoi("x"), 0);
	EQ(atol("2000000000"), 2000000000L);
	EQ(abs(-5), 5);
	EQ(abs(5), 5);
	EQ(labs(-70000L), 70000L);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
test_qsort(void)
{
	static int v[1000];
	const char *words[] = { "pear", "apple", "fig", "kiwi", "banana" };
	int i, n = 1000, sorted = 1;

	srand(42);
	for (i = 0; i < n; i++)
		v[i] = rand() % 500 - 250;
	qsort(v, n, sizeof(v[0]), cmp_int);
	for (i = 1; i < n; i++)
		sorted &= v[i - 1] <= v[i];
	EQ(sorted, 1);
	qsort(words, 5, sizeof(words[0]), cmp_str);
	STREQ(words[0], "apple");
	STREQ(words[4], "pear");
	qsort(v, 0, sizeof(v[0]), cmp_int);
	qsort(v, 1, sizeof(v[0]), cmp_int);
}

static void
test_rand_getenv(void)
{
	static char *env[] = { "FOO=bar", "FOOBAR=baz", "EMPTY=", NULL };
	char **saved = environ;
	int a, b, c, i, in_range = 1;

	srand(7);
	a = rand();
	b = rand();
	srand(7);
	c = rand();
	EQ(a, c);
	EQ(a != b, 1);
	for (i = 0; i < 1000; i++) {
		a = rand();
		in_range &= a >= 0 && a <= RAND_MAX;
	}
	EQ(in_range, 1);

	environ = env;
	STREQ(getenv("FOO"), "bar");
	STREQ(getenv("FOOBAR"), "baz");
	STREQ(getenv("EMPTY"), "");
	STREQ(getenv("FO"), NULL);
	STREQ(getenv("NOPE"), NULL);
	environ = saved;
}

static void
test_strings(void)
{
	char buf[32];
	char *d;

	STREQ(strcpy(buf, "abc"), "abc");
	STREQ(strcat(buf, "def"), "abcdef");
	STREQ(strncat(buf, "ghijk", 2), "abcdefgh");
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "hi", 5);
	EQ(memcmp(buf, "hi\0\0\0x", 6), 0);
	strncpy(buf, "hello", 3);
	EQ(memcmp(buf, "hel\0\0x", 6), 0);
	STREQ(strrchr("a/b/c", '/'), "/c");
	STREQ(strrchr("abc", 'z'), NULL);
	STREQ(strrchr("abc", '\0'), "");
	STREQ(strstr("hello world", "o w"), "o world");
	STREQ(strstr("hello", ""), "hello");
	STREQ(strstr("hello", "xyz"), NULL);
	STREQ(strstr("aaab", "aab"), "aab");
	STREQ(strstr("", "a"), NULL);
	EQ(strspn("abcde", "abc"), 3);
	EQ(strspn("xyz", "abc"), 0);
	EQ(strcspn("abcde", "dc"), 2);
	EQ(strcspn("abc", ""), 3);
	EQ((const char *)memchr("abcdef", 'd', 6) - "abcdef" >= 0, 1);
	STREQ(memchr("abcdef", 'd', 6), "def");
	STREQ(memchr("abcdef", 'd', 3), NULL);
	d = strdup("duplicate");
	STREQ(d, "duplicate");
	free(d);
	d = strndup("duplicate", 3);
	STREQ(d, "dup");
	free(d);
	EQ(strlen(strerror(ENOMEM)) > 0, 1);
	EQ(strlen(strerror(EINVAL)) > 0, 1);
	EQ(strerror(12345) != NULL, 1);		/* newlib: "" when unknown */
	EQ(strerror(-1) != NULL, 1);
	EQ(strcmp(strerror(ENOENT), strerror(EPERM)) != 0, 1);
}

static void
test_ctype(void)
{
	EQ(isdigit('7') != 0, 1);
	EQ(isdigit('a'), 0);
	EQ(isspace('\t') != 0, 1);
	EQ(isspace('x'), 0);
	EQ(isalpha('Q') != 0, 1);
	EQ(isalnum('_'), 0);
	EQ(isxdigit('F') != 0, 1);
	EQ(isxdigit('g'), 0);
	EQ(isupper('a'), 0);
	EQ(islower('a') != 0, 1);
	EQ(isprint(' ') != 0, 1);
	EQ(isprint('\n'), 0);
	EQ(toupper('a'), 'A');
	EQ(toupper('1'), '1');
	EQ(tolower('Z'), 'z');
	EQ(isdigit(EOF), 0);
}

/*
 * atexit: three handlers must run last-registered first, after main
 * returns.  The last one to run checks the order and, on failure, exits
 * non-zero itself.
 */
static char exit_order[8];

static void
record(char c)
{
	size_t n = strlen(exit_order);

	exit_order[n] = c;
	exit_order[n + 1] = '\0';
}

static void at_a(void) { record('a'); }
static void at_b(void) { record('b'); }

static void
at_check(void)
{
	if (strcmp(exit_order, "ba") != 0) {
		printf("FAIL: atexit order (\"%s\" vs \"ba\")\n", exit_order);
		fflush(stdout);
		_exit(100);
	}
	printf("stdlib_test: atexit handlers ran in reverse order\n");
}

static void
test_atexit(void)
{
	EQ(atexit(at_check), 0);
	EQ(atexit(at_a), 0);
	EQ(atexit(at_b), 0);
}

int
main(int argc, char **argv)
{
	test_strtol();
	test_strtoul_ll();
	test_qsort();
	test_rand_getenv();
	test_strings();
	test_ctype();
	test_atexit();
	printf("stdlib_test: %d checks\n", checks);
	UT_DONE("stdlib_test");
}
