/*
 * stdarg.h - variable argument lists (the kernel's definitions).
 */
#ifndef _STDARG_H_
#define _STDARG_H_

#include <sys/stdarg.h>

#endif
