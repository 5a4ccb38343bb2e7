/*
 * sys/test.h - in-kernel tests.
 *
 * A test is one function registered with one line:
 *
 *   static void test_foo(void) { T_EQ(foo(2), 4); }
 *   DEFINE_TEST(foo_doubles, "foo() doubles its argument", test_foo);
 *
 * DEFINE_TEST puts a pointer in the "set_tests" linker section; booting
 * with the word "tests" on the command line runs every registered test,
 * each in a fresh kernel thread, in link order ("tests=NAME" runs one;
 * DEFINE_TEST_MANUAL tests run only that way).  A T_* assertion that
 * fails prints both values with file and line, marks the test failed and
 * returns from the test function.  After each test the runner checks that
 * free pages, kernel memory and threads are back where they were.
 */
#ifndef _SYS_TEST_H_
#define _SYS_TEST_H_

#include <sys/types.h>

struct ktest {
	const char	*kt_name;	/* short name printed on PASS/FAIL */
	const char	*kt_desc;	/* what the test shows */
	void		(*kt_fn)(void);	/* the test */
	int		kt_flags;	/* KT_* */
};

#define KT_MANUAL	0x0001	/* runs only when named: tests=NAME */

#define DEFINE_TEST(name, desc, fn)	DEFINE_TEST_FLAGS(name, desc, fn, 0)
#define DEFINE_TEST_MANUAL(name, desc, fn)				\
	DEFINE_TEST_FLAGS(name, desc, fn, KT_MANUAL)
#define DEFINE_TEST_FLAGS(name, desc, fn, flags)			\
	static const struct ktest __ktest_##name = { #name, desc, fn, flags }; \
	static const struct ktest *__ktestp_##name			\
	    __attribute__((__section__("set_tests"), __used__)) =	\
	    &__ktest_##name

void	ktest_fail(const char *file, int line, const char *fmt, ...)
	    __printflike(3, 4);
int	ktest_run_all(const char *only);

#define T_ASSERT(e) do {						\
	if (!(e)) {							\
		ktest_fail(__FILE__, __LINE__, "assertion failed: %s", #e); \
		return;							\
	}								\
} while (0)

/* Operands may be integers or pointers; both become long long. */
#define T_VAL(x)							\
	__builtin_choose_expr(__builtin_classify_type(x) == 5,		\
	    (long long)(uintptr_t)(x), (long long)(x))
#define T_CMP(a, op, b) do {						\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wpointer-to-int-cast\"")	\
	long long _ta = T_VAL(a), _tb = T_VAL(b);			\
	_Pragma("GCC diagnostic pop")					\
	if (!(_ta op _tb)) {						\
		ktest_fail(__FILE__, __LINE__,				\
		    "%s %s %s: %lld (0x%llx) vs %lld (0x%llx)",		\
		    #a, #op, #b, _ta, _ta, _tb, _tb);			\
		return;							\
	}								\
} while (0)

#define T_EQ(a, b)	T_CMP(a, ==, b)
#define T_NE(a, b)	T_CMP(a, !=, b)
#define T_LT(a, b)	T_CMP(a, <, b)
#define T_LE(a, b)	T_CMP(a, <=, b)
#define T_GT(a, b)	T_CMP(a, >, b)
#define T_GE(a, b)	T_CMP(a, >=, b)

#define T_STREQ(a, b) do {						\
	const char *_sa = (a), *_sb = (b);				\
	if (strcmp(_sa, _sb) != 0) {					\
		ktest_fail(__FILE__, __LINE__, "%s == %s: \"%s\" vs \"%s\"", \
		    #a, #b, _sa, _sb);					\
		return;							\
	}								\
} while (0)

/* Benchmarks: same registration, run with "bench" on the command line. */
struct kbench {
	const char	*kb_name;
	void		(*kb_fn)(void);
};

#define DEFINE_BENCH(name, fn)						\
	static const struct kbench __kbench_##name = { #name, fn };	\
	static const struct kbench *__kbenchp_##name			\
	    __attribute__((__section__("set_bench"), __used__)) =	\
	    &__kbench_##name

void	kbench_report(const char *name, uint64_t value, const char *unit);
int	kbench_run_all(void);

#endif
