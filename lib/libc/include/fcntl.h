/* fcntl.h - open() flags and fcntl() (see sys/fcntl.h). */
#ifndef _FCNTL_H_
#define _FCNTL_H_
#include <sys/types.h>
#include <sys/fcntl.h>
#endif
