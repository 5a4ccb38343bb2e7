/*
 * kern_test.c - the in-kernel test and benchmark runner.
 *
 * ktest_run_all() runs every DEFINE_TEST (see sys/test.h) in its own
 * kernel thread and waits for it, with a time limit.  Around each test it
 * compares free pages, kernel memory in use and live threads: a test that
 * leaves any of them changed fails with a "leak" line, whether or not its
 * own assertions passed.  It prints one line per test and finally
 * "N passed, M failed", which the host harness (test/qemu-check.sh)
 * parses.
 *
 * kbench_run_all() runs every DEFINE_BENCH the same way; benchmarks
 * report figures with kbench_report() as "BENCH name value unit".
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/malloc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/test.h>
#include <vm/vm_page.h>

#define KTEST_TIMEOUT_SEC	30

extern const struct ktest *__start_set_tests[], *__stop_set_tests[];
extern const struct kbench *__start_set_bench[], *__stop_set_bench[];

static volatile bool ktest_failed_flag;

/* Record a failure of the running test and print where and why. */
void
ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	ktest_failed_flag = true;
	kprintf("    %s:%d: ", file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
}

struct ktest_job {
	void		(*kj_fn)(void);
	volatile bool	kj_done;
};

static void
ktest_job_thread(void *arg)
{
	struct ktest_job *job = arg;

	job->kj_fn();
	crit_enter();
	job->kj_done = true;
	wakeup(job);
	crit_exit();
}

/* Run fn in a new thread and wait for it; false if it timed out. */
static bool
ktest_run_in_thread(void (*fn)(void), const char *name)
{
	struct ktest_job job = { fn, false };
	uint64_t deadline = ticks + (uint64_t)KTEST_TIMEOUT_SEC * hz;

	lwkt_create(ktest_job_thread, &job, TDPRI_KERN, name);
	crit_enter();
	while (!job.kj_done && ticks < deadline)
		tsleep(&job, 0, "ktest", hz);
	crit_exit();
	/* The job thread has exited; let the CPU reap it. */
	lwkt_yield();
	return (job.kj_done);
}

struct ktest_snapshot {
	vm_pindex_t	free_pages;
	size_t		kmem;
	int		threads;
};

static void
ktest_snapshot(struct ktest_snapshot *s)
{
	s->free_pages = vm_page_free_count();
	s->kmem = kmalloc_total_inuse();
	s->threads = lwkt_thread_count();
}

int
ktest_run_all(const char *only)
{
	const struct ktest **tp;
	int passed = 0, failed = 0;

	kprintf("ktest: running %s\n", only != NULL ? only : "all tests");
	for (tp = __start_set_tests; tp < __stop_set_tests; tp++) {
		const struct ktest *kt = *tp;
		struct ktest_snapshot before, after;

		if (only != NULL ? strcmp(only, kt->kt_name) != 0 :
		    (kt->kt_flags & KT_MANUAL) != 0)
			continue;
		ktest_failed_flag = false;
		ktest_snapshot(&before);
		if (!ktest_run_in_thread(kt->kt_fn, kt->kt_name)) {
			kprintf("FAIL %s: did not finish in %d s\n",
			    kt->kt_name, KTEST_TIMEOUT_SEC);
			failed++;
			break;		/* its thread may still hold things */
		}
		ktest_snapshot(&after);
		/* A leak is reported whether or not the test failed too. */
		if (before.free_pages != after.free_pages ||
		    before.kmem != after.kmem || before.threads != after.threads) {
			ktest_fail(__FILE__, __LINE__, "leak: free pages %u -> %u, "
			    "kernel memory %u -> %u bytes, threads %d -> %d",
			    (unsigned)before.free_pages, (unsigned)after.free_pages,
			    (unsigned)before.kmem, (unsigned)after.kmem,
			    before.threads, after.threads);
		}
		if (ktest_failed_flag) {
			kprintf("FAIL %s - %s\n", kt->kt_name, kt->kt_desc);
			failed++;
		} else {
			kprintf("PASS %s - %s\n", kt->kt_name, kt->kt_desc);
			passed++;
		}
	}
	if (passed + failed == 0) {
		kprintf("ktest: no test matches \"%s\"\n", only);
		failed = 1;
	}
	kprintf("%d passed, %d failed\n", passed, failed);
	return (failed);
}

/* Print one benchmark figure in the format `make bench` collects. */
void
kbench_report(const char *name, uint64_t value, const char *unit)
{
	kprintf("BENCH %s %llu %s\n", name, (unsigned long long)value, unit);
}

int
kbench_run_all(void)
{
	const struct kbench **bp;
	int failed = 0;

	for (bp = __start_set_bench; bp < __stop_set_bench; bp++) {
		if (!ktest_run_in_thread((*bp)->kb_fn, (*bp)->kb_name)) {
			kprintf("bench %s did not finish\n", (*bp)->kb_name);
			failed++;
		}
	}
	return (failed);
}
