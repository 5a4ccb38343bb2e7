/*
 * test_uio.c - the physical walk of a buffer (sys/sys/uio.h:
 * uio_physiter_init, uio_physnext, uio_physnextv), which DMA drivers
 * and the port agent's DSF_PHYSIO receive (kern_agentdata.c) make.
 *
 *   uio_physnextv  gives, many a call, exactly the pieces uio_physnext
 *                  gives one a call: for a UIO_VMOBJECT buffer entered
 *                  part way into an entry and left part way into
 *                  another (each entry's page, offset and length), and
 *                  for a kernel buffer across pages; it stops at max
 *                  pieces and goes on from there, and at the walk's
 *                  end returns fewer (0 once done).
 *   uio_physiter_advance  leaves the uio where uio_advance over the
 *                  walked bytes does: ending inside an entry and at an
 *                  entry's end, and for a kernel buffer.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/uio.h>
#include <sys/test.h>
#include <vm/vm_page.h>

#define WALKMAX	8

/* Walk n bytes of uio both ways, the batch max pieces a call: the same
 * want pieces. */
static void
uio_walk_both(const struct uio *uio, size_t n, int max, int want)
{
	struct uio_physiter a, b;
	struct uio_physseg one[WALKMAX], many[WALKMAX];
	vm_paddr_t pa;
	size_t len;
	int i, k, na = 0, nb = 0;

	uio_physiter_init(&a, uio, n);
	while (na < WALKMAX && (len = uio_physnext(&a, &pa)) > 0) {
		one[na].ps_pa = pa;
		one[na++].ps_len = (uint32_t)len;
	}
	uio_physiter_init(&b, uio, n);
	while (nb < WALKMAX && (k = uio_physnextv(&b, many + nb,
	    MIN(max, WALKMAX - nb))) > 0) {
		T_ASSERT(k <= max);
		nb += k;
	}
	T_EQ(na, want);
	T_EQ(nb, na);
	T_EQ(b.upi_left, 0);
	T_EQ(uio_physnextv(&b, many, max), 0);
	for (i = 0; i < na; i++) {
		T_EQ(many[i].ps_pa, one[i].ps_pa);
		T_EQ(many[i].ps_len, one[i].ps_len);
		T_ASSERT(one[i].ps_len <= PAGE_SIZE - (one[i].ps_pa & PAGE_MASK));
	}
}

/* uio advanced over n bytes both ways: the same place. */
static void
uio_advance_both(const struct uio *uio, size_t n)
{
	struct uio a = *uio, b = *uio;
	struct uio_physseg seg[WALKMAX];
	struct uio_physiter it;

	uio_advance(&a, n);
	uio_physiter_init(&it, &b, n);
	(void)uio_physnextv(&it, seg, WALKMAX);
	T_EQ(it.upi_left, 0);
	uio_physiter_advance(&b, &it, n);
	T_EQ(b.uio_resid, a.uio_resid);
	T_EQ(b.uio_offset, a.uio_offset);
	T_EQ(b.uio_buf, a.uio_buf);
	T_EQ(b.uio_vmidx, a.uio_vmidx);
	T_EQ(b.uio_vmskip, a.uio_vmskip);
}

static void
test_uio_physnextv(void)
{
	static char kbuf[3 * PAGE_SIZE];
	struct vm_iovec vi[3];
	struct uio uio;
	int max;

	/* Pages of the page array, only walked (nothing is touched). */
	memset(vi, 0, sizeof(vi));
	memset(&uio, 0, sizeof(uio));
	vi[0].vi_page = PHYS_TO_VM_PAGE(0x100000);
	vi[0].vi_pgoff = 100;
	vi[0].vi_len = PAGE_SIZE - 100;
	vi[1].vi_page = PHYS_TO_VM_PAGE(0x305000);
	vi[1].vi_len = PAGE_SIZE;
	vi[2].vi_page = PHYS_TO_VM_PAGE(0x102000);
	vi[2].vi_len = 600;
	uio.uio_segflg = UIO_VMOBJECT;
	uio.uio_vmiov = vi;
	uio.uio_vmcnt = 3;
	uio.uio_vmidx = 0;
	uio.uio_vmskip = 50;
	uio.uio_resid = vi[0].vi_len - 50 + PAGE_SIZE + 600;
	for (max = 1; max <= 4; max++) {
		uio_walk_both(&uio, uio.uio_resid, max, 3);
		uio_walk_both(&uio, uio.uio_resid - 300, max, 3);
		uio_walk_both(&uio, 10, max, 1);
	}
	/* The pieces themselves: each entry's page, offset and length,
	 * the first entered at its skip, the last cut at the walk's end. */
	{
		struct uio_physiter it;
		struct uio_physseg ps[4];

		uio_physiter_init(&it, &uio, uio.uio_resid - 300);
		T_EQ(uio_physnextv(&it, ps, 4), 3);
		T_EQ(ps[0].ps_pa, 0x100000 + 100 + 50);
		T_EQ(ps[0].ps_len, PAGE_SIZE - 150);
		T_EQ(ps[1].ps_pa, 0x305000);
		T_EQ(ps[1].ps_len, PAGE_SIZE);
		T_EQ(ps[2].ps_pa, 0x102000);
		T_EQ(ps[2].ps_len, 300);
		T_EQ(it.upi_idx, 2);
		T_EQ(it.upi_skip, 300);
		T_EQ(it.upi_left, 0);
	}
	uio_advance_both(&uio, uio.uio_resid);
	uio_advance_both(&uio, uio.uio_resid - 300);
	uio_advance_both(&uio, vi[0].vi_len - 50);
	uio_advance_both(&uio, 10);

	uio_init(&uio, kbuf + 10, sizeof(kbuf) - 20, 0, UIO_SYSSPACE,
	    UIO_READ);
	for (max = 1; max <= 4; max++)
		uio_walk_both(&uio, uio.uio_resid, max,
		    ((uintptr_t)kbuf & PAGE_MASK) + sizeof(kbuf) - 10 >
		    3 * PAGE_SIZE ? 4 : 3);
	uio_advance_both(&uio, uio.uio_resid - 5);
}
DEFINE_TEST(uio_physnextv, "uio_physnextv: uio_physnext's pieces, many "
    "a call; uio_physiter_advance: where uio_advance goes", test_uio_physnextv);
