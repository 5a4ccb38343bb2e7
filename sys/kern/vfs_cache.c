/*
 * vfs_cache.c - the namecache (see sys/namecache.h for the states and
 * the rules).
 *
 * Entries are found by a hash of (parent entry, name) and linked into
 * their parent's list of children, so the cache is one connected tree
 * per mounted filesystem; mount points join the trees (nlookup() does the
 * crossing).  Every walk over a tree here is iterative: a path 1,000
 * components deep costs no kernel stack.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/namecache.h>
#include <sys/sysctl.h>

MALLOC_DEFINE(M_NAMECACHE, "namecache", "namecache entries and names");

#define NCHHASH		1024		/* hash chains (a power of 2) */

static LIST_HEAD(nchashhead, namecache) nchashtbl[NCHHASH];
static TAILQ_HEAD(, namecache) ncneglist;	/* negative entries, LRU */
static int ncnegmax = 512;			/* bound on negative entries */

struct cache_stats nchstats;
struct namecache *rootncp;

SYSCTL_INT(nc_hits, "vfs.cache.hits", (int *)&nchstats.hits, CTLFLAG_RD,
    "lookups that found a positive entry");
SYSCTL_INT(nc_neghits, "vfs.cache.neghits", (int *)&nchstats.neghits,
    CTLFLAG_RD, "lookups that found a negative entry");
SYSCTL_INT(nc_misses, "vfs.cache.misses", (int *)&nchstats.misses,
    CTLFLAG_RD, "lookups that found no entry");
SYSCTL_INT(nc_resolves, "vfs.cache.resolves", (int *)&nchstats.resolves,
    CTLFLAG_RD, "names the filesystem was asked to resolve");
SYSCTL_INT(nc_numentries, "vfs.cache.numentries",
    (int *)&nchstats.numentries, CTLFLAG_RD, "entries allocated");
SYSCTL_INT(nc_numneg, "vfs.cache.numneg", (int *)&nchstats.numneg,
    CTLFLAG_RD, "negative entries");

static int
sysctl_maxneg(int *val, bool write)
{
	if (!write) {
		*val = ncnegmax;
		return (0);
	}
	if (*val < 1 || *val > 100000)
		return (EINVAL);
	ncnegmax = *val;
	return (0);
}
SYSCTL_PROC(nc_maxneg, "vfs.cache.maxneg", sysctl_maxneg,
    CTLFLAG_RW | CTLFLAG_LIMIT,
    "most negative entries kept");

static void cache_neg_trim(void);

void
cache_init(void)
{
	int i;

	for (i = 0; i < NCHHASH; i++)
		LIST_INIT(&nchashtbl[i]);
	TAILQ_INIT(&ncneglist);
}

static struct nchashhead *
cache_hash(const struct namecache *par, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)(uintptr_t)par;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return (&nchashtbl[(h ^ (h >> 16)) & (NCHHASH - 1)]);
}

/* A new unresolved entry named (name, len), or NULL when kernel memory
 * is out.  Never blocks. */
static struct namecache *
cache_alloc(const char *name, size_t len)
{
	struct namecache *ncp;

	ncp = kmalloc(sizeof(*ncp), M_NAMECACHE, M_NOWAIT | M_ZERO);
	if (ncp == NULL)
		return (NULL);
	if (len > 0) {
		ncp->nc_name = kmalloc(len, M_NAMECACHE, M_NOWAIT);
		if (ncp->nc_name == NULL) {
			kfree(ncp, M_NAMECACHE);
			return (NULL);
		}
		memcpy(ncp->nc_name, name, len);
	}
	ncp->nc_nlen = (uint8_t)len;
	ncp->nc_flag = NCF_UNRESOLVED;
	TAILQ_INIT(&ncp->nc_list);
	nchstats.numentries++;
	return (ncp);
}

static void
cache_free(struct namecache *ncp)
{
	KASSERT(ncp->nc_refs == 0 && TAILQ_EMPTY(&ncp->nc_list) &&
	    ncp->nc_vp == NULL && ncp->nc_parent == NULL,
	    ("cache_free: entry %p in use", ncp));
	nchstats.numentries--;
	if (ncp->nc_name != NULL)
		kfree(ncp->nc_name, M_NAMECACHE);
	kfree(ncp, M_NAMECACHE);
}

void
cache_hold(struct namecache *ncp)
{
	ncp->nc_refs++;
}

/* Drop a reference; a destroyed entry goes with its last one. */
void
cache_drop(struct namecache *ncp)
{
	KASSERT(ncp->nc_refs > 0, ("cache_drop: entry %p unreferenced", ncp));
	if (--ncp->nc_refs == 0 && (ncp->nc_flag & NCF_DESTROYED) &&
	    ncp->nc_locktd == NULL)
		cache_free(ncp);
}

