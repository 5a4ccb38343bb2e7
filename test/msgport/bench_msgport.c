/*
 * Benchmarks of the message layer, in guest instructions per operation
 * when QEMU runs with -icount shift=0 (the TSC then counts instructions).
 *
 *   msg_pingpong_threads  lwkt_domsg round trip to another thread's port:
 *                         queue, two thread switches, reply
 *   msg_sync_fastpath     lwkt_domsg to a port that completes the request
 *                         inside putport: a function call
 *   msg_sync_baseline     the same work as a direct function call, so
 *                         the layer's own cost is the difference
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/msgport.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/test.h>
#include <machine/cpufunc.h>
#include "msgtest.h"

#define BENCH_ITERS	10000

static void
bench_pingpong(void)
{
	struct tserver ts;
	struct tmsg tm;
	uint64_t t0, t1;
	int i;

	tserver_start(&ts, TDPRI_KERN, "b-pong");
	tmsg_init(&tm, &curthread->td_msgport, TCMD_ECHO, 0);
	lwkt_domsg(ts.ts_port, &tm.tm_msg, 0);		/* warm up */
	t0 = rdtsc();
	for (i = 0; i < BENCH_ITERS; i++)
		lwkt_domsg(ts.ts_port, &tm.tm_msg, 0);
	t1 = rdtsc();
	kbench_report("msg_pingpong_threads", (t1 - t0) / BENCH_ITERS,
	    "instr/op");
	tserver_stop(&ts);
}
DEFINE_BENCH(msg_pingpong_threads, bench_pingpong);

static int
bench_dispatch(lwkt_port_t port, lwkt_msg_t msg)
{
	msg->ms_result = ((struct tmsg *)msg)->tm_arg + 1;
	return (0);
}

static int __attribute__((__noinline__))
bench_direct(struct tmsg *tm)
{
	tm->tm_msg.ms_result = tm->tm_arg + 1;
	return (0);
}

static void
bench_fastpath(void)
{
	struct lwkt_port port;
	struct tmsg tm;
	uint64_t t0, t1, t2;
	int i;

	lwkt_initport_dispatch(&port, bench_dispatch, NULL);
	tmsg_init(&tm, &curthread->td_msgport, 0, 0);
	t0 = rdtsc();
	for (i = 0; i < BENCH_ITERS; i++)
		lwkt_domsg(&port, &tm.tm_msg, 0);
	t1 = rdtsc();
	for (i = 0; i < BENCH_ITERS; i++)
		bench_direct(&tm);
	t2 = rdtsc();
	kbench_report("msg_sync_fastpath", (t1 - t0) / BENCH_ITERS, "instr/op");
	kbench_report("msg_sync_baseline", (t2 - t1) / BENCH_ITERS, "instr/op");
}
DEFINE_BENCH(msg_sync_fastpath, bench_fastpath);
