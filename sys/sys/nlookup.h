/*
 * sys/nlookup.h - path lookup in the namecache.
 *
 *	struct nlookupdata nd;
 *	error = nlookup_init(&nd, upath, UIO_USERSPACE, NLC_FOLLOW);
 *	if (error == 0)
 *		error = nlookup(&nd);
 *	... nd.nl_ncp: the last component's entry, locked and referenced
 *	nlookup_done(&nd);
 *
 * nlookup_init() copies the path in once (PATH_MAX with the NUL, else
 * ENAMETOOLONG; EFAULT for a bad pointer; ENOENT for "") and starts at
 * the process's root or current directory; nlookup_init_fd() (the *at
 * calls) starts a relative path at the directory open on a descriptor
 * instead (AT_FDCWD: the current directory; EBADF, ENOTDIR).  Every file
 * call goes through nlookup_path_at(): the plain calls pass AT_FDCWD.  nlookup() then walks the
 * namecache.  Every component but the last must exist and be a directory
 * (ENOENT, ENOTDIR); the last may be negative: nl_ncp is then a negative
 * entry and nlookup() returns 0, so create-style calls can use it; the
 * others test nl_ncp->nc_vp == NULL and return ENOENT.
 *
 * A trailing slash demands a directory (ENOTDIR if the last component is
 * something else; a negative last component keeps NLC_TRAILSLASH in
 * nl_flags for mkdir/rename to accept).  Symlinks are followed in the
 * middle always, at the end with NLC_FOLLOW; at most MAXSYMLINKS of them
 * (ELOOP).  ".." stops at the root and crosses mount points upward; a
 * mount point is crossed downward to the mounted root.
 */
#ifndef _SYS_NLOOKUP_H_
#define _SYS_NLOOKUP_H_

#include <sys/types.h>
#include <sys/uio.h>
#include <sys/fcntl.h>

#define PATH_MAX	1024		/* with the NUL */
#define NAME_MAX	255
#define MAXSYMLINKS	32

struct namecache;

struct nlookupdata {
	char		*nl_path;	/* the path (PATH_MAX buffer) */
	char		*nl_ptr;	/* the next component */
	struct namecache *nl_ncp;	/* result, locked and referenced */
	struct namecache *nl_rootncp;	/* the process's root, referenced */
	struct namecache *nl_startncp;	/* where relative paths start */
	int		nl_flags;	/* NLC_* */
	int		nl_loopcnt;	/* symlinks followed */
};

#define NLC_FOLLOW	0x0001	/* follow a symlink in the last component */
#define NLC_TRAILSLASH	0x0100	/* out: the path ended with '/' */
#define NLC_DOTLAST	0x0200	/* out: the last component was . or .. */

#ifdef _KERNEL
struct namecache *nlookup_cwd(void);	/* where a relative path starts */
int	nlookup_init(struct nlookupdata *nd, const char *path,
	    enum uio_seg seg, int flags);
int	nlookup_init_at(struct nlookupdata *nd, struct namecache *start,
	    const char *path, enum uio_seg seg, int flags);
int	nlookup_init_fd(struct nlookupdata *nd, int fd, const char *path,
	    enum uio_seg seg, int flags);
int	nlookup(struct nlookupdata *nd);
int	nlookup_path_at(struct nlookupdata *nd, int fd, const char *path,
	    enum uio_seg seg, int flags);
int	nlookup_path(struct nlookupdata *nd, const char *path,
	    enum uio_seg seg, int flags);
void	nlookup_done(struct nlookupdata *nd);

/* The file calls on kernel paths (seg UIO_SYSSPACE), for the kernel's
 * own use (boot, init) and behind the system calls. */
struct stat;
int	kern_statat(int fd, const char *path, enum uio_seg seg, int flags,
	    struct stat *st);
int	kern_openat(int fd, const char *path, enum uio_seg seg, int oflags,
	    int mode, int *fdp);
int	kern_mkdirat(int fd, const char *path, enum uio_seg seg, int mode);
int	kern_unlinkat(int fd, const char *path, enum uio_seg seg, int atflags);
#define kern_stat(path, seg, flags, st) \
	kern_statat(AT_FDCWD, (path), (seg), (flags), (st))
#define kern_open(path, seg, oflags, mode, fdp) \
	kern_openat(AT_FDCWD, (path), (seg), (oflags), (mode), (fdp))
#define kern_mkdir(path, seg, mode) \
	kern_mkdirat(AT_FDCWD, (path), (seg), (mode))
#define kern_unlink(path, seg) kern_unlinkat(AT_FDCWD, (path), (seg), 0)
int	kern_symlink(const char *target, const char *path, enum uio_seg seg);
#endif

#endif /* !_SYS_NLOOKUP_H_ */