/* Lock an entry (recursive for the owner; others sleep, not
 * interruptibly: an entry is held only across namecache and filesystem
 * operations that never wait for another process). */
void
cache_lock(struct namecache *ncp)
{
	thread_t td = curthread;

	crit_enter();
	while (ncp->nc_locktd != NULL && ncp->nc_locktd != td) {
		ncp->nc_lockwant = 1;
		tsleep(ncp, 0, "nclock", 0);
	}
	ncp->nc_locktd = td;
	ncp->nc_lockcnt++;
	crit_exit();
}

void
cache_unlock(struct namecache *ncp)
{
	KASSERT(ncp->nc_locktd == curthread, ("cache_unlock: not the owner"));
	if (--ncp->nc_lockcnt > 0)
		return;
	ncp->nc_locktd = NULL;
	if (ncp->nc_lockwant) {
		ncp->nc_lockwant = 0;
		wakeup(ncp);
	}
	if (ncp->nc_refs == 0 && (ncp->nc_flag & NCF_DESTROYED))
		cache_free(ncp);
}

/* Unlock and drop: the end of using a lookup's result. */
void
cache_put(struct namecache *ncp)
{
	cache_unlock(ncp);
	cache_drop(ncp);
}

/* The root entry of a newly mounted filesystem, positive on its root
 * vnode, with one reference for the mount, or NULL when kernel memory is
 * out.  The first is the root. */
struct namecache *
cache_allocroot(struct mount *mp, struct vnode *vp)
{
	struct namecache *ncp = cache_alloc("", 0);

	if (ncp == NULL)
		return (NULL);
	ncp->nc_mount = mp;
	ncp->nc_flag |= NCF_MNTROOT;
	cache_setvp(ncp, vp);
	ncp->nc_refs = 1;
	if (rootncp == NULL)
		rootncp = ncp;
	return (ncp);
}

/*
 * The child of par named name, referenced and locked: the cached entry,
 * or a new unresolved one (NULL when kernel memory is out).  par must be
 * referenced and not destroyed.  Never blocks.
 */
struct namecache *
cache_nlookup(struct namecache *par, const char *name, size_t len)
{
	struct nchashhead *head = cache_hash(par, name, len);
	struct namecache *ncp;

	LIST_FOREACH(ncp, head, nc_hash) {
		if (ncp->nc_parent == par && ncp->nc_nlen == len &&
		    memcmp(ncp->nc_name, name, len) == 0)
			break;
	}
	if (ncp != NULL) {
		cache_hold(ncp);
		cache_lock(ncp);
		if (ncp->nc_flag & NCF_UNRESOLVED) {
			nchstats.misses++;
		} else if (ncp->nc_vp == NULL) {
			nchstats.neghits++;
			TAILQ_REMOVE(&ncneglist, ncp, nc_neg);
			TAILQ_INSERT_TAIL(&ncneglist, ncp, nc_neg);
		} else {
			nchstats.hits++;
		}
		return (ncp);
	}
	nchstats.misses++;
	ncp = cache_alloc(name, len);
	if (ncp == NULL)
		return (NULL);
	ncp->nc_parent = par;
	ncp->nc_mount = par->nc_mount;
	LIST_INSERT_HEAD(head, ncp, nc_hash);
	TAILQ_INSERT_TAIL(&par->nc_list, ncp, nc_entry);
	cache_hold(ncp);
	cache_lock(ncp);
	return (ncp);
}

/* The directory vnode an entry's name lives in. */
struct vnode *
cache_dvp(struct namecache *ncp)
{
	return (ncp->nc_parent != NULL ? ncp->nc_parent->nc_vp : NULL);
}

/*
 * Resolve a locked entry: ask the filesystem if it is unresolved.
 * Returns 0 (positive), ENOENT (negative) or the filesystem's error.
 */
int
cache_resolve(struct namecache *ncp)
{
	struct vnode *dvp;
	int error;

	if ((ncp->nc_flag & NCF_UNRESOLVED) == 0)
		return (ncp->nc_error);
	if (ncp->nc_flag & NCF_DESTROYED)
		return (ENOENT);
	dvp = cache_dvp(ncp);
	if (dvp == NULL)
		return (ENOENT);
	if (dvp->v_type != VDIR)
		return (ENOTDIR);
	nchstats.resolves++;
	error = VOP_NRESOLVE(ncp, dvp);
	if (error)
		return (error);
	KASSERT((ncp->nc_flag & NCF_UNRESOLVED) == 0,
	    ("cache_resolve: the filesystem left %p unresolved", ncp));
	return (ncp->nc_error);
}

