/*
 * vm_oom.c - what happens when a user page fault cannot get memory.
 *
 * There is no swap: a page a program touches must be a free page now.
 * When there is none, the fault handler (vm_fault.c) says which shortage
 * it met, and trap() asks vm_oom_fault() what to do:
 *
 *   EAGAIN  the kernel's own memory is out (a page table or an object's
 *           slot array needs a direct-mapped page and there is none),
 *           not user memory.  Nobody is killed: the process waits for
 *           pages to be freed and then retries the access.
 *
 *   ENOMEM  no page is free for user data: memory really is out.  One
 *           process is killed, chosen by this rule:
 *
 *             the user process with the most resident pages (pages
 *             mapped in its address space: pmap_resident_count()),
 *             the higher pid on a tie; never process 1 (init), and
 *             never a process already exiting.
 *
 *           So the process killed is the one whose death gives back the
 *           most, not whichever process happened to fault last (often a
 *           small bystander).  The victim gets SIGKILL and the console
 *           line "pid N (name): killed: out of memory" followed by its
 *           size.  If the faulting process is itself the largest, it is
 *           the victim: its own SIGKILL ends it on the way back to user
 *           mode.  Otherwise it waits for the victim's pages to come
 *           back and retries the access.  While a victim still has its
 *           address space (it has not run its exit yet), later faults
 *           choose nobody new: they wait for it.
 *
 * Every wait here is interruptible (a SIGKILL for the waiter ends it at
 * once) and bounded by a one-second timeout, after which the fault is
 * retried and the rule applied again: a waiter never sleeps through
 * memory coming back, nor for ever on a victim that cannot exit.
 *
 * Faults taken inside the kernel on user memory (copyin/copyout) do not
 * come here: the system call fails (EFAULT) instead.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/globaldata.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>

/*
 * The rule above: the process to kill, or NULL when a victim is already
 * on its way out (wait for it) or no process qualifies.  Caller holds
 * proc_token.
 */
static struct proc *
vm_oom_choose(void)
{
	struct proc *q, *victim = NULL;
	uint32_t size, best = 0;

	LIST_FOREACH(q, &allproc, p_list) {
		if (q->p_vmspace == NULL)
			continue;		/* gone, or going: nothing left */
		if (q->p_flags & P_OOMKILL)
			return (NULL);		/* a victim still dying */
		if (q == initproc || (q->p_flags & (P_WEXIT | P_ZOMBIE)))
			continue;
		size = pmap_resident_count(&q->p_vmspace->vm_pmap);
		if (victim == NULL || size > best ||
		    (size == best && q->p_pid > victim->p_pid)) {
			victim = q;
			best = size;
		}
	}
	return (victim);
}

/*
 * While free() says no page of the kind is free, sleep until pages are
 * freed (at most a second); a signal ends it.  With pages free but the
 * request still refused (kernel memory that must be contiguous), sleep
 * a tick, so that the retried fault does not spin.
 */
static void
vm_oom_wait(vm_pindex_t (*free)(void), const char *wmesg, bool always)
{
	crit_enter();
	if (free() == 0) {
		vm_page_free_wanted = 1;
		tsleep(&vm_page_free_wanted, PCATCH, wmesg, hz);
	} else if (always) {
		tsleep(&vm_page_free_wanted, PCATCH, wmesg, 1);
	}
	crit_exit();
}

/*
 * A page fault of process p from user mode failed with error (ENOMEM or
 * EAGAIN, vm_fault.c).  Applies the rule above, then returns 0: the
 * caller returns to user mode (where a SIGKILL posted here ends the
 * process) and the access is retried.  May block, interruptibly.
 */
int
vm_oom_fault(struct proc *p, int error)
{
	struct proc *victim;

	KASSERT(error == ENOMEM || error == EAGAIN,
	    ("vm_oom_fault: error %d", error));
	if (error == EAGAIN) {
		vm_oom_wait(vm_page_free_count_dmap, "kmemwt", true);
		return (0);
	}
	lwkt_gettoken(&proc_token);
	if (vm_page_free_count_user() == 0 &&
	    (victim = vm_oom_choose()) != NULL) {
		victim->p_flags |= P_OOMKILL;
		kprintf("pid %d (%s): killed: out of memory (the largest "
		    "process: %u resident pages)\n", victim->p_pid,
		    victim->p_comm,
		    pmap_resident_count(&victim->p_vmspace->vm_pmap));
		kern_kill(victim, SIGKILL);
	}
	lwkt_reltoken(&proc_token);
	if ((p->p_flags & P_OOMKILL) == 0)
		vm_oom_wait(vm_page_free_count_user, "oomwt", false);
	return (0);
}
