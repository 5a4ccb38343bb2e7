/*
 * vfs_nlookup.c - path lookup, entirely in the namecache (see
 * sys/nlookup.h for the interface).
 *
 * The path is copied in once.  The walk holds a reference on the
 * directory it is in (never a lock), looks the next component up with
 * cache_nlookup() (which locks only that entry), asks the filesystem only
 * when the entry is unresolved, then moves on.  ".", "..", mount points
 * and symlinks are handled here and never reach a filesystem.  A symlink
 * splices its target in front of the rest of the path and the walk goes
 * on from the link's directory (or the root): a loop, not a recursion.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/file.h>
#include <sys/fcntl.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/namecache.h>
#include <sys/nlookup.h>
#include <sys/uio.h>
#include <sys/thread.h>
#include <sys/sysargs.h>
#include <sys/globaldata.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_NLOOKUP, "nlookup", "paths being looked up");

/*
 * nd set up to look path up from start (a relative path; an absolute one
 * from root): both held, the path copied in.
 */
static __always_inline int
nlookup_start(struct nlookupdata *nd, struct namecache *root,
    struct namecache *start, const char *path, enum uio_seg seg, int flags)
{
	size_t len;
	int error;

	memset(nd, 0, sizeof(*nd));
	nd->nl_rootncp = root;
	cache_hold(root);
	nd->nl_startncp = start;
	cache_hold(start);
	nd->nl_flags = flags;
	/* ENOMEM rather than a wait; nlookup_done() still undoes the rest. */
	nd->nl_path = kmalloc(PATH_MAX, M_NLOOKUP, M_NOWAIT);
	if (nd->nl_path == NULL)
		return (ENOMEM);
	if (seg == UIO_USERSPACE) {
		error = copyinstr(path, nd->nl_path, PATH_MAX, &len);
	} else {
		error = strlcpy(nd->nl_path, path, PATH_MAX) < PATH_MAX ? 0 :
		    ENAMETOOLONG;
	}
	if (error == 0 && nd->nl_path[0] == '\0')
		error = ENOENT;
	nd->nl_ptr = nd->nl_path;
	return (error);
}

/* The process's root directory; the root for a kernel thread. */
static struct namecache *
nlookup_proc_root(void)
{
	struct proc *p = curproc;

	return (p != NULL && p->p_fd != NULL ? p->p_fd->fd_rdir : rootncp);
}

int
nlookup_init_at(struct nlookupdata *nd, struct namecache *start,
    const char *path, enum uio_seg seg, int flags)
{
	return (nlookup_start(nd, nlookup_proc_root(), start, path, seg,
	    flags));
}

/* The directory a relative path starts from: the process's current
 * directory, or, for a call in flight, the one its message held at send
 * (sysargs_cwd); the root for a kernel thread. */
struct namecache *
nlookup_cwd(void)
{
	thread_t td = curthread;
	struct proc *p = td->td_proc;

	if (__predict_false(td->td_sysargs != NULL))
		return (sysargs_cwd());
	return (p != NULL && p->p_fd != NULL ? p->p_fd->fd_cdir : rootncp);
}

/* Start at the current directory (relative paths) or the root: both
 * read with one look at the thread. */
int
nlookup_init(struct nlookupdata *nd, const char *path, enum uio_seg seg,
    int flags)
{
	thread_t td = curthread;
	struct proc *p = td->td_proc;
	struct namecache *root = rootncp, *cwd = rootncp;

	if (p != NULL && p->p_fd != NULL) {
		root = p->p_fd->fd_rdir;
		cwd = p->p_fd->fd_cdir;
		if (__predict_false(td->td_sysargs != NULL))
			cwd = sysargs_cwd();
	}
	return (nlookup_start(nd, root, cwd, path, seg, flags));
}

/*
 * The *at calls' start: a relative path starts at the directory open on
 * fd, or at the current directory for AT_FDCWD; an absolute one ignores
 * fd.  EBADF if fd is neither AT_FDCWD nor an open descriptor, ENOTDIR
 * if it names something other than a directory (a file, a pipe, a
 * device).  nlookup_done() is the caller's, whatever the result.
 */
