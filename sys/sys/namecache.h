/*
 * sys/namecache.h - the namecache: the tree of names the VFS resolves
 * paths in.
 *
 * Every name the kernel has looked up is an entry connected to its parent
 * directory's entry, up to the root.  An entry is in one of four states:
 *
 *   unresolved  NCF_UNRESOLVED: the name is known, what it names is not.
 *               The next lookup asks the filesystem (VOP_NRESOLVE).
 *   positive    nc_vp is the vnode (referenced by the entry), nc_error 0.
 *   negative    nc_vp NULL, nc_error ENOENT: the name is known not to
 *               exist.  Negative entries sit on an LRU list and are
 *               bounded (vfs.cache.maxneg); the oldest unused is freed.
 *   destroyed   NCF_DESTROYED: cut from the tree (its name was removed or
 *               replaced while someone held it, or it was purged); it
 *               lives on only while referenced and never names anything
 *               again: a lookup from it fails with ENOENT ("." and ".."
 *               too), its path is ENOENT.  A removed current directory
 *               or open directory is such an entry.
 *
 * nlookup() walks paths entirely through these entries: "." and "..",
 * mount points (NCF_MOUNTPT below, a mount's root entry above) and
 * symlinks are its business, never the filesystem's.
 *
 * References (nc_refs) are held by lookups in progress, results handed
 * to callers, current directories and open directories.  The tree itself
 * holds no references: an entry with no references and no children may
 * be freed at any time (cache_purge_unused()).  A child keeps its parent
 * in the tree.
 *
 * Locks: an entry is locked (nc_locktd, recursive for its owner) while a
 * lookup resolves it and while a namespace operation (create, remove,
 * rename, ...) changes what it names.  Directory vnodes are never locked.
 * [T] fields change only under the entry's lock or, on this one CPU,
 * without blocking.
 */
#ifndef _SYS_NAMECACHE_H_
#define _SYS_NAMECACHE_H_

#include <sys/types.h>
#include <sys/queue.h>

struct vnode;
struct mount;
struct thread;

struct namecache {
	LIST_ENTRY(namecache) nc_hash;	/* hash chain of (parent, name) */
	TAILQ_ENTRY(namecache) nc_entry; /* the parent's nc_list */
	TAILQ_HEAD(, namecache) nc_list; /* children */
	LIST_ENTRY(namecache) nc_vnode;	/* nc_vp's v_namecache */
	TAILQ_ENTRY(namecache) nc_neg;	/* the negative LRU */
	struct namecache *nc_parent;	/* NULL for a filesystem's root */
	struct vnode	*nc_vp;		/* positive: the vnode */
	struct mount	*nc_mount;	/* the filesystem the name lives in */
	struct mount	*nc_mounted;	/* NCF_MOUNTPT: the mount on it */
	int		nc_refs;
	int		nc_flag;	/* NCF_* */
	int		nc_error;	/* ENOENT when negative */
	struct thread	*nc_locktd;	/* lock owner */
	int		nc_lockcnt;	/* recursion */
	int		nc_lockwant;	/* someone sleeps on the lock */
	uint8_t		nc_nlen;
	char		*nc_name;	/* not NUL-terminated */
};

#define NCF_UNRESOLVED	0x0001
#define NCF_DESTROYED	0x0002
#define NCF_MOUNTPT	0x0004	/* a filesystem is mounted on this name */
#define NCF_MNTROOT	0x0008	/* the root entry of nc_mount */

#define NC_NEGATIVE(ncp) ((ncp)->nc_vp == NULL && \
	((ncp)->nc_flag & NCF_UNRESOLVED) == 0)

#ifdef _KERNEL
struct cache_stats {
	uint32_t	hits;		/* a positive entry found */
	uint32_t	neghits;	/* a negative entry found */
	uint32_t	misses;		/* no entry: one was made */
	uint32_t	resolves;	/* VOP_NRESOLVE calls */
	uint32_t	numentries;	/* entries allocated */
	uint32_t	numneg;		/* negative entries */
};
extern struct cache_stats nchstats;
extern struct namecache *rootncp;

void	cache_init(void);
struct namecache *cache_allocroot(struct mount *mp, struct vnode *vp);
void	cache_hold(struct namecache *ncp);
void	cache_drop(struct namecache *ncp);
void	cache_lock(struct namecache *ncp);
void	cache_unlock(struct namecache *ncp);
void	cache_put(struct namecache *ncp);
struct namecache *cache_nlookup(struct namecache *par, const char *name,
	    size_t len);
int	cache_resolve(struct namecache *ncp);
void	cache_setvp(struct namecache *ncp, struct vnode *vp);
void	cache_setunresolved(struct namecache *ncp);
void	cache_unlink(struct namecache *ncp);
void	cache_rename(struct namecache *fncp, struct namecache *tncp);
void	cache_purge_unused(struct namecache *top);
int	cache_subtree_busy(struct namecache *top);
struct vnode *cache_dvp(struct namecache *ncp);
int	cache_fullpath(struct namecache *ncp, struct namecache *root,
	    char *buf, size_t size, size_t *lenp);
#endif

#endif /* !_SYS_NAMECACHE_H_ */