/* Make a locked entry positive on vp, or negative (vp NULL). */
void
cache_setvp(struct namecache *ncp, struct vnode *vp)
{
	if ((ncp->nc_flag & NCF_UNRESOLVED) == 0)
		cache_setunresolved(ncp);
	ncp->nc_flag &= ~NCF_UNRESOLVED;
	if (vp != NULL) {
		vref(vp);
		ncp->nc_vp = vp;
		ncp->nc_error = 0;
		LIST_INSERT_HEAD(&vp->v_namecache, ncp, nc_vnode);
	} else {
		ncp->nc_error = ENOENT;
		TAILQ_INSERT_TAIL(&ncneglist, ncp, nc_neg);
		nchstats.numneg++;
		cache_neg_trim();
	}
}

/* Forget what an entry names (it keeps its place in the tree). */
void
cache_setunresolved(struct namecache *ncp)
{
	struct vnode *vp = ncp->nc_vp;

	if (ncp->nc_flag & NCF_UNRESOLVED)
		return;
	if (vp != NULL) {
		LIST_REMOVE(ncp, nc_vnode);
		ncp->nc_vp = NULL;
		vrele(vp);
	} else {
		TAILQ_REMOVE(&ncneglist, ncp, nc_neg);
		nchstats.numneg--;
	}
	ncp->nc_flag |= NCF_UNRESOLVED;
	ncp->nc_error = 0;
}

/* Take a childless entry out of the tree; free it if unreferenced. */
static void
cache_zap(struct namecache *ncp)
{
	struct namecache *par = ncp->nc_parent;

	KASSERT(TAILQ_EMPTY(&ncp->nc_list), ("cache_zap: %p has children",
	    ncp));
	cache_setunresolved(ncp);
	if (par != NULL) {
		LIST_REMOVE(ncp, nc_hash);
		TAILQ_REMOVE(&par->nc_list, ncp, nc_entry);
		ncp->nc_parent = NULL;
	}
	ncp->nc_flag |= NCF_DESTROYED;
	if (ncp->nc_refs == 0 && ncp->nc_locktd == NULL)
		cache_free(ncp);
}

/* Destroy every entry below top (top stays), deepest first. */
static void
cache_destroy_children(struct namecache *top)
{
	struct namecache *ncp = top, *child, *par;

	for (;;) {
		while ((child = TAILQ_FIRST(&ncp->nc_list)) != NULL)
			ncp = child;
		if (ncp == top)
			return;
		par = ncp->nc_parent;
		cache_zap(ncp);
		ncp = par;
	}
}

/* Free the oldest unused negative entries beyond the bound. */
static void
cache_neg_trim(void)
{
	struct namecache *ncp, *next;

	for (ncp = TAILQ_FIRST(&ncneglist);
	    ncp != NULL && nchstats.numneg > (uint32_t)ncnegmax; ncp = next) {
		next = TAILQ_NEXT(ncp, nc_neg);
		if (ncp->nc_refs == 0 && ncp->nc_locktd == NULL &&
		    TAILQ_EMPTY(&ncp->nc_list))
			cache_zap(ncp);
	}
}

/*
 * Is a locked entry held by anyone but the one caller holding it (a
 * current directory, an open descriptor's f_ncp, another lookup)?
 */
static bool
cache_held_elsewhere(struct namecache *ncp)
{
	return (ncp->nc_refs > 1);
}

/*
 * A locked positive entry's name was removed (VOP_NREMOVE/NRMDIR
 * succeeded); the caller holds one reference.  Anything cached below it
 * goes.  An entry nobody else holds becomes negative in place, so the
 * next lookup knows without asking the filesystem.  An entry someone
 * else holds names the removed object for them, so it must never name
 * anything again: it is destroyed (cut from the tree, unresolved), a
 * name made later gets a new entry, and the holders keep a dead entry
 * from which every lookup fails with ENOENT and whose path is ENOENT.
 * A removed current directory therefore stays removed.
 */
void
cache_unlink(struct namecache *ncp)
{
	cache_destroy_children(ncp);
	if (cache_held_elsewhere(ncp)) {
		cache_zap(ncp);
		return;
	}
	cache_setunresolved(ncp);
	cache_setvp(ncp, NULL);
}

static void
cache_unhash(struct namecache *ncp)
{
	LIST_REMOVE(ncp, nc_hash);
	TAILQ_REMOVE(&ncp->nc_parent->nc_list, ncp, nc_entry);
}

static void
cache_rehash(struct namecache *ncp, struct namecache *par)
{
	ncp->nc_parent = par;
	LIST_INSERT_HEAD(cache_hash(par, ncp->nc_name, ncp->nc_nlen), ncp,
	    nc_hash);
	TAILQ_INSERT_TAIL(&par->nc_list, ncp, nc_entry);
}

