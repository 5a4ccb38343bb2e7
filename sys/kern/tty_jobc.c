/* tty_jobc.c - placeholder until process groups land (see the final version). */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/tty.h>

void tty_signal(struct tty *tp __unused, int sig __unused) { }
int tty_jobc_read(struct tty *tp __unused) { return (0); }
int tty_jobc_write(struct tty *tp __unused) { return (0); }
bool tty_jobc_ioctl(struct tty *tp __unused, u_long cmd __unused, void *data __unused, int *e __unused) { return (false); }
void tty_jobc_close(struct tty *tp __unused) { }
