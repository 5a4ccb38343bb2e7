/*
 * sys/mman.h - memory mappings: mmap, munmap, mprotect (kernel and libc).
 *
 *   void *mmap(void *addr, size_t len, int prot, int flags, int fd,
 *              off_t offset)
 *       Map len bytes (rounded up to pages).  Exactly one of MAP_SHARED
 *       and MAP_PRIVATE.  MAP_ANON maps zero-filled memory (fd must be
 *       -1, offset 0); otherwise fd is a regular file opened for reading
 *       (and for writing if MAP_SHARED with PROT_WRITE) and offset a
 *       multiple of the page size.  Without MAP_FIXED, addr is ignored
 *       and the kernel picks free space; with it, addr must be page
 *       aligned and whatever was mapped there is unmapped first.
 *       Pages are filled on first touch.  A MAP_SHARED file mapping uses
 *       the file's own pages: stores are seen by read() and by every
 *       other mapping at once.  A MAP_PRIVATE mapping sees the file until
 *       it writes a page, which then becomes a private copy.  Touching a
 *       page wholly past the end of the file kills the program (SIGBUS);
 *       but a page this process had already touched before the file
 *       shrank stays mapped, cut off from the file (a known limit).
 *       Errors: EINVAL (len 0, bad flags or prot, misaligned addr or
 *       offset, range outside user space), EBADF, EACCES (fd not open for
 *       the access asked), ENODEV (the file cannot be mapped), ENOMEM.
 *       Returns MAP_FAILED on error.
 *
 *   int munmap(void *addr, size_t len)
 *       Remove every mapping in [addr, addr + len); holes are fine.
 *       EINVAL if addr is misaligned, len is 0 or the range leaves user
 *       space.
 *
 *   int mprotect(void *addr, size_t len, int prot)
 *       Change the protection of every page in the range, which must be
 *       mapped throughout (ENOMEM otherwise).  EACCES if a MAP_SHARED
 *       file mapping asks for PROT_WRITE on a descriptor opened read-only.
 *
 * i386 paging cannot refuse execution, so PROT_EXEC is accepted and
 * implied by PROT_READ; PROT_WRITE implies PROT_READ.
 */
#ifndef _SYS_MMAN_H_
#define _SYS_MMAN_H_

#include <sys/types.h>

#define PROT_NONE	0x00
#define PROT_READ	0x01
#define PROT_WRITE	0x02
#define PROT_EXEC	0x04

#define MAP_SHARED	0x0001
#define MAP_PRIVATE	0x0002
#define MAP_FIXED	0x0010
#define MAP_ANON	0x1000
#define MAP_ANONYMOUS	MAP_ANON

#define MAP_FAILED	((void *)-1)

#ifndef _KERNEL
void	*mmap(void *addr, size_t len, int prot, int flags, int fd,
	    off_t offset);
int	munmap(void *addr, size_t len);
int	mprotect(void *addr, size_t len, int prot);
#endif

#endif /* !_SYS_MMAN_H_ */
