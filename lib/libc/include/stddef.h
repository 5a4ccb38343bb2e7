/*
 * stddef.h - size_t, ptrdiff_t, NULL and offsetof.
 */
#ifndef _STDDEF_H_
#define _STDDEF_H_

#include <sys/types.h>

typedef __PTRDIFF_TYPE__	ptrdiff_t;
typedef __WCHAR_TYPE__		wchar_t;

#endif
