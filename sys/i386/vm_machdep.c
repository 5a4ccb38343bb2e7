/*
 * vm_machdep.c - kernel stacks and the initial frame of a new thread.
 *
 * Kernel stacks live in the KSTACK region, one KSTACK_SLOT of address
 * space each.  The first page of a slot is never mapped: a thread that
 * overflows its stack touches it and takes a page fault, which cannot push
 * its frame on the same stack and becomes a double fault, which the
 * double fault task reports (trap.c).  The stack pages themselves may come
 * from high memory since they are mapped here.  There are KSTACK_NSLOTS
 * slots, so at most that many threads; kern.maxproc keeps user
 * processes below it (kern_proc.c), and kstack_alloc() reports a full
 * table (EAGAIN) or no free page (ENOMEM) rather than waiting.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <machine/frame.h>
#include <machine/cpufunc.h>
#include <machine/fpu.h>
#include <sys/proc.h>
#include <sys/devgrant.h>
#include <machine/md_var.h>

#define KSTACK_NSLOTS	((KSTACK_END - KSTACK_BASE) / KSTACK_SLOT)

CTASSERT((KSTACK_PAGES + 1) * PAGE_SIZE <= KSTACK_SLOT);

static uint32_t kstack_bitmap[KSTACK_NSLOTS / 32];	/* [c] slot in use */
static int kstack_hint;					/* [c] search start */

static void	kstack_unmap(vm_offset_t base, int npages);
static void	kstack_slot_free(int slot);

/*
 * Allocate and map a kernel stack: *stackp is its lowest address, *slotp
 * its slot.  EAGAIN when every slot is in use, ENOMEM when a page cannot
 * be had (nothing is kept then).  Never blocks: callers decide whether
 * to wait (lwkt_create) or to fail (a user fork).
 */
int
kstack_alloc(vm_offset_t *stackp, int *slotp)
{
	vm_offset_t base;
	int slot, i, n;

	crit_enter();
	for (n = 0; n < (int)KSTACK_NSLOTS; n++) {
		slot = (kstack_hint + n) % KSTACK_NSLOTS;
		if ((kstack_bitmap[slot / 32] & (1u << (slot % 32))) == 0)
			break;
	}
	if (n == (int)KSTACK_NSLOTS) {
		crit_exit();
		return (EAGAIN);
	}
	kstack_bitmap[slot / 32] |= 1u << (slot % 32);
	kstack_hint = slot + 1;
	crit_exit();

	base = KSTACK_BASE + (vm_offset_t)slot * KSTACK_SLOT + PAGE_SIZE;
	for (i = 0; i < KSTACK_PAGES; i++) {
		vm_page_t m = vm_page_alloc(0);

		if (m == NULL) {
			kstack_unmap(base, i);
			kstack_slot_free(slot);
			return (ENOMEM);
		}
		pmap_kenter(base + ptoa(i), VM_PAGE_TO_PHYS(m));
	}
	*stackp = base;
	*slotp = slot;
	return (0);
}

/* Kernel stack slots in all: the most threads that can exist at once. */
int
kstack_slots(void)
{
	return ((int)KSTACK_NSLOTS);
}

/* Unmap and free the first npages pages of the stack at base. */
static void
kstack_unmap(vm_offset_t base, int npages)
{
	int i;

	for (i = 0; i < npages; i++) {
		vm_offset_t va = base + ptoa(i);
		vm_page_t m = PHYS_TO_VM_PAGE(pmap_kextract(va));

		pmap_kremove(va);
		vm_page_free(m);
	}
}

static void
kstack_slot_free(int slot)
{
	crit_enter();
	kstack_bitmap[slot / 32] &= ~(1u << (slot % 32));
	crit_exit();
}

void
kstack_free(vm_offset_t stack, int slot)
{
	KASSERT(stack == KSTACK_BASE + (vm_offset_t)slot * KSTACK_SLOT + PAGE_SIZE,
	    ("kstack_free: stack 0x%x is not slot %d", stack, slot));
	kstack_unmap(stack, KSTACK_PAGES);
	kstack_slot_free(slot);
}

/* Whether va is in the guard page of some kernel stack. */
bool
kstack_guard_hit(vm_offset_t va)
{
	return (va >= KSTACK_BASE && va < KSTACK_END &&
	    ((va - KSTACK_BASE) % KSTACK_SLOT) < PAGE_SIZE);
}

/*
 * The top of a thread's kernel stack, from the top down: the
 * floating-point save area (machine/fpu.h: fpu_area()), the user
 * register frame (struct trapframe), where traps from ring 3 put it
 * (esp0 points just below the save area), then the stack proper.
 */
struct trapframe *
cpu_thread_frame(thread_t td)
{
	return ((struct trapframe *)((vm_offset_t)fpu_area(td) -
	    sizeof(struct trapframe)));
}

/*
 * Make td's stack look as if td had called cpu_lwkt_switch() from tramp:
 * the switch pops edi, esi, ebx, ebp, eflags and returns into tramp.
 * eflags has interrupts enabled; the thread starts in a critical section.
 * The stack starts below the user register frame.
 */
void
cpu_thread_init_stack(thread_t td, void (*tramp)(void))
{
	uint32_t *sp = (uint32_t *)cpu_thread_frame(td);

	*--sp = 0;			/* fake return address of tramp */
	*--sp = (uint32_t)tramp;	/* cpu_lwkt_switch's ret */
	*--sp = 0x202;			/* eflags: IF */
	*--sp = 0;			/* ebp: ends backtraces */
	*--sp = 0;			/* ebx */
	*--sp = 0;			/* esi */
	*--sp = 0;			/* edi */
	td->td_sp = (vm_offset_t)sp;
}
