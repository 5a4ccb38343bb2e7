/*
 * utest.h - the one assertion header of the user test programs.
 *
 * A failed check prints "FAIL: file:line: expression" with both values
 * and counts a failure; a test goes on after a failure, so one run shows
 * every broken check.  UT_DONE() prints "name: ok (0 failures)" or
 * "name: FAILED (N failures)" and returns from main with 0 or with
 * UT_EXIT_FAILED: never with the count itself, which the exit status
 * would truncate to 8 bits (256 failures would read as success).
 *
 * The harness (test/init.c) runs each program of test/runlist and
 * calls any non-zero status a failure.
 *
 *	UT_EQ(a, b)	integers (compared as long long)
 *	UT_TRUE(e)	a condition
 *	UT_STREQ(a, b)	strings (NULL equals only NULL)
 *	UT_FAIL(fmt, ...)	a failure the test describes itself
 */
#ifndef _UTEST_H_
#define _UTEST_H_

#include <stdio.h>
#include <string.h>

#define UT_EXIT_FAILED	1	/* the exit status of a failed test */

static int ut_failures;

#define UT_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		printf("FAIL: %s:%d: %s == %s: %lld vs %lld\n",	\
		    __FILE__, __LINE__, #a, #b, _a, _b);		\
		ut_failures++;						\
	}								\
} while (0)

#define UT_TRUE(e) do {							\
	if (!(e)) {							\
		printf("FAIL: %s:%d: %s\n", __FILE__, __LINE__, #e);	\
		ut_failures++;						\
	}								\
} while (0)

#define UT_STREQ(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (_a == NULL || _b == NULL ? _a != _b : strcmp(_a, _b) != 0) {\
		printf("FAIL: %s:%d: %s == %s: \"%s\" vs \"%s\"\n",	\
		    __FILE__, __LINE__, #a, #b,				\
		    _a != NULL ? _a : "(null)", _b != NULL ? _b : "(null)");\
		ut_failures++;						\
	}								\
} while (0)

#define UT_FAIL(...) do {						\
	printf("FAIL: %s:%d: ", __FILE__, __LINE__);			\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	ut_failures++;							\
} while (0)

#define UT_DONE(name) do {						\
	printf("%s: %s (%d failures)\n", name,				\
	    ut_failures ? "FAILED" : "ok", ut_failures);		\
	return (ut_failures ? UT_EXIT_FAILED : 0);			\
} while (0)

#endif
