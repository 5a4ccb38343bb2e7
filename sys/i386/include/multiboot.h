/*
 * machine/multiboot.h - the Multiboot (version 1) boot protocol.
 *
 * GRUB and qemu -kernel find our header in the first 8K of the image, load
 * the ELF, and jump to the entry point with eax = MULTIBOOT_BOOTLOADER_MAGIC
 * and ebx = the physical address of a struct multiboot_info.
 */
#ifndef _MACHINE_MULTIBOOT_H_
#define _MACHINE_MULTIBOOT_H_

#define MULTIBOOT_HEADER_MAGIC		0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002
#define MULTIBOOT_PAGE_ALIGN		0x00000001	/* modules on pages */
#define MULTIBOOT_MEMORY_INFO		0x00000002	/* want mem_* and mmap */

#define MULTIBOOT_INFO_MEMORY		0x00000001
#define MULTIBOOT_INFO_CMDLINE		0x00000004
#define MULTIBOOT_INFO_MODS		0x00000008
#define MULTIBOOT_INFO_MEM_MAP		0x00000040
#define MULTIBOOT_INFO_BOOT_LOADER_NAME	0x00000200

#define MULTIBOOT_MEMORY_AVAILABLE	1

#ifndef __ASSEMBLER__
#include <sys/types.h>

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;		/* KB below 1MB */
	uint32_t mem_upper;		/* KB above 1MB */
	uint32_t boot_device;
	uint32_t cmdline;		/* physical address of a C string */
	uint32_t mods_count;
	uint32_t mods_addr;		/* physical address of multiboot_mod[] */
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;		/* physical address of the memory map */
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;	/* physical address of a C string */
};

struct multiboot_mod {
	uint32_t mod_start;		/* physical start */
	uint32_t mod_end;		/* physical end, exclusive */
	uint32_t cmdline;		/* physical address of a C string */
	uint32_t pad;
};

/* A memory map entry; "size" does not count itself. */
struct multiboot_mmap {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __packed;

#endif
#endif /* !_MACHINE_MULTIBOOT_H_ */
