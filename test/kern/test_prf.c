/*
 * Tests of kernel printf formatting and the shared string functions.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/test.h>

static void
test_ksnprintf_formats(void)
{
	char buf[64];

	ksnprintf(buf, sizeof(buf), "%d %i %u", -42, 7, 4000000000u);
	T_STREQ(buf, "-42 7 4000000000");
	ksnprintf(buf, sizeof(buf), "%x %X %o %p", 0xbeef, 0xbeef, 8,
	    (void *)0xc0100000);
	T_STREQ(buf, "beef BEEF 10 0xc0100000");
	ksnprintf(buf, sizeof(buf), "[%5d|%-5d|%05d|%.3d]", 42, 42, -42, 7);
	T_STREQ(buf, "[   42|42   |-0042|007]");
	ksnprintf(buf, sizeof(buf), "%lld %llu %llx", -5000000000LL,
	    18446744073709551615ULL, 0x123456789abcdefULL);
	T_STREQ(buf, "-5000000000 18446744073709551615 123456789abcdef");
	ksnprintf(buf, sizeof(buf), "%s|%6s|%-6s|%.2s|%c%%", "ab", "ab",
	    "ab", "abcdef", 'z');
	T_STREQ(buf, "ab|    ab|ab    |ab|z%");
	{
		const char *volatile nullstr = NULL;

		ksnprintf(buf, sizeof(buf), "%s %*d", nullstr, 4, 1);
	}
	T_STREQ(buf, "(null)    1");
}
DEFINE_TEST(prf_formats, "ksnprintf handles the usual formats", test_ksnprintf_formats);

static void
test_ksnprintf_truncates(void)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = ksnprintf(buf, sizeof(buf), "hello, world");
	T_EQ(n, 12);
	T_STREQ(buf, "hello, ");
	n = ksnprintf(buf, 1, "abc");
	T_EQ(n, 3);
	T_EQ(buf[0], '\0');
}
DEFINE_TEST(prf_truncate, "ksnprintf truncates and terminates", test_ksnprintf_truncates);

static void
test_string_functions(void)
{
	char a[32], b[32];
	size_t i;

	for (i = 0; i < sizeof(a); i++)
		a[i] = (char)i;
	/* memcpy with every length and alignment of the tail */
	for (i = 0; i < 13; i++) {
		memset(b, 0x55, sizeof(b));
		T_EQ(memcpy(b + 1, a, i), b + 1);
		T_EQ(memcmp(b + 1, a, i), 0);
		T_EQ((uint8_t)b[1 + i], 0x55);
	}
	memset(b, 0xab, 11);
	T_EQ((uint8_t)b[10], 0xab);
	/* overlapping memmove both ways */
	memcpy(b, "0123456789", 11);
	memmove(b + 2, b, 5);
	T_STREQ(b, "0101234789");
	memcpy(b, "0123456789", 11);
	memmove(b, b + 3, 5);
	T_STREQ(b, "3456756789");
	T_EQ(strlen("damselfly"), 9);
	T_LT(strcmp("abc", "abd"), 0);
	T_GT(strcmp("b", "abc"), 0);
	T_EQ(strncmp("abcx", "abcy", 3), 0);
	T_EQ(strlcpy(b, "truncated", 5), 9);
	T_STREQ(b, "trun");
	T_EQ(strchr("hello", 'l') - "hello", 2);
	T_ASSERT(strchr("hello", 'z') == NULL);
}
DEFINE_TEST(string_funcs, "libc string functions shared with the kernel", test_string_functions);
