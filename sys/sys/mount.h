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
	/* Sets mnt_rootvp.  opts: the mount options, a NUL-terminated
	 * string ("size=64m,nodes=1000" for tmpfs), or NULL. */
	int	(*vfs_mount)(struct mount *mp, const char *opts);
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
#define MNT_OPTMAX	128	/* bytes of mount options, NUL included */

#ifdef _KERNEL
extern TAILQ_HEAD(mountlist, mount) mountlist;
extern const struct vfsops tmpfs_vfsops, devfs_vfsops;

void	vfs_mountroot(void);
int	fd_open_console(void);
int	vfs_mount_at(const char *type, struct namecache *ncp,
	    const char *opts, struct mount **mpp);
int	vfs_unmount(struct mount *mp);
#else
/* data: the filesystem's options as a string, or NULL (tmpfs:
 * "size=BYTES[k|m|g],nodes=N"; devfs: none). */
int	mount(const char *type, const char *path, int flags, const char *data);
int	unmount(const char *path, int flags);
#endif

#endif /* !_SYS_MOUNT_H_ */
