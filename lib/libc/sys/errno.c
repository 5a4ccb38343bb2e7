/*
 * errno.c - the C library's errno (one thread per process so far).
 */
#include <errno.h>

int errno;
