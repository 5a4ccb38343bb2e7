/*
 * test_intr.c - interrupts as messages (sys/i386/intr.c).
 *
 * The lines are fired by software (intr_trigger runs the low-level
 * handler as the hardware would, interrupts disabled) on lines no device
 * drives, and the interrupt message goes to the test thread's own port,
 * where the test plays the driver: takes the message, replies or not.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/msgport.h>
#include <sys/device.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>
#include <vm/vm_map.h>
#include <sys/agentvar.h>	/* agent_describe_intr */
#include <sys/test.h>
#include <string.h>

/* An unclaimed line other than skip (lines no QEMU device of ours
 * drives while the tests run), or -1. */
static int
free_irq(int skip)
{
	static const int cand[] = { 5, 9, 10, 11, 12, 6 };
	size_t i;

	for (i = 0; i < nitems(cand); i++) {
		if (cand[i] != skip && !intr_claimed(cand[i]))
			return (cand[i]);
	}
	return (-1);
}

static void
test_intr_msg(void)
{
	lwkt_port_t port = &curthread->td_msgport;
	struct intr_msg im;
	int cookie, irq = free_irq(-1);
	uint64_t c0;

	T_ASSERT(irq >= 0);
	T_ASSERT(intr_masked(irq));
	c0 = intr_count(irq);
	T_EQ(intr_establish(irq, port, &im, &cookie, "ktest"), 0);
	T_EQ(intr_establish(irq, port, &im, &cookie, "ktest"), EBUSY);
	T_EQ(intr_establish(2, port, &im, &cookie, "ktest"), EINVAL);
	T_EQ(intr_establish(NIRQ, port, &im, &cookie, "ktest"), EINVAL);
	T_ASSERT(!intr_masked(irq));

	/* It fires: masked, counted, the message is on our port. */
	intr_trigger(irq);
	T_ASSERT(intr_masked(irq));
	T_EQ(intr_count(irq), c0 + 1);
	T_EQ(lwkt_getport(port), &im.im_msg);
	T_EQ(im.im_msg.ms_cmd, DEV_INTR);
	T_EQ(im.im_irq, irq);
	T_EQ(im.im_arg, &cookie);

	/* It fires again while the message is out: counted, still masked,
	 * no second message. */
	intr_trigger(irq);
	T_EQ(im.im_missed, 1);
	T_ASSERT(intr_masked(irq));
	T_EQ(intr_count(irq), c0 + 2);
	T_EQ(lwkt_getport(port), NULL);
	T_EQ(intr_disestablish(irq), EBUSY);	/* the driver holds it */

	/* The reply unmasks; the next firing sends it again. */
	lwkt_replymsg(&im.im_msg, 0);
	T_ASSERT(!intr_masked(irq));
	intr_trigger(irq);
	T_EQ(lwkt_getport(port), &im.im_msg);
	T_EQ(im.im_missed, 1);
	lwkt_replymsg(&im.im_msg, 0);

	/* Inside a critical section it is only noted; the last crit_exit
	 * sends it, and the line stays masked until the reply. */
	crit_enter();
	intr_trigger(irq);
	T_ASSERT(intr_masked(irq));
	T_EQ(lwkt_getport(port), NULL);
	crit_exit();
	T_ASSERT(intr_masked(irq));
	T_EQ(lwkt_getport(port), &im.im_msg);
	lwkt_replymsg(&im.im_msg, 0);
	T_ASSERT(!intr_masked(irq));
	T_EQ(intr_count(irq), c0 + 4);

	T_EQ(intr_disestablish(irq), 0);
	T_ASSERT(intr_masked(irq));
	T_ASSERT(!intr_claimed(irq));
}
DEFINE_TEST(intr_msg, "an interrupt is a message: masked until the reply, "
    "a firing while it is out counted, deferred by a critical section",
    test_intr_msg);

static void
test_intr_stray(void)
{
	int irq = free_irq(-1);
	uint64_t c0;

	T_ASSERT(irq >= 0);
	c0 = intr_count(irq);
	intr_trigger(irq);		/* nobody claims it: no panic */
	intr_trigger(irq);
	T_EQ(intr_count(irq), c0 + 2);
	T_ASSERT(intr_masked(irq));
	T_EQ(lwkt_getport(&curthread->td_msgport), NULL);
}
DEFINE_TEST(intr_stray, "an interrupt nobody claimed is counted and its "
    "line stays masked", test_intr_stray);

