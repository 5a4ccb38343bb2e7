/*
 * stdint.h - fixed-width integer types (from sys/types.h) and their limits.
 */
#ifndef _STDINT_H_
#define _STDINT_H_

#include <sys/types.h>

typedef long long		intmax_t;
typedef unsigned long long	uintmax_t;

#define INT8_MIN	(-128)
#define INT8_MAX	127
#define UINT8_MAX	255
#define INT16_MIN	(-32768)
#define INT16_MAX	32767
#define UINT16_MAX	65535
#define INT32_MIN	(-INT32_MAX - 1)
#define INT32_MAX	2147483647
#define UINT32_MAX	4294967295U
#define INT64_MIN	(-INT64_MAX - 1LL)
#define INT64_MAX	9223372036854775807LL
#define UINT64_MAX	18446744073709551615ULL
#define INTMAX_MIN	INT64_MIN
#define INTMAX_MAX	INT64_MAX
#define UINTMAX_MAX	UINT64_MAX
#define INTPTR_MIN	(-INTPTR_MAX - 1L)
#define INTPTR_MAX	2147483647L
#define UINTPTR_MAX	4294967295UL
#define SIZE_MAX	4294967295U
#define PTRDIFF_MIN	INT32_MIN
#define PTRDIFF_MAX	INT32_MAX

#define INT8_C(c)	c
#define INT16_C(c)	c
#define INT32_C(c)	c
#define INT64_C(c)	c ## LL
#define UINT8_C(c)	c
#define UINT16_C(c)	c
#define UINT32_C(c)	c ## U
#define UINT64_C(c)	c ## ULL
#define INTMAX_C(c)	c ## LL
#define UINTMAX_C(c)	c ## ULL

#endif
