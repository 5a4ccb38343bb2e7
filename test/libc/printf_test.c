/*
 * printf_test - checks snprintf and friends against expected strings:
 * every conversion, flag, width, precision and length modifier, the
 * extreme values, truncation and return values.  Returns the failure count.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utest.h"

static int checks;

static void
fail_str(int line, const char *what, const char *got, const char *expect)
{
	ut_failures++;
	printf("FAIL: line %d: %s (\"%s\" vs \"%s\")\n", line, what, got, expect);
}

static void
fail_int(int line, const char *what, long long got, long long expect)
{
	ut_failures++;
	printf("FAIL: line %d: %s (%lld vs %lld)\n", line, what, got, expect);
}

static void
check(int line, const char *fmt, const char *got, int ret, const char *expect)
{
	checks++;
	if (strcmp(got, expect) != 0)
		fail_str(line, fmt, got, expect);
	if (ret != (int)strlen(expect))
		fail_int(line, fmt, ret, (long long)strlen(expect));
}

/* T(expected, format, args...): snprintf must produce expected. */
#define T(expect, ...) do {						\
	char b_[256];							\
	int r_ = snprintf(b_, sizeof(b_), __VA_ARGS__);			\
	check(__LINE__, #__VA_ARGS__, b_, r_, expect);			\
} while (0)

/*
 * TN: the same with a format gcc must not check (combinations whose
 * ignored flags it warns about).
 */
static const char *volatile unchecked;
#define TN(expect, fmt, ...) do {					\
	char b_[256];							\
	int r_;								\
	unchecked = fmt;						\
	r_ = snprintf(b_, sizeof(b_), unchecked, __VA_ARGS__);		\
	check(__LINE__, fmt, b_, r_, expect);				\
} while (0)

static void
test_integers(void)
{
	T("0", "%d", 0);
	T("42", "%d", 42);
	T("-42", "%i", -42);
	T("2147483647", "%d", INT_MAX);
	T("-2147483648", "%d", INT_MIN);
	T("4294967295", "%u", UINT_MAX);
	T("ff", "%x", 255);
	T("FF", "%X", 255);
	T("deadbeef", "%x", 0xdeadbeefU);
	T("777", "%o", 0777);
	T("0", "%x", 0);
	T("0", "%o", 0);
	T("-2147483648", "%ld", LONG_MIN);
	T("4294967295", "%lu", ULONG_MAX);
	T("9223372036854775807", "%lld", LLONG_MAX);
	T("-9223372036854775808", "%lld", LLONG_MIN);
	T("18446744073709551615", "%llu", ULLONG_MAX);
	T("ffffffffffffffff", "%llx", ULLONG_MAX);
	T("1777777777777777777777", "%llo", ULLONG_MAX);
	T("123456789012", "%lld", 123456789012LL);
	T("1000000000000000000", "%llu", 1000000000000000000ULL);
	T("-1", "%hhd", 255);
	T("255", "%hhu", -1);
	T("-1", "%hd", 65535);
	T("65535", "%hu", -1);
	T("-32768", "%hd", SHRT_MIN);
	T("4294967295", "%zu", (size_t)-1);
	T("-5", "%zd", (ssize_t)-5);
	T("-9223372036854775808", "%jd", INTMAX_MIN);
	T("18446744073709551615", "%ju", UINTMAX_MAX);
	T("-7", "%td", (ptrdiff_t)-7);
	T("1 2 3", "%d %d %d", 1, 2, 3);
}

static void
test_flags_width_precision(void)
{
	T("   42", "%5d", 42);
	T("42   |", "%-5d|", 42);
	T("00042", "%05d", 42);
	T("-0042", "%05d", -42);
	T("+42", "%+d", 42);
	T("-42", "%+d", -42);
	T(" 42", "% d", 42);
	T("+0", "%+d", 0);
	TN("+42", "%+ d", 42);
	T("  +42", "%+5d", 42);
	T("+0042", "%+05d", 42);
	T("00042", "%.5d", 42);
	T("  00042", "%7.5d", 42);
	T("-00042", "%.5d", -42);
	TN("   42", "%05.2d", 42);
	TN("42   |", "%-05d|", 42);
	TN("0x002a", "%06p", (void *)42);
	T("", "%.0d", 0);
	T("", "%.0u", 0);
	T("", "%.0x", 0);
	T("     ", "%5.0d", 0);
	T("0", "%.1d", 0);
	T("1", "%.0d", 1);
	T("0x1f", "%#x", 31);
	T("0X1F", "%#X", 31);
	T("0", "%#x", 0);
	T("017", "%#o", 15);
	T("0", "%#o", 0);
	T("0", "%#.0o", 0);
	T("0x0001f", "%#07x", 31);
	T("   42", "%*d", 5, 42);
	T("42   |", "%*d|", -5, 42);
	T("00042", "%.*d", 5, 42);
	T("42", "%.*d", -1, 42);
	T("   00042", "%*.*d", 8, 5, 42);
	T("-2147483648", "%5d", INT_MIN);
	T(" -2147483648", "%12d", INT_MIN);
	T("-0002147483648", "%014d", INT_MIN);
	T("%", "%%");
	T("100%", "%d%%", 100);
}

