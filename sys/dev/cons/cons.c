/*
 * cons.c - the console as a file: writes go to the serial console,
 * reads wait for characters the UART's receive interrupt collects.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>
#include <machine/md_var.h>

#define CONS_RXSIZE	256

static char cons_rxbuf[CONS_RXSIZE];	/* [c] received, not yet read */
static unsigned cons_rxhead, cons_rxtail; /* [c] */

/* From the UART interrupt: queue a received character. */
void
cons_rxchar(int c)
{
	if (cons_rxhead - cons_rxtail < CONS_RXSIZE)
		cons_rxbuf[cons_rxhead++ % CONS_RXSIZE] = (char)c;
	wakeup(&cons_rxhead);
}

static int
cons_write(struct file *fp, const void *ubuf, size_t len, size_t *done)
{
	char buf[128];
	size_t n, i;
	int error;

	while (*done < len) {
		n = MIN(len - *done, sizeof(buf));
		error = copyin((const char *)ubuf + *done, buf, n);
		if (error)
			return (error);
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				cnputc('\r');
			cnputc(buf[i]);
		}
		*done += n;
	}
	return (0);
}

/* Wait for at least one character, then return what is there. */
static int
cons_read(struct file *fp, void *ubuf, size_t len, size_t *done)
{
	char buf[CONS_RXSIZE];
	size_t n = 0;
	int error = 0;

	if (len == 0)
		return (0);
	crit_enter();
	while (cons_rxhead == cons_rxtail && error == 0)
		error = tsleep(&cons_rxhead, PCATCH, "consrd", 0);
	while (cons_rxhead != cons_rxtail && n < len && n < sizeof(buf))
		buf[n++] = cons_rxbuf[cons_rxtail++ % CONS_RXSIZE];
	crit_exit();
	if (n > 0) {
		error = copyout(buf, ubuf, n);
		if (error == 0)
			*done = n;
	}
	return (error);
}

const struct fileops cons_fileops = {
	.fo_read = cons_read,
	.fo_write = cons_write,
	.fo_close = NULL,
};