static void
test_intr_noreply(void)
{
	lwkt_port_t port = &curthread->td_msgport;
	struct intr_msg ima, imb;
	int a = free_irq(-1), b = free_irq(a);
	int t0 = ticks;

	T_ASSERT(a >= 0 && b >= 0);
	T_EQ(intr_establish(a, port, &ima, NULL, "ktest-a"), 0);
	T_EQ(intr_establish(b, port, &imb, NULL, "ktest-b"), 0);
	intr_trigger(a);
	T_EQ(lwkt_getport(port), &ima.im_msg);	/* kept: never replied */
	/* The other line and the clock go on. */
	intr_trigger(b);
	T_EQ(lwkt_getport(port), &imb.im_msg);
	lwkt_replymsg(&imb.im_msg, 0);
	T_ASSERT(!intr_masked(b));
	T_ASSERT(intr_masked(a));
	tsleep(&t0, 0, "ktest", 2);
	T_GT(ticks, t0);
	intr_trigger(b);
	T_EQ(lwkt_getport(port), &imb.im_msg);
	lwkt_replymsg(&imb.im_msg, 0);
	T_ASSERT(intr_masked(a));
	T_EQ(ima.im_missed, 0);

	lwkt_replymsg(&ima.im_msg, 0);
	T_EQ(intr_disestablish(a), 0);
	T_EQ(intr_disestablish(b), 0);
}
DEFINE_TEST(intr_noreply, "a driver that never replies leaves only its own "
    "line masked", test_intr_noreply);

static void
test_intr_sysctl(void)
{
	const struct sysctl_oid *oid = sysctl_find("hw.intrcnt");
	char *buf;
	size_t len;

	T_ASSERT(oid != NULL && oid->oid_type == CTLTYPE_STRPROC);
	buf = kmalloc(SYSCTL_STRMAX, M_TEMP, M_WAITOK);
	T_EQ(oid->oid_strhandler(buf, SYSCTL_STRMAX, &len), 0);
	buf[len] = '\0';
	T_ASSERT(strstr(buf, "irq0 clock ") != NULL);
	T_ASSERT(strstr(buf, "irq4 ttyu0 ") != NULL);
	kfree(buf, M_TEMP);
}
DEFINE_TEST(intr_sysctl, "hw.intrcnt names the clock and the UART with "
    "their counts", test_intr_sysctl);

/*
 * The port agent describes an interrupt to its driver (sys/agentvar.h's
 * agent_describe_intr: ud_len is the firings missed while it was out,
 * taken from the message); a receive that cannot give the description
 * (EFAULT) gives them back (agent_undescribe_intr, kern_agent.c's
 * agent_recv_intr_undo and agent_requeue), with those counted since,
 * so the next description counts every one.
 */
static void
test_intr_agent_missed(void)
{
	lwkt_port_t port = &curthread->td_msgport;
	struct intr_msg im;
	struct udevmsg um;
	int irq = free_irq(-1);

	T_ASSERT(irq >= 0);
	T_EQ(intr_establish(irq, port, &im, NULL, "ktest"), 0);
	intr_trigger(irq);
	T_EQ(lwkt_getport(port), &im.im_msg);
	intr_trigger(irq);
	intr_trigger(irq);
	T_EQ(im.im_missed, 2);
	memset(&um, 0, sizeof(um));
	agent_describe_intr(&im.im_msg, 7, &um);
	T_EQ(um.ud_cmd, DEV_INTR);
	T_EQ(um.ud_unit, 7);
	T_EQ(um.ud_flags, irq);
	T_EQ(um.ud_len, 2);
	T_EQ(im.im_missed, 0);
	intr_trigger(irq);			/* while the copy fails */
	agent_undescribe_intr(&im.im_msg, um.ud_len);
	T_EQ(im.im_missed, 3);
	agent_describe_intr(&im.im_msg, 7, &um);
	T_EQ(um.ud_len, 3);
	T_EQ(im.im_missed, 0);
	lwkt_replymsg(&im.im_msg, 0);
	T_ASSERT(!intr_masked(irq));
	T_EQ(intr_disestablish(irq), 0);
}
DEFINE_TEST(intr_agent_missed, "an interrupt's missed firings survive a "
    "receive that could not give them (the agent's undo)",
    test_intr_agent_missed);