static void
test_strings_chars_pointers(void)
{
	char buf[32];

	T("hello", "%s", "hello");
	T("  hi", "%4s", "hi");
	T("hi  |", "%-4s|", "hi");
	T("hel", "%.3s", "hello");
	T("  hel", "%5.3s", "hello");
	T("", "%.0s", "hello");
	T("hello", "%.10s", "hello");
	T("hel", "%.*s", 3, "hello");
	T("x", "%c", 'x');
	T("  x", "%3c", 'x');
	T("x  |", "%-3c|", 'x');
	T("a-b-c", "%c-%c-%c", 'a', 'b', 'c');
	T("0x1234", "%p", (void *)0x1234);
	T("0xdeadbeef", "%p", (void *)0xdeadbeef);
	T("  0x10", "%6p", (void *)0x10);
	T("", "%s", "");
	T("abc def", "%s %s", "abc", "def");
	T("no conversions", "no conversions");
	/* A string built from pieces. */
	snprintf(buf, sizeof(buf), "%s=%d,%x", "v", -1, 16);
	check(__LINE__, "pieces", buf, (int)strlen(buf), "v=-1,10");
}

static void
test_truncation(void)
{
	char buf[8];
	int r;

	memset(buf, 'Z', sizeof(buf));
	r = snprintf(buf, 5, "%s", "abcdefgh");
	check(__LINE__, "truncate to 5", buf, r == 8 ? 4 : -1, "abcd");
	if (r != 8)
		fail_int(__LINE__, "snprintf return when truncated", r, 8);
	if (buf[5] != 'Z')
		fail_int(__LINE__, "byte after the NUL untouched", buf[5], 'Z');

	memset(buf, 'Z', sizeof(buf));
	r = snprintf(buf, 0, "%d", 12345);
	if (r != 5)
		fail_int(__LINE__, "snprintf size 0 return", r, 5);
	if (buf[0] != 'Z')
		fail_int(__LINE__, "snprintf size 0 writes nothing", buf[0], 'Z');
	r = snprintf(NULL, 0, "%lld", LLONG_MIN);
	if (r != 20)
		fail_int(__LINE__, "snprintf(NULL, 0) length", r, 20);

	r = snprintf(buf, 1, "abc");
	if (r != 3 || buf[0] != '\0')
		fail_int(__LINE__, "snprintf size 1", r, 3);

	r = snprintf(buf, sizeof(buf), "%7d", 1);
	check(__LINE__, "exact fit", buf, r, "      1");
	r = snprintf(buf, sizeof(buf), "%8d", 1);
	check(__LINE__, "one over", buf, r == 8 ? 7 : -1, "       ");
	checks += 6;
}

static int
my_vsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (r);
}

static void
test_sprintf_and_v(void)
{
	char buf[64];
	int r;

	r = sprintf(buf, "%s-%05d-%x", "id", 42, 0xabc);
	check(__LINE__, "sprintf", buf, r, "id-00042-abc");
	r = my_vsnprintf(buf, sizeof(buf), "%d/%d", 3, 4);
	check(__LINE__, "vsnprintf", buf, r, "3/4");
	r = my_vsnprintf(buf, 3, "%d/%d", 3, 4);
	check(__LINE__, "vsnprintf truncated", buf, r == 3 ? 2 : -1, "3/");
	/* Printing to stdout returns the count too. */
	r = printf("printf_test: %s\n", "printing to stdout");
	if (r != 32)
		fail_int(__LINE__, "printf return", r, 32);
	r = fprintf(stderr, "printf_test: %s\n", "printing to stderr");
	if (r != 32)
		fail_int(__LINE__, "fprintf(stderr) return", r, 32);
	checks += 2;
}

int
main(int argc, char **argv)
{
	test_integers();
	test_flags_width_precision();
	test_strings_chars_pointers();
	test_truncation();
	test_sprintf_and_v();
	printf("printf_test: %d checks\n", checks);
	UT_DONE("printf_test");
}
