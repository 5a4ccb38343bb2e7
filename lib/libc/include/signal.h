/*
 * signal.h - signals: kill, raise, sigaction and signal (sys/signal.h has
 * the numbers, the rules and the handler frame).
 */
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/types.h>
#include <sys/signal.h>

int	kill(pid_t pid, int sig);
int	raise(int sig);
int	sigaction(int sig, const struct sigaction *act, struct sigaction *oact);
sig_t	signal(int sig, sig_t handler);

void	__sigtramp(void);		/* returns from handlers and upcalls */

#endif