/*
 * VOP_NRENAME moved fncp's object to tncp's name (both entries locked,
 * the caller holding one reference to each).  fncp, with everything
 * cached below it, takes tncp's place in the tree; tncp takes fncp's old
 * place as a negative entry.  Lookups of the new name find the moved
 * object and lookups of the old one find nothing, neither asking the
 * filesystem.  A tncp someone else holds named the object the rename
 * replaced: like a removed name's entry (cache_unlink), it is destroyed
 * instead, and fncp's old name is left to the next lookup.
 */
void
cache_rename(struct namecache *fncp, struct namecache *tncp)
{
	struct namecache *fpar = fncp->nc_parent, *tpar = tncp->nc_parent;
	char *name;
	uint8_t nlen;

	cache_destroy_children(tncp);
	cache_setunresolved(tncp);
	cache_unhash(fncp);
	cache_unhash(tncp);
	name = fncp->nc_name;
	nlen = fncp->nc_nlen;
	fncp->nc_name = tncp->nc_name;
	fncp->nc_nlen = tncp->nc_nlen;
	tncp->nc_name = name;
	tncp->nc_nlen = nlen;
	cache_rehash(fncp, tpar);
	if (cache_held_elsewhere(tncp)) {
		tncp->nc_parent = NULL;
		tncp->nc_flag |= NCF_DESTROYED;
		return;
	}
	cache_rehash(tncp, fpar);
	cache_setvp(tncp, NULL);
}

/*
 * Free every unreferenced, unlocked entry below top that has nothing
 * below it, deepest first (a post-order walk, without recursion).
 */
void
cache_purge_unused(struct namecache *top)
{
	struct namecache *ncp, *child, *par, *next;

	if ((ncp = TAILQ_FIRST(&top->nc_list)) == NULL)
		return;
	for (;;) {
		while ((child = TAILQ_FIRST(&ncp->nc_list)) != NULL)
			ncp = child;
		for (;;) {
			/* Everything below ncp has been visited. */
			par = ncp->nc_parent;
			next = TAILQ_NEXT(ncp, nc_entry);
			if (ncp->nc_refs == 0 && ncp->nc_locktd == NULL &&
			    TAILQ_EMPTY(&ncp->nc_list) &&
			    (ncp->nc_flag & NCF_MOUNTPT) == 0)
				cache_zap(ncp);
			if (next != NULL) {
				ncp = next;
				break;		/* descend into the sibling */
			}
			if (par == top)
				return;
			ncp = par;
		}
	}
}

/* Nonzero if anything below top is still cached (after a purge: in use). */
int
cache_subtree_busy(struct namecache *top)
{
	return (!TAILQ_EMPTY(&top->nc_list));
}

/*
 * The path of ncp from root, built from the tree's names (crossing mount
 * points upward); ENOENT if the entry was removed, ERANGE if it does not
 * fit in size bytes with its NUL.
 */
int
cache_fullpath(struct namecache *ncp, struct namecache *root, char *buf,
    size_t size, size_t *lenp)
{
	size_t pos = size;

	if (size < 2)
		return (ERANGE);
	buf[--pos] = '\0';
	while (ncp != root) {
		if (ncp->nc_flag & NCF_DESTROYED)
			return (ENOENT);
		if (ncp->nc_flag & NCF_MNTROOT) {
			if (ncp->nc_mount->mnt_ncmountpt == NULL)
				break;		/* the real root, outside root */
			ncp = ncp->nc_mount->mnt_ncmountpt;
			continue;
		}
		if (pos < (size_t)ncp->nc_nlen + 1)
			return (ERANGE);
		pos -= ncp->nc_nlen;
		memcpy(buf + pos, ncp->nc_name, ncp->nc_nlen);
		buf[--pos] = '/';
		ncp = ncp->nc_parent;
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, size - pos);
	*lenp = size - pos - 1;
	return (0);
}

/*
 * vfs.cache.purge: writing 1 frees every unused entry of every mount.
 * init does this around each test so that what a test created and
 * removed is not counted as a leak.
 */
static int
sysctl_purge(int *val, bool write)
{
	struct mount *mp;

	if (!write) {
		*val = 0;
		return (0);
	}
	if (*val != 1)
		return (EINVAL);
	TAILQ_FOREACH(mp, &mountlist, mnt_list)
		cache_purge_unused(mp->mnt_ncroot);
	return (0);
}
SYSCTL_PROC(nc_purge, "vfs.cache.purge", sysctl_purge, CTLFLAG_RW,
    "write 1: free every unused namecache entry");