int
nlookup_init_fd(struct nlookupdata *nd, int fd, const char *path,
    enum uio_seg seg, int flags)
{
	struct proc *p = curproc;
	struct file *fp;
	struct vnode *vp;
	int error;

	error = nlookup_init(nd, path, seg, flags);
	if (error != 0 || fd == AT_FDCWD || nd->nl_path[0] == '/')
		return (error);
	fp = p != NULL ? fget(p, fd, 0) : NULL;
	if (fp == NULL)
		return (EBADF);
	vp = fp->f_type == DTYPE_VNODE ? fp->f_data : NULL;
	if (vp == NULL || vp->v_type != VDIR || fp->f_ncp == NULL)
		return (ENOTDIR);
	cache_hold(fp->f_ncp);
	cache_drop(nd->nl_startncp);
	nd->nl_startncp = fp->f_ncp;
	return (0);
}

/* nlookup_init_fd() then nlookup(): every lookup of the file calls.
 * nlookup_done() is the caller's, whatever the result. */
int
nlookup_path_at(struct nlookupdata *nd, int fd, const char *path,
    enum uio_seg seg, int flags)
{
	int error = nlookup_init_fd(nd, fd, path, seg, flags);

	if (error == 0)
		error = nlookup(nd);
	return (error);
}

/* nlookup_init() then nlookup(): the usual lookup from the current
 * directory.  nlookup_done() is the caller's, whatever the result. */
int
nlookup_path(struct nlookupdata *nd, const char *path, enum uio_seg seg,
    int flags)
{
	return (nlookup_path_at(nd, AT_FDCWD, path, seg, flags));
}

void
nlookup_done(struct nlookupdata *nd)
{
	if (nd->nl_ncp != NULL)
		cache_put(nd->nl_ncp);
	if (nd->nl_startncp != NULL)
		cache_drop(nd->nl_startncp);
	if (nd->nl_rootncp != NULL)
		cache_drop(nd->nl_rootncp);
	kfree(nd->nl_path, M_NLOOKUP);
	nd->nl_ncp = nd->nl_startncp = nd->nl_rootncp = NULL;
	nd->nl_path = NULL;
}

/* ".." of dir: its parent, leaving mounted filesystems through their
 * mount points, and never above the lookup's root.  Held and locked. */
static struct namecache *
nlookup_dotdot(struct nlookupdata *nd, struct namecache *dir)
{
	struct namecache *ncp = dir;

	if (ncp != nd->nl_rootncp) {
		while ((ncp->nc_flag & NCF_MNTROOT) &&
		    ncp->nc_mount->mnt_ncmountpt != NULL &&
		    ncp != nd->nl_rootncp)
			ncp = ncp->nc_mount->mnt_ncmountpt;
		if (ncp != nd->nl_rootncp && ncp->nc_parent != NULL)
			ncp = ncp->nc_parent;
	}
	cache_hold(ncp);
	cache_lock(ncp);
	return (ncp);
}

/*
 * Replace the path with the symlink's target followed by the rest of the
 * path (rest starts at the '/' after the link's name, or is "").
 */
static int
nlookup_splice(struct nlookupdata *nd, struct vnode *vp, const char *rest)
{
	char *buf = kmalloc(PATH_MAX, M_NLOOKUP, M_NOWAIT);
	size_t llen, rlen = strlen(rest);
	struct uio uio;
	int error;

	if (buf == NULL)
		return (ENOMEM);
	uio_init(&uio, buf, PATH_MAX - 1, 0, UIO_SYSSPACE, UIO_READ);
	error = VOP_READLINK(vp, &uio);
	llen = PATH_MAX - 1 - uio.uio_resid;
	if (error == 0 && llen == 0)
		error = ENOENT;
	if (error == 0 && llen + rlen + 1 > PATH_MAX)
		error = ENAMETOOLONG;
	if (error) {
		kfree(buf, M_NLOOKUP);
		return (error);
	}
	memcpy(buf + llen, rest, rlen + 1);
	kfree(nd->nl_path, M_NLOOKUP);
	nd->nl_path = buf;
	nd->nl_ptr = buf;
	return (0);
}

