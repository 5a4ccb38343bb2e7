/*
 * db_trace.c - symbolic backtraces.
 *
 * The kernel is linked twice: the second link adds .ksyms, a table of
 * every text symbol sorted by address, generated from the first link by
 * sys/tools/gen_ksyms.sh.  db_symbol() searches it; db_backtrace() walks
 * the frame pointer chain (the kernel is built with frame pointers),
 * checking that each frame is mapped before reading it.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <machine/pmap.h>

struct ksym {
	uint32_t	ks_addr;
	uint32_t	ks_name;	/* offset into ksym_names */
};

extern const struct ksym ksyms[];
extern const uint32_t nksyms;
extern const char ksym_names[];
extern char etext[], kernel_text[];

/* The name of the function containing addr, and the offset into it; NULL
 * if addr is not kernel text. */
const char *
db_symbol(uint32_t addr, uint32_t *offp)
{
	uint32_t lo = 0, hi = nksyms;

	*offp = 0;
	if (addr < (uint32_t)kernel_text || addr >= (uint32_t)etext ||
	    nksyms == 0)
		return (NULL);
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;

		if (ksyms[mid].ks_addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksyms[lo].ks_addr > addr)
		return (NULL);
	*offp = addr - ksyms[lo].ks_addr;
	return (&ksym_names[ksyms[lo].ks_name]);
}

static bool
frame_readable(uint32_t ebp)
{
	return (ebp >= KERNBASE && (ebp & 3) == 0 &&
	    pmap_kmapped(ebp) && pmap_kmapped(ebp + 7));
}

/* Print the call chain starting at frame ebp (and pc eip if non-zero). */
void
db_backtrace(uint32_t ebp, uint32_t eip)
{
	const char *sym;
	uint32_t off;
	int depth;

	if (eip != 0) {
		sym = db_symbol(eip, &off);
		kprintf("  #0  0x%08x %s+0x%x\n", eip, sym ? sym : "?", off);
	}
	for (depth = 1; depth < 24 && frame_readable(ebp); depth++) {
		uint32_t *frame = (uint32_t *)ebp;
		uint32_t ret = frame[1];

		if (ret == 0)
			break;
		sym = db_symbol(ret, &off);
		kprintf("  #%-2d 0x%08x %s+0x%x\n", depth, ret,
		    sym ? sym : "?", off);
		if (frame[0] <= ebp)
			break;		/* frames must move up the stack */
		ebp = frame[0];
	}
}
