/*
 * mmap.c - mmap over the kernel call, which returns the address as an
 * integer (see sys/mman.h).
 */
#include <sys/types.h>
#include <sys/mman.h>

intptr_t __sys_mmap(void *addr, size_t len, int prot, int flags, int fd,
    off_t pos);

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	intptr_t r = __sys_mmap(addr, len, prot, flags, fd, offset);

	if (r == -1)
		return (MAP_FAILED);
	return ((void *)r);
}
