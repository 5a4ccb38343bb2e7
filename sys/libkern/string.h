/*
 * string.h - the kernel's own string functions (sys/libkern).  User
 * programs use newlib's; the kernel links no part of the C library.
 */
#ifndef _STRING_H_
#define _STRING_H_

#include <sys/types.h>

void	*memcpy(void *dst, const void *src, size_t n);
void	*memmove(void *dst, const void *src, size_t n);
void	*memset(void *dst, int c, size_t n);
int	memcmp(const void *a, const void *b, size_t n);
size_t	strlen(const char *s);
size_t	strnlen(const char *s, size_t max);
int	strcmp(const char *a, const char *b);
int	strncmp(const char *a, const char *b, size_t n);
char	*strchr(const char *s, int c);
size_t	strlcpy(char *dst, const char *src, size_t size);

void	*memchr(const void *s, int c, size_t n);
char	*strcpy(char *dst, const char *src);
char	*strncpy(char *dst, const char *src, size_t n);
char	*strcat(char *dst, const char *src);
char	*strncat(char *dst, const char *src, size_t n);
char	*strrchr(const char *s, int c);
char	*strstr(const char *haystack, const char *needle);
size_t	strspn(const char *s, const char *accept);
size_t	strcspn(const char *s, const char *reject);
char	*strerror(int errnum);


#endif
