/*
 * dev/misc/devices.h - the character devices the kernel registers at
 * boot, and the function that registers them.
 */
#ifndef _DEV_MISC_DEVICES_H_
#define _DEV_MISC_DEVICES_H_

struct cdevsw;

extern const struct cdevsw cons_cdevsw;		/* dev/cons/cons.c */
extern const struct cdevsw null_cdevsw;		/* dev/misc/null.c */
extern const struct cdevsw zero_cdevsw;		/* dev/misc/null.c */

void	dev_init(void);

#endif /* !_DEV_MISC_DEVICES_H_ */
