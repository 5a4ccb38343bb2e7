/*
 * div64.h - private to libc: divide a 64-bit number by a small divisor
 * with 32-bit arithmetic only, so libc needs no libgcc (__udivdi3).
 */
#ifndef _LIBC_DIV64_H_
#define _LIBC_DIV64_H_

#include <sys/types.h>

/*
 * Divide *n by d (2 <= d <= 65535) in place; return the remainder.
 * Long division in 16-bit digits: each step divides a value below d << 16.
 */
static inline unsigned int
__libc_div64(uint64_t *n, unsigned int d)
{
	uint64_t q = 0;
	unsigned int rem = 0;
	int shift;

	for (shift = 48; shift >= 0; shift -= 16) {
		unsigned int cur = (rem << 16) | (unsigned int)((*n >> shift) & 0xffff);

		q = (q << 16) | (cur / d);
		rem = cur % d;
	}
	*n = q;
	return (rem);
}

#endif