int
nlookup(struct nlookupdata *nd)
{
	struct namecache *dir, *ncp, *mroot;
	char *ptr, *end, *rest;
	size_t len;
	int error = 0, last, trailslash, dot;

	dir = nd->nl_startncp;
	cache_hold(dir);
	for (;;) {
		ptr = nd->nl_ptr;
		if (*ptr == '/') {
			cache_drop(dir);
			dir = nd->nl_rootncp;
			cache_hold(dir);
			while (*ptr == '/')
				ptr++;
			if (*ptr == '\0') {
				/* "/" (or a symlink to it) names the root. */
				cache_hold(dir);
				cache_lock(dir);
				nd->nl_ncp = dir;
				nd->nl_flags |= NLC_DOTLAST;
				break;
			}
		}

		/* The next component: ptr[0..len), then slashes, then rest. */
		for (end = ptr; *end != '\0' && *end != '/'; end++)
			;
		len = (size_t)(end - ptr);
		for (rest = end; *rest == '/'; rest++)
			;
		last = (*rest == '\0');
		trailslash = (end != rest);
		if (len > NAME_MAX) {
			error = ENAMETOOLONG;
			break;
		}
		if (dir->nc_vp == NULL || dir->nc_vp->v_type != VDIR) {
			error = dir->nc_vp == NULL ? ENOENT : ENOTDIR;
			break;
		}

		dot = 0;
		if (len == 1 && ptr[0] == '.') {
			ncp = dir;
			cache_hold(ncp);
			cache_lock(ncp);
			dot = 1;
		} else if (len == 2 && ptr[0] == '.' && ptr[1] == '.') {
			ncp = nlookup_dotdot(nd, dir);
			dot = 1;
		} else {
			if (dir->nc_flag & NCF_DESTROYED) {
				error = ENOENT;
				break;
			}
			ncp = cache_nlookup(dir, ptr, len);
			if (ncp == NULL) {
				error = ENOMEM;
				break;
			}
			error = cache_resolve(ncp);
			if (error == ENOENT && last) {
				/* A negative last component: the caller's. */
				error = 0;
				if (trailslash)
					nd->nl_flags |= NLC_TRAILSLASH;
				nd->nl_ncp = ncp;
				break;
			}
			if (error) {
				cache_put(ncp);
				break;
			}
			/* Cross mount points down to the mounted root. */
			while (ncp->nc_flag & NCF_MOUNTPT) {
				mroot = ncp->nc_mounted->mnt_ncroot;
				cache_hold(mroot);
				cache_lock(mroot);
				cache_put(ncp);
				ncp = mroot;
			}
		}

		if (ncp->nc_vp != NULL && ncp->nc_vp->v_type == VLNK &&
		    (!last || trailslash || (nd->nl_flags & NLC_FOLLOW))) {
			if (++nd->nl_loopcnt > MAXSYMLINKS) {
				cache_put(ncp);
				error = ELOOP;
				break;
			}
			error = nlookup_splice(nd, ncp->nc_vp, end);
			cache_put(ncp);
			if (error)
				break;
			continue;	/* from dir, or the root if absolute */
		}

		if (last) {
			if (trailslash && ncp->nc_vp->v_type != VDIR) {
				cache_put(ncp);
				error = ENOTDIR;
				break;
			}
			if (dot)
				nd->nl_flags |= NLC_DOTLAST;
			if (trailslash)
				nd->nl_flags |= NLC_TRAILSLASH;
			nd->nl_ncp = ncp;
			break;
		}
		cache_unlock(ncp);
		cache_drop(dir);
		dir = ncp;
		nd->nl_ptr = rest;
	}
	cache_drop(dir);
	return (error);
}
