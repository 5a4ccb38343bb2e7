/*
 * machine/vmparam.h - machine-dependent memory helpers used by the
 * machine-independent kernel.
 */
#ifndef _MACHINE_VMPARAM_H_
#define _MACHINE_VMPARAM_H_

#include <sys/types.h>

int	kstack_alloc(vm_offset_t *stackp, int *slotp);
int	kstack_slots(void);
void	kstack_free(vm_offset_t stack, int slot);
bool	kstack_guard_hit(vm_offset_t va);

#endif
