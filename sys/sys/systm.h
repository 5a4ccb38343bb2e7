/*
 * sys/systm.h - what almost every kernel file needs: printing, panics,
 * assertions, memory copies and the clock.
 */
#ifndef _SYS_SYSTM_H_
#define _SYS_SYSTM_H_

#include <sys/types.h>
#include <sys/stdarg.h>

#define __predict_true(e)	__builtin_expect(!!(e), 1)
#define __predict_false(e)	__builtin_expect(!!(e), 0)
#define __noinline		__attribute__((__noinline__))

/*
 * KASSERT(expr, (fmt, ...)): panic with the message if expr is false.
 * Always compiled in: the tests rely on them and they are cheap.  The
 * message starts with the function name by convention.
 */
#define KASSERT(exp, msg) do {						\
	if (__predict_false(!(exp)))					\
		panic msg;						\
} while (0)

#define CTASSERT(x)	_Static_assert(x, #x)

/* kern/subr_prf.c */
int	kprintf(const char *fmt, ...) __printflike(1, 2);
int	kvprintf(const char *fmt, va_list ap);
int	ksnprintf(char *buf, size_t size, const char *fmt, ...) __printflike(3, 4);
int	kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int	kvcprintf(const char *fmt, void (*out)(int, void *), void *arg,
	    va_list ap);

/* kern/kern_shutdown.c */
void	panic(const char *fmt, ...) __dead2 __printflike(1, 2);
void	cpu_halt_forever(void) __dead2;
extern const char *panicstr;

/* machine: console (dev/serial), exit hook (i386 machdep) */
void	cnputc(int c);
int	cngetc_nowait(void);
void	cpu_exit_emulator(int status);	/* leave QEMU; no-op on hardware */
void	db_backtrace(uint32_t ebp, uint32_t eip);
const char *db_symbol(uint32_t addr, uint32_t *offp);

/* The kernel's string functions (sys/libkern/string.h). */
#include <string.h>
#define bzero(p, n)	memset((p), 0, (n))
#define bcopy(s, d, n)	memmove((d), (s), (n))

/* kern/kern_clock.c */
extern int hz;				/* [I] clock ticks per second */
extern volatile uint64_t ticks;		/* [c] ticks since boot */
void	hardclock(void *arg);		/* one tick, from the clock interrupt */
void	time_tick(void);		/* kern_time.c: the tick, for getnanotime */
extern uint64_t cpu_tsc_freq;		/* [I] i386/clock.c: cycles a second
					 * of the TSC, or 0 if unmeasured */

/* kern/init_main.c: the boot command line, split into words */
bool	boot_has_flag(const char *word);
const char *boot_getenv(const char *name);

#endif /* !_SYS_SYSTM_H_ */
