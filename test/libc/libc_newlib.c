/*
 * libc_newlib - the C library beneath our system-call layer (newlib):
 * floating-point formatting and parsing over hard cases, libm, stdio on
 * files, time conversion past 2038, setjmp/longjmp, getopt, qsort and
 * bsearch, the environment, and the exec family's PATH search.  Each
 * expected value is exact (the C standard or IEEE 754 fixes it).
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

/* printf %.17g then strtod gives the same double back, bit for bit;
 * and each prints as the exact text given. */
static const struct {
	double		d;
	const char	*g17;		/* "%.17g" */
} fp_cases[] = {
	{ 0.1,			"0.10000000000000001" },
	{ 1e23,			"9.9999999999999992e+22" },
	{ DBL_MAX,		"1.7976931348623157e+308" },
	{ DBL_MIN,		"2.2250738585072014e-308" },
	{ 4.9406564584124654e-324, "4.9406564584124654e-324" }, /* smallest subnormal */
	{ 2.2250738585072009e-308, "2.2250738585072009e-308" }, /* largest subnormal */
	{ 9007199254740993.0,	"9007199254740992" },	/* 2^53+1 rounds to even */
	{ -0.0,			"-0" },
	{ 123456789.125,	"123456789.125" },
};

static void
test_float_io(void)
{
	char buf[64];
	double back;
	size_t i;

	for (i = 0; i < sizeof(fp_cases) / sizeof(fp_cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%.17g", fp_cases[i].d);
		UT_STREQ(buf, fp_cases[i].g17);
		back = strtod(buf, NULL);
		UT_TRUE(memcmp(&back, &fp_cases[i].d, sizeof(back)) == 0);
	}
	/* Halfway cases: round half to even, in decimal and from text. */
	snprintf(buf, sizeof(buf), "%.0f %.0f %.0f %.1f", 0.5, 1.5, 2.5, 0.25);
	UT_STREQ(buf, "0 2 2 0.2");
	UT_TRUE(strtod("9007199254740993", NULL) == 9007199254740992.0);
	UT_TRUE(strtod("9007199254740995", NULL) == 9007199254740996.0);
	/* Extremes: overflow to infinity with ERANGE, underflow to 0. */
	errno = 0;
	UT_TRUE(isinf(strtod("1e309", NULL)));
	UT_EQ(errno, ERANGE);
	UT_TRUE(strtod("1e-400", NULL) == 0.0);
	/* %a: hexadecimal floating point, both ways. */
	snprintf(buf, sizeof(buf), "%a", 1.0);
	UT_STREQ(buf, "0x1p+0");
	snprintf(buf, sizeof(buf), "%a", 0.1);
	UT_STREQ(buf, "0x1.999999999999ap-4");
	UT_TRUE(strtod("0x1.8p1", NULL) == 3.0);
	snprintf(buf, sizeof(buf), "%e|%f|%g|%10.3f|%-8.2e|", 12345.678, -1.5,
	    1e-5, 3.14159, 2.5e10);
	UT_STREQ(buf, "1.234568e+04|-1.500000|1e-05|     3.142|2.50e+10|");
	snprintf(buf, sizeof(buf), "%f %F %g", HUGE_VAL, -HUGE_VAL, NAN);
	UT_STREQ(buf, "inf -INF nan");
	/* The old printf's flaw: an argument after a conversion is where
	 * it belongs. */
	snprintf(buf, sizeof(buf), "%lld %s %.2f %d", -5LL, "x", 2.0, 7);
	UT_STREQ(buf, "-5 x 2.00 7");
	{
		double a; int n; char w[8];
		UT_EQ(sscanf("3.25 17 word", "%lf %d %7s", &a, &n, w), 3);
		UT_TRUE(a == 3.25);
		UT_EQ(n, 17);
		UT_STREQ(w, "word");
	}
}

static void
test_math(void)
{
	UT_TRUE(sqrt(2.0) == 1.4142135623730951);
	UT_TRUE(fabs(sin(M_PI / 6) - 0.5) < 1e-15);
	UT_TRUE(fabs(cos(M_PI) + 1.0) < 1e-15);
	UT_TRUE(exp(0.0) == 1.0);
	UT_TRUE(fabs(exp(1.0) - M_E) < 1e-15);
	UT_TRUE(log(1.0) == 0.0);
	UT_TRUE(fabs(log(M_E) - 1.0) < 1e-15);
	UT_TRUE(pow(2.0, 10.0) == 1024.0);
	UT_TRUE(pow(2.0, -1074.0) == 4.9406564584124654e-324);
	UT_TRUE(fabs(atan2(1.0, 1.0) - M_PI / 4) < 1e-15);
	UT_TRUE(floor(-2.5) == -3.0 && ceil(-2.5) == -2.0);
	UT_TRUE(round(2.5) == 3.0 && rint(2.5) == 2.0 && trunc(-2.7) == -2.0);
	UT_TRUE(fmod(10.0, 3.0) == 1.0);
	UT_TRUE(ldexp(1.0, 10) == 1024.0);
	UT_TRUE(isnan(sqrt(-1.0)));
	UT_TRUE(hypot(3.0, 4.0) == 5.0);
}

static void
test_stdio_files(void)
{
	const char *path = "/tmp/libc_newlib.txt";
	char line[64], *lp = NULL;
	size_t cap = 0;
	FILE *f, *g;
	int c;

	UT_TRUE((f = fopen(path, "w+")) != NULL);
	UT_EQ(setvbuf(f, NULL, _IOFBF, 16), 0);
	UT_TRUE(fprintf(f, "alpha\nbeta\ngamma\n") == 17);
	UT_EQ(ftell(f), 17);
	UT_EQ(fseek(f, 6, SEEK_SET), 0);
	UT_EQ(fgetc(f), 'b');
	UT_EQ(ungetc('B', f), 'B');
	UT_TRUE(fgets(line, sizeof(line), f) != NULL);
	UT_STREQ(line, "Beta\n");
	UT_EQ(ftell(f), 11);
	rewind(f);
	UT_EQ(getline(&lp, &cap, f), 6);
	UT_STREQ(lp, "alpha\n");
	free(lp);
	UT_EQ(fseek(f, 0, SEEK_END), 0);
	UT_EQ(ftell(f), 17);
	UT_EQ(fclose(f), 0);

	/* fflush(NULL) writes out every stream's buffer. */
	UT_TRUE((f = fopen(path, "w")) != NULL);
	UT_TRUE((g = fopen("/tmp/libc_newlib2.txt", "w")) != NULL);
	UT_EQ(setvbuf(f, NULL, _IOFBF, 256), 0);
	UT_EQ(setvbuf(g, NULL, _IOLBF, 256), 0);
	fputs("one", f);
	fputs("two", g);
	UT_EQ(fflush(NULL), 0);
	{
		FILE *r = fopen(path, "r");
		FILE *s = fopen("/tmp/libc_newlib2.txt", "r");

		UT_TRUE(r != NULL && s != NULL);
		UT_TRUE(fgets(line, sizeof(line), r) != NULL);
		UT_STREQ(line, "one");
		UT_TRUE(fgets(line, sizeof(line), s) != NULL);
		UT_STREQ(line, "two");
		fclose(r);
		fclose(s);
	}
	fclose(f);
	fclose(g);
	/* Unbuffered: each byte is in the file at once. */
	UT_TRUE((f = fopen(path, "w")) != NULL);
	UT_EQ(setvbuf(f, NULL, _IONBF, 0), 0);
	fputc('z', f);
	g = fopen(path, "r");
	UT_TRUE(g != NULL);
	UT_EQ((c = fgetc(g)), 'z');
	fclose(g);
	fclose(f);
	UT_TRUE(fopen("/nonexistent/x", "r") == NULL);
	UT_EQ(errno, ENOENT);
	unlink(path);
	unlink("/tmp/libc_newlib2.txt");
}

static void
test_time(void)
{
	struct tm tm, *t;
	char buf[64];
	time_t when;

	when = 0;
	t = gmtime(&when);
	UT_EQ(t->tm_year, 70);
	UT_EQ(t->tm_wday, 4);				/* a Thursday */
	when = 2147483648LL;				/* one past 2^31 - 1 */
	t = gmtime(&when);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a", t);
	UT_STREQ(buf, "2038-01-19 03:14:08 Tue");
	when = 4102444800LL;				/* 2100-01-01 */
	t = gmtime(&when);
	UT_EQ(t->tm_year, 200);
	UT_EQ(t->tm_yday, 0);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 2040 - 1900;
	tm.tm_mon = 1;					/* February 29th */
	tm.tm_mday = 29;
	tm.tm_hour = 12;
	tm.tm_isdst = 0;
	setenv("TZ", "UTC0", 1);
	tzset();
	when = mktime(&tm);
	UT_TRUE(when == 2214129600LL);
	UT_EQ(tm.tm_wday, 3);				/* a Wednesday */
	UT_TRUE(sizeof(time_t) == 8);
	UT_TRUE(time(NULL) > 1600000000);		/* the CMOS clock */
}

static jmp_buf jb;
static int depth;

static void
dive(int n)
{
	volatile double local = n * 1.5;

	depth = n;
	if (n == 10)
		longjmp(jb, (int)local);
	if (n < 100)
		dive(n + 1);
}

static void
test_setjmp(void)
{
	volatile int pass = 0;
	int r;

	r = setjmp(jb);
	pass++;
	if (r == 0)
		dive(0);
	UT_EQ(r, 15);
	UT_EQ(depth, 10);
	UT_EQ(pass, 2);
}

static void
test_getopt(void)
{
	char *argv[] = { "prog", "-a", "-b", "val", "-cfile", "rest", NULL };
	int c, a = 0;
	const char *b = NULL, *cc = NULL;

	optind = 1;
	opterr = 0;
	while ((c = getopt(6, argv, "ab:c:")) != -1) {
		if (c == 'a')
			a = 1;
		else if (c == 'b')
			b = optarg;
		else if (c == 'c')
			cc = optarg;
	}
	UT_EQ(a, 1);
	UT_STREQ(b, "val");
	UT_STREQ(cc, "file");
	UT_EQ(optind, 5);
	UT_STREQ(argv[optind], "rest");
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return ((x > y) - (x < y));
}

static void
test_sort(void)
{
	int v[200], i, key, *hit;

	for (i = 0; i < 200; i++)
		v[i] = (i * 7919) % 200;		/* a permutation */
	qsort(v, 200, sizeof(v[0]), cmp_int);
	for (i = 0; i < 200; i++)
		UT_EQ(v[i], i);
	key = 123;
	hit = bsearch(&key, v, 200, sizeof(v[0]), cmp_int);
	UT_TRUE(hit == &v[123]);
	key = 500;
	UT_TRUE(bsearch(&key, v, 200, sizeof(v[0]), cmp_int) == NULL);
}

static void
test_environment(void)
{
	int status;
	pid_t pid;

	/* init's default, passed on by the runner. */
	UT_STREQ(getenv("PATH"), "/bin");
	UT_STREQ(getenv("HOME"), "/");
	UT_TRUE(getenv("TERM") != NULL);
	UT_EQ(setenv("LIBC_T", "one", 0), 0);
	UT_STREQ(getenv("LIBC_T"), "one");
	UT_EQ(setenv("LIBC_T", "two", 0), 0);		/* no overwrite */
	UT_STREQ(getenv("LIBC_T"), "one");
	UT_EQ(setenv("LIBC_T", "two", 1), 0);
	UT_STREQ(getenv("LIBC_T"), "two");
	UT_EQ(putenv("LIBC_U=three"), 0);
	UT_STREQ(getenv("LIBC_U"), "three");
	UT_EQ(unsetenv("LIBC_U"), 0);
	UT_TRUE(getenv("LIBC_U") == NULL);
	UT_EQ(setenv("BAD=NAME", "x", 1), -1);
	UT_EQ(errno, EINVAL);
	/* A child sees the environment; execlp finds sh in $PATH. */
	fflush(stdout);
	if ((pid = fork()) == 0) {
		execlp("sh", "sh", "-c", "test_env_child", (char *)NULL);
		_exit(99);
	}
	UT_TRUE(pid > 0);
	UT_EQ(waitpid(pid, &status, 0), pid);
	UT_TRUE(WIFEXITED(status));
	UT_EQ(WEXITSTATUS(status), 127);		/* sh ran: no such command */
	/* system() and popen() run /bin/sh -c.  newlib's system() returns
	 * the exit code itself, not a wait status. */
	UT_EQ(system("exit 3"), 3);
	{
		FILE *p = popen("echo $LIBC_T", "r");
		char line[32];

		UT_TRUE(p != NULL);
		UT_TRUE(fgets(line, sizeof(line), p) != NULL);
		UT_STREQ(line, "two\n");
		UT_EQ(pclose(p), 0);
	}
}

int
main(void)
{
	test_float_io();
	test_math();
	test_stdio_files();
	test_time();
	test_setjmp();
	test_getopt();
	test_sort();
	test_environment();
	UT_DONE("libc_newlib");
}
