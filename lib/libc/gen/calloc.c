/*
 * calloc.c - calloc with the overflow check newlib 3.3.0 lacks: its
 * _calloc_r multiplies without one, so calloc(65536, 65537) allocated 64
 * KiB.  C requires a null pointer when nmemb * size is not representable.
 * Replaces newlib's calloc.o (the Makefile removes it); the allocation
 * itself is newlib's _calloc_r.
 */
#include <sys/types.h>
#include <errno.h>
#include <reent.h>
#include <stdint.h>
#include <stdlib.h>

void *
calloc(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return (NULL);
	}
	return (_calloc_r(_REENT, nmemb, size));
}
