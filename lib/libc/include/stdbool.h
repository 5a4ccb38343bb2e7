/*
 * stdbool.h - bool, true and false (sys/types.h defines them).
 */
#ifndef _STDBOOL_H_
#define _STDBOOL_H_

#include <sys/types.h>

#define __bool_true_false_are_defined	1

#endif
