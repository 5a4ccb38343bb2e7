/*
 * utest.h - assertions for user test programs.  A failed check prints
 * the expression, both values and the line, and counts a failure;
 * UT_DONE() prints a summary and returns the failure count from main.
 */
#ifndef _UTEST_H_
#define _UTEST_H_

#include <stdio.h>

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

#define UT_DONE(name) do {						\
	printf("%s: %s (%d failures)\n", name,				\
	    ut_failures ? "FAILED" : "ok", ut_failures);		\
	return (ut_failures);						\
} while (0)

#endif
