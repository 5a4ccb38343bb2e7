/*
 * initfini.c - the constructor and destructor arrays, for crt0.
 *
 * The linker's default script brackets .preinit_array, .init_array and
 * .fini_array with these symbols.  newlib has the same two functions
 * (libc/misc/init.c, fini.c) but builds them only for targets configured
 * with init arrays, which i386-elf is not.
 */
#include <sys/types.h>

typedef void (*initfn_t)(void);

extern initfn_t __preinit_array_start[], __preinit_array_end[];
extern initfn_t __init_array_start[], __init_array_end[];
extern initfn_t __fini_array_start[], __fini_array_end[];

void	__libc_init_array(void);
void	__libc_fini_array(void);

/* Run the constructors: .preinit_array, then .init_array, in order. */
void
__libc_init_array(void)
{
	initfn_t *f;

	for (f = __preinit_array_start; f < __preinit_array_end; f++)
		(*f)();
	for (f = __init_array_start; f < __init_array_end; f++)
		(*f)();
}

/* Run the destructors, .fini_array, last first (crt0 registers this
 * with atexit, so exit() runs it after the program's own handlers). */
void
__libc_fini_array(void)
{
	initfn_t *f;

	for (f = __fini_array_end; f > __fini_array_start; f--)
		(*(f - 1))();
}
