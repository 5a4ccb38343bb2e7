/*
 * dev/misc/devices.h - the drivers attached at boot, and the function
 * that attaches them.
 */
#ifndef _DEV_MISC_DEVICES_H_
#define _DEV_MISC_DEVICES_H_

struct cdev;

struct cdev *com_attach(void);			/* dev/serial/ns16550.c */
void	cons_attach(struct cdev *tty);		/* dev/cons/cons.c */
void	null_attach(void);			/* dev/misc/null.c */
void	md_attach(void);			/* dev/md/md.c */
void	pty_attach(void);			/* dev/pty/pty.c */

#endif /* !_DEV_MISC_DEVICES_H_ */
