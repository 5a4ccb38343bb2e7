/*
 * dev/misc/devices.h - the drivers attached at boot, and the function
 * that attaches them.
 */
#ifndef _DEV_MISC_DEVICES_H_
#define _DEV_MISC_DEVICES_H_

struct cdev;

#define COM_UNIT(n)	(1u << (n))	/* com_attach's units: 0 COM1, 1 COM2 */
struct cdev *com_attach(unsigned units);	/* dev/serial/ns16550.c */
void	cons_attach(struct cdev *tty);		/* dev/cons/cons.c */
void	null_attach(void);			/* dev/misc/null.c */
void	md_attach(void);			/* dev/md/md.c */
void	pty_attach(void);			/* dev/pty/pty.c */

#endif /* !_DEV_MISC_DEVICES_H_ */
