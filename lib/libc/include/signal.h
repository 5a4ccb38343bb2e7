/*
 * signal.h - signals (default actions only, so far).
 */
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/types.h>
#include <sys/signal.h>

int	kill(pid_t pid, int sig);

#endif
