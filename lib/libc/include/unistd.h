/*
 * unistd.h - newlib's, plus the calls only Damselfly has.  Every system
 * call's wrapper is generated from sys/kern/syscalls.master (obj/gen/
 * libc_msg.S): it builds the call's message on the stack and sends it
 * with sendsys (int 0x81); on failure it sets errno and returns -1.
 */
#ifndef _DAMSELFLY_UNISTD_H_
#define _DAMSELFLY_UNISTD_H_

#include_next <unistd.h>

int	brk(void *addr);
int	getdents(int fd, char *buf, size_t count);
int	sysctl(const char *name, void *oldp, size_t *oldlenp,
	    const void *newp, size_t newlen);

#endif
