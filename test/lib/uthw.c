/*
 * uthw.c - helpers for the user tests that are granted hardware
 * (sys/devgrant.h; declared in test/include/utest.h): the CMOS clock's
 * registers through its index (0x70) and data (0x71) ports.  The port
 * I/O itself is machine/cpufunc.h's, the one place inline assembly is
 * written; a process without the RTC's grant dies of SIGSEGV here.
 */
#include <sys/types.h>
#include <machine/cpufunc.h>
#include "utest.h"

uint8_t
ut_cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return (inb(0x71));
}

void
ut_cmos_write(uint8_t reg, uint8_t v)
{
	outb(0x70, reg);
	outb(0x71, v);
}
