/*
 * stdio.h - newlib's, plus getline and getdelim, which newlib 3.3.0 has
 * only as __getline and __getdelim (lib/libc/gen/getline.c).
 */
#ifndef _DAMSELFLY_STDIO_H_
#define _DAMSELFLY_STDIO_H_

#include_next <stdio.h>

ssize_t	getdelim(char **lineptr, size_t *n, int delim, FILE *fp);
ssize_t	getline(char **lineptr, size_t *n, FILE *fp);

#endif
