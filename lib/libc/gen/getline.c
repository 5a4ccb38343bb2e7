/*
 * getline.c - POSIX getline and getdelim under their own names: newlib
 * 3.3.0 implements them as __getline and __getdelim only (its stdio.h:
 * "see __getline for now").
 */
#include <sys/types.h>
#include <stdio.h>

ssize_t
getdelim(char **lineptr, size_t *n, int delim, FILE *fp)
{
	return (__getdelim(lineptr, n, delim, fp));
}

ssize_t
getline(char **lineptr, size_t *n, FILE *fp)
{
	return (__getline(lineptr, n, fp));
}
