/*
 * test_drvif.c - the kernel's implementation of the driver interface
 * (sys/sys/drvif.h, sys/kern/kern_drvif.c): the calls with state of
 * their own.  The inline ones are the kernel's calls under another name,
 * exercised by every device test through the drivers that use them.
 *
 *   drv_dma_alloc   whole pages, zeroed, physically contiguous: the CPU's
 *                   address is the direct map of the device's, page by
 *                   page; drv_dma_free gives the pages back.
 *   drv_timer       an expiry is a message of the timer's command on the
 *                   driver's port, carrying the tag it was armed with; a
 *                   stopped timer sends nothing; rearmed before it fires,
 *                   only the last arming counts; while its message is
 *                   out (not replied) it is not sent again, but the tag
 *                   it fired with is still recorded.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/msgport.h>
#include <sys/drvif.h>
#include <sys/test.h>
#include <vm/vm_page.h>
#include <machine/pmap.h>

#define DRVT_CMD	0x7301

static void
test_drvif_dma(void)
{
	struct drv_dma dd = { 0 };
	long free0 = (long)vm_page_free_count();
	size_t i;
	int p;

	T_EQ(drv_dma_alloc(&dd, 2 * PAGE_SIZE + 1, DRV_DMA_ZERO), 0);
	T_EQ(dd.dd_size, 3 * PAGE_SIZE);
	T_EQ(dd.dd_pa & PAGE_MASK, 0);
	for (p = 0; p < 3; p++)
		T_EQ(pmap_kextract((vm_offset_t)dd.dd_va + p * PAGE_SIZE),
		    dd.dd_pa + p * PAGE_SIZE);
	for (i = 0; i < dd.dd_size; i++)
		if (((unsigned char *)dd.dd_va)[i] != 0)
			break;
	T_EQ(i, dd.dd_size);
	T_EQ((long)vm_page_free_count(), free0 - 3);
	drv_dma_free(&dd);
	T_EQ((long)vm_page_free_count(), free0);
	T_EQ(dd.dd_va, NULL);
	drv_dma_free(&dd);			/* twice: nothing */
	T_EQ(drv_dma_alloc(&dd, 0, 0), EINVAL);
}
DEFINE_TEST(drvif_dma, "drv_dma_alloc: whole zeroed pages, contiguous, "
    "both addresses; drv_dma_free gives them back", test_drvif_dma);

static void
test_drvif_timer(void)
{
	static struct drv_timer t;
	static struct lwkt_port port;
	lwkt_msg_t m;
	int i;

	lwkt_initport_thread(&port, curthread);
	drv_timer_init(&t, &port, DRVT_CMD, &t);
	T_ASSERT(!drv_timer_pending(&t));

	/* Armed, rearmed: one message, the last tag. */
	drv_timer_arm(&t, 1000, 1);
	T_ASSERT(drv_timer_pending(&t));
	drv_timer_arm(&t, 2, 2);
	m = lwkt_waitport(&port, 0);
	T_EQ(m, &t.dt_msg);
	T_EQ(m->ms_cmd, DRVT_CMD);
	T_EQ(t.dt_fired, 2);
	T_EQ(((struct drv_timer *)m)->dt_arg, &t);
	T_ASSERT(!drv_timer_pending(&t));

	/* Not replied: fires again (tag noted) but is not sent again. */
	drv_timer_arm(&t, 1, 3);
	for (i = 0; i < 20 && t.dt_fired != 3; i++)
		tsleep(&t, 0, "drvt", 1);
	T_EQ(t.dt_fired, 3);
	T_EQ(lwkt_getport(&port), NULL);
	drv_reply(&t.dt_msg, 0);

	/* Stopped: nothing arrives. */
	drv_timer_arm(&t, 2, 4);
	drv_timer_stop(&t);
	T_ASSERT(!drv_timer_pending(&t));
	tsleep(&t, 0, "drvt", 5);
	T_EQ(lwkt_getport(&port), NULL);
	T_EQ(t.dt_fired, 3);
}
DEFINE_TEST(drvif_timer, "drv_timer: an expiry is a message with the tag "
    "of the last arming; stopped sends nothing; not resent while out",
    test_drvif_timer);
