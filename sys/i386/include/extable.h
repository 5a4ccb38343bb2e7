/*
 * machine/extable.h - the exception table: recovery from faults on user
 * memory without bookkeeping on the fast path.
 *
 * Every instruction that may touch a user address (in support.S, or in C
 * through the inline functions below) gets an entry (instruction address,
 * recovery address) in section .ex_table.  A page fault taken in the
 * kernel below VM_MAX_USER_ADDRESS first tries to fill the page in (the
 * access may be perfectly good: a page not yet touched, or copy-on-write);
 * if that fails and the faulting instruction has an entry, trap() resumes
 * at its recovery address, which makes the access return EFAULT.  A fault
 * anywhere else is a kernel bug and panics.
 *
 * The cost on the path that does not fault is nothing: no per-thread
 * recovery pointer to set and clear around each access.
 */
#ifndef _MACHINE_EXTABLE_H_
#define _MACHINE_EXTABLE_H_

#ifdef __ASSEMBLER__
/* EXTABLE(insn, fixup): a fault at label insn resumes at label fixup. */
#define EXTABLE(insn, fixup)				\
	.pushsection .ex_table, "a";			\
	.long	insn, fixup;				\
	.popsection
#else
#include <sys/types.h>
#include <sys/errno.h>
#include <machine/pmap.h>

struct extable_entry {
	uint32_t	ex_insn;	/* the instruction that may fault */
	uint32_t	ex_fixup;	/* where to resume if it does */
};

/* For inline assembly: the same entry, as a string. */
#define EXTABLE_STR(insn, fixup)			\
	".pushsection .ex_table, \"a\"\n\t"		\
	".long " insn ", " fixup "\n\t"			\
	".popsection\n\t"

void	extable_init(void);		/* sorts the table, at boot */
uint32_t extable_fixup(uint32_t eip);	/* 0: no entry */

/*
 * In C, a faulting access is an asm goto whose table entry names a C
 * label (EXTABLE_STR("1b", "%l[fault]")): the fault path is an ordinary
 * branch target, so the inline functions below can return 0 or EFAULT
 * and the compiler folds that into the caller's own test.  Always write
 * __asm__ __volatile__ goto: gcc 12 deletes an asm goto whose outputs
 * are unused although the manual calls every asm goto volatile.
 */

/*
 * copyin_words() for a range the caller has already bounded below
 * VM_MAX_USER_ADDRESS (a message whose address and size it checked):
 * the copy alone.
 */
static __always_inline int
copyin_words_bounded(vm_offset_t uaddr, void *kaddr, size_t len)
{
	size_t nwords = len / 4;

	__asm__ __volatile__ goto(
	    "1:	rep movsl\n\t"
	    EXTABLE_STR("1b", "%l[fault]")
	    : "+S"(uaddr), "+D"(kaddr), "+c"(nwords)
	    :
	    : "memory"
	    : fault);
	return (0);
fault:
	return (EFAULT);
}

/*
 * Copy the whole 32-bit words of the len bytes at user address uaddr to
 * kernel address kaddr (a ragged tail of len is not copied): 0, or EFAULT
 * if the range does not lie below VM_MAX_USER_ADDRESS or a page cannot
 * be had.  For small copies on hot paths (system call arguments: len is
 * at most a few dozen bytes); copyin() is the general form.  The caller
 * bounds len (both callers: at most SYSMSG_MAXSIZE): a len above
 * VM_MAX_USER_ADDRESS would wrap the range check below.
 */
static __always_inline int
copyin_words(vm_offset_t uaddr, void *kaddr, size_t len)
{
	if (uaddr > VM_MAX_USER_ADDRESS - len)
		return (EFAULT);
	return (copyin_words_bounded(uaddr, kaddr, len));
}

/*
 * copyout_words() for a range the caller has already bounded below
 * VM_MAX_USER_ADDRESS (a struct it read in from the same address with
 * copyin_words, or whose range it checked): the copy alone.  CR0.WP
 * makes a read-only user page fault here as in copyout().
 */
static __always_inline int
copyout_words_bounded(const void *kaddr, vm_offset_t uaddr, size_t len)
{
	size_t nwords = len / 4;

	__asm__ __volatile__ goto(
	    "1:	rep movsl\n\t"
	    EXTABLE_STR("1b", "%l[fault]")
	    : "+S"(kaddr), "+D"(uaddr), "+c"(nwords)
	    :
	    : "memory"
	    : fault);
	return (0);
fault:
	return (EFAULT);
}

/*
 * Copy the whole 32-bit words of the len bytes at kernel address kaddr
 * to user address uaddr (a ragged tail of len is not copied): 0, or
 * EFAULT if the range does not lie below VM_MAX_USER_ADDRESS or a page
 * cannot be had or written (words before the fault are written).  For
 * small copies on hot paths (a user driver's receive: a struct udevmsg,
 * a few struct udevseg); copyout() is the general form.  The caller
 * bounds len, as for copyin_words().
 */
static __always_inline int
copyout_words(const void *kaddr, vm_offset_t uaddr, size_t len)
{
	if (uaddr > VM_MAX_USER_ADDRESS - len)
		return (EFAULT);
	return (copyout_words_bounded(kaddr, uaddr, len));
}

/*
 * copyin_word32() for an address the caller has already bounded (at
 * most VM_MAX_USER_ADDRESS - 4): the load alone.
 */
static __always_inline int
copyin_word32_bounded(vm_offset_t uaddr, uint32_t *wordp)
{
	uint32_t w;

	__asm__ __volatile__ goto(
	    "1:	movl (%[p]), %[w]\n\t"
	    EXTABLE_STR("1b", "%l[fault]")
	    : [w] "=r"(w)
	    : [p] "r"(uaddr)
	    :
	    : fault);
	*wordp = w;
	return (0);
fault:
	return (EFAULT);
}

/*
 * Read the 32-bit word at user address uaddr into *wordp: 0, or EFAULT
 * (uaddr not below VM_MAX_USER_ADDRESS - 4, or no page).  One load.
 */
static __always_inline int
copyin_word32(vm_offset_t uaddr, uint32_t *wordp)
{
	if (uaddr > VM_MAX_USER_ADDRESS - sizeof(*wordp))
		return (EFAULT);
	return (copyin_word32_bounded(uaddr, wordp));
}
#endif /* !__ASSEMBLER__ */

#endif /* !_MACHINE_EXTABLE_H_ */
