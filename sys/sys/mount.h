/*
 * sys/mount.h - mounted filesystems.
 *
 * A mount covers a directory entry of its parent filesystem
 * (mnt_ncmountpt, flagged NCF_MOUNTPT) with its own root entry
 * (mnt_ncroot, flagged NCF_MNTROOT).  nlookup() crosses from the first to
 * the second going down and back going up through "..".  The root
 * filesystem covers nothing.
 */
#ifndef _SYS_MOUNT_H_
#define _SYS_MOUNT_H_

#include <sys/types.h>
#include <sys/queue.h>

struct vnode;
struct namecache;
struct mount;

struct vfsops {
	const char	*vfs_name;
	int	(*vfs_mount)(struct mount *mp);		/* sets mnt_rootvp */
	int	(*vfs_unmount)(struct mount *mp);	/* frees everything */
};

struct mount {
	TAILQ_ENTRY(mount) mnt_list;		/* mountlist */
	const struct vfsops *mnt_op;		/* [I] */
	struct vnode	*mnt_rootvp;		/* [I] referenced */
	struct namecache *mnt_ncroot;		/* [I] referenced */
	struct namecache *mnt_ncmountpt;	/* [I] referenced; NULL: root */
	void		*mnt_data;		/* the filesystem's */
	uint32_t	mnt_dev;		/* st_dev of its files */
};

#define MNT_FORCE	0x0001	/* unmount: not yet supported (EINVAL) */

#ifdef _KERNEL
extern TAILQ_HEAD(mountlist, mount) mountlist;
extern const struct vfsops tmpfs_vfsops, devfs_vfsops;

void	vfs_mountroot(void);
int	fd_open_console(void);
int	vfs_mount_at(const char *type, struct namecache *ncp,
	    struct mount **mpp);
int	vfs_unmount(struct mount *mp);
#else
int	mount(const char *type, const char *path, int flags);
int	unmount(const char *path, int flags);
#endif

#endif /* !_SYS_MOUNT_H_ */
