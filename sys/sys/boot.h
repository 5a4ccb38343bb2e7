/*
 * sys/boot.h - what the boot loader handed us, in machine-independent
 * form.  Filled by the machine layer (i386/machdep.c) before anything else
 * runs; read-only afterwards.
 */
#ifndef _SYS_BOOT_H_
#define _SYS_BOOT_H_

#include <sys/types.h>

#define BOOT_MAXMODULES	8
#define BOOT_CMDLINE_MAX 256

struct boot_module {
	char		bm_name[64];	/* the module's command line */
	vm_paddr_t	bm_start;	/* physical start */
	vm_paddr_t	bm_end;		/* physical end, exclusive */
};

struct boot_info {
	char		bi_cmdline[BOOT_CMDLINE_MAX]; /* kernel command line */
	char		bi_loader[32];	/* boot loader name, if given */
	int		bi_nmodules;
	struct boot_module bi_modules[BOOT_MAXMODULES];
	uint64_t	bi_ram_bytes;	/* usable RAM from the memory map */
	vm_paddr_t	bi_ram_top;	/* end of the highest usable range */
};

extern struct boot_info bootinfo;

const struct boot_module *boot_module_find(const char *name);
void	*boot_module_data(const struct boot_module *bm);

#endif
