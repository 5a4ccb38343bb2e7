/*
 * tmpfs_vfsops.c - mounting tmpfs, and the life of its nodes.
 *
 * Mounting makes the tmpfs_mount and the root directory; unmounting frees
 * every node still there, but only if no vnode of the mount is referenced
 * any more (the core has dropped the namecache and its own reference on
 * the root first), so a busy filesystem is left exactly as it was.
 *
 * A node is made by tmpfs_node_alloc() together with its vnode, and put on
 * the mount's list of nodes; tmpfs_node_free() undoes all of it, data
 * included.  Between the two the node is reached through its vnode and the
 * directory entries that name it (see tmpfs.h for when it dies).
 *
 * A regular file's data is a VM object made with the node; freeing the
 * node disowns it (vm_object_disown): its pages go, and the object itself
 * lives on only while I/O in flight still references it.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <vm/vm_page.h>
#include <vfs/tmpfs/tmpfs.h>

MALLOC_DEFINE(M_TMPFS, "tmpfs", "tmpfs nodes, names, page arrays and links");

struct vm_quota tmpfs_quota_all;	/* limit set at the first mount */

static int	tmpfs_mount(struct mount *mp, const char *opts);
static int	tmpfs_unmount(struct mount *mp);

const struct vfsops tmpfs_vfsops = {
	.vfs_name	= "tmpfs",
	.vfs_mount	= tmpfs_mount,
	.vfs_unmount	= tmpfs_unmount,
};

/*
 * Make a node of the given type on mp, with its vnode (no references yet)
 * and no names, in *nodep: tn_nlink is 0 and the caller links it.  A
 * symlink gets a copy of target (targetlen bytes, not necessarily
 * NUL-terminated).  Times are now.  ENOSPC past the mount's node count
 * or quota, ENOMEM without kernel memory.  Never blocks.
 */
int
tmpfs_node_alloc(struct mount *mp, enum vtype type, uint32_t mode,
    const char *target, size_t targetlen, struct tmpfs_node **nodep)
{
	struct tmpfs_mount *tmp = VFSTOTM(mp);
	struct tmpfs_node *node;
	size_t cost = TMPFS_NODE_COST + (type == VLNK ? targetlen + 1 : 0);

	KASSERT(type == VREG || type == VDIR || type == VLNK,
	    ("%s: type %d", __func__, type));
	if (tmp->tm_nnodes >= tmp->tm_nodes_max ||
	    !vm_quota_charge(&tmp->tm_quota, cost))
		return (ENOSPC);
	node = kmalloc(sizeof(*node), M_TMPFS, M_NOWAIT | M_ZERO);
	if (node == NULL)
		goto uncharge;
	node->tn_type = type;
	node->tn_mode = mode & ALLPERMS;
	switch (type) {
	case VDIR:
		TAILQ_INIT(&node->tn_entries);
		break;
	case VLNK:
		node->tn_target = kmalloc(targetlen + 1, M_TMPFS, M_NOWAIT);
		if (node->tn_target == NULL)
			goto free_node;
		memcpy(node->tn_target, target, targetlen);
		node->tn_target[targetlen] = '\0';
		node->tn_size = targetlen;
		break;
	case VREG:
		node->tn_obj = vm_object_allocate(OBJT_VNODE, 0, M_NOWAIT);
		if (node->tn_obj == NULL)
			goto free_node;
		node->tn_obj->ob_quota = &tmp->tm_quota;
		break;
	default:
		break;
	}
	node->tn_vnode = vnode_alloc(mp, type, &tmpfs_vnops, node, M_NOWAIT);
	if (node->tn_vnode == NULL)
		goto free_type;
	if (type == VREG) {
		node->tn_obj->ob_handle = node->tn_vnode;
		node->tn_vnode->v_object = node->tn_obj;
	}

	/* No blocking from here: the counters and the list are [s]. */
	node->tn_ino = tmp->tm_nextino++;
	tmp->tm_nnodes++;
	tmpfs_node_update(node, TMPFS_ACCESSED | TMPFS_MODIFIED |
	    TMPFS_CHANGED);
	LIST_INSERT_HEAD(&tmp->tm_nodes, node, tn_link);
	*nodep = node;
	return (0);

free_type:
	if (type == VREG)
		vm_object_deallocate(node->tn_obj);
	else if (type == VLNK)
		kfree(node->tn_target, M_TMPFS);
free_node:
	kfree(node, M_TMPFS);
uncharge:
	vm_quota_uncharge(&tmp->tm_quota, cost);
	return (ENOMEM);
}

/*
 * Free a node, everything it holds and its vnode.  The vnode must have no
 * references.  A directory's entries are freed but not what they name:
 * that is either freed on its own (unmount walks every node) or, when
 * called from inactive, there is nothing (a removed directory is empty).
 * Never blocks.
 */
void
tmpfs_node_free(struct tmpfs_node *node)
{
	struct tmpfs_mount *tmp = VFSTOTM(node->tn_vnode->v_mount);
	struct tmpfs_dirent *de;
	size_t cost = TMPFS_NODE_COST;

	KASSERT(node->tn_vnode->v_refcnt == 0,
	    ("%s: node %u has %d references", __func__, node->tn_ino,
	    node->tn_vnode->v_refcnt));
	switch (node->tn_type) {
	case VDIR:
		while ((de = TAILQ_FIRST(&node->tn_entries)) != NULL) {
			TAILQ_REMOVE(&node->tn_entries, de, td_entry);
			cost += TMPFS_DIRENT_COST(de->td_namelen);
			kfree(de, M_TMPFS);
		}
		break;
	case VREG:
		node->tn_vnode->v_object = NULL;
		vm_object_disown(node->tn_obj);
		break;
	case VLNK:
		cost += (size_t)node->tn_size + 1;
		kfree(node->tn_target, M_TMPFS);
		break;
	default:
		break;
	}
	LIST_REMOVE(node, tn_link);
	tmp->tm_nnodes--;
	vm_quota_uncharge(&tmp->tm_quota, cost);
	vnode_free(node->tn_vnode);
	kfree(node, M_TMPFS);
}

/* Set a regular file's size, in the node and in its VM object. */
void
tmpfs_setsize(struct tmpfs_node *node, off_t size)
{
	node->tn_size = size;
	node->tn_obj->ob_size = size;
}

/*
 * Parse the mount options "size=BYTES[k|m|g]" and "nodes=N", separated
 * by commas, into *sizep and *nodesp (left alone when not given).
 * EINVAL for anything else, or a value of 0.
 */
static int
tmpfs_parse_opts(const char *opts, uint64_t *sizep, uint32_t *nodesp)
{
	const char *o = opts;
	uint64_t v;
	int shift, ndig;
	bool size;

	while (o != NULL && *o != '\0') {
		if (strncmp(o, "size=", 5) == 0) {
			size = true;
			o += 5;
		} else if (strncmp(o, "nodes=", 6) == 0) {
			size = false;
			o += 6;
		} else {
			return (EINVAL);
		}
		for (v = 0, ndig = 0; *o >= '0' && *o <= '9'; o++, ndig++) {
			v = v * 10 + (uint64_t)(*o - '0');
			if (v > ((uint64_t)1 << 40))
				return (EINVAL);
		}
		shift = 0;
		if (size && (*o == 'k' || *o == 'K'))
			shift = 10;
		else if (size && (*o == 'm' || *o == 'M'))
			shift = 20;
		else if (size && (*o == 'g' || *o == 'G'))
			shift = 30;
		if (shift != 0)
			o++;
		if (ndig == 0 || v == 0 || (*o != ',' && *o != '\0'))
			return (EINVAL);
		if (size)
			*sizep = v << shift;
		else if (v > 0xffffffffULL)
			return (EINVAL);
		else
			*nodesp = (uint32_t)v;
		if (*o == ',')
			o++;
	}
	return (0);
}

/*
 * Mount: an empty filesystem, the root directory (mode 0755) only, with
 * the limits the options give (tmpfs.h, Limits).  mnt_rootvp gets a
 * reference of its own.
 */
static int
tmpfs_mount(struct mount *mp, const char *opts)
{
	struct tmpfs_mount *tmp;
	struct tmpfs_node *root;
	uint64_t size = ptoa((uint64_t)vm_page_total()) / 2;
	uint32_t nodes = (uint32_t)atop(kmalloc_capacity());
	int error;

	error = tmpfs_parse_opts(opts, &size, &nodes);
	if (error)
		return (error);
	if (tmpfs_quota_all.vq_limit == 0)
		tmpfs_quota_all.vq_limit = (size_t)(ptoa((uint64_t)
		    vm_page_total()) / 2);
	tmp = kmalloc(sizeof(*tmp), M_TMPFS, M_NOWAIT | M_ZERO);
	if (tmp == NULL)
		return (ENOMEM);
	LIST_INIT(&tmp->tm_nodes);
	tmp->tm_nextino = TMPFS_ROOTINO;
	tmp->tm_nodes_max = nodes;
	tmp->tm_quota.vq_limit = (size_t)MIN(size, (uint64_t)0xffffffffu);
	tmp->tm_quota.vq_parent = &tmpfs_quota_all;
	mp->mnt_data = tmp;

	error = tmpfs_node_alloc(mp, VDIR, 0755, NULL, 0, &root);
	if (error) {
		kfree(tmp, M_TMPFS);
		mp->mnt_data = NULL;
		return (error);
	}
	root->tn_nlink = 2;		/* its "." and its own ".." */
	root->tn_parent = root;
	tmp->tm_root = root;

	vref(root->tn_vnode);
	mp->mnt_rootvp = root->tn_vnode;
	return (0);
}

/*
 * Unmount: EBUSY, changing nothing, while any vnode of the mount is
 * referenced; otherwise free every node and the mount's data.  The core
 * has already released the namecache and its reference on mnt_rootvp.
 */
static int
tmpfs_unmount(struct mount *mp)
{
	struct tmpfs_mount *tmp = VFSTOTM(mp);
	struct tmpfs_node *node;

	LIST_FOREACH(node, &tmp->tm_nodes, tn_link) {
		if (node->tn_vnode->v_refcnt > 0)
			return (EBUSY);
	}
	while ((node = LIST_FIRST(&tmp->tm_nodes)) != NULL)
		tmpfs_node_free(node);
	KASSERT(tmp->tm_quota.vq_used == 0, ("%s: %u bytes still charged",
	    __func__, (unsigned)tmp->tm_quota.vq_used));
	kfree(tmp, M_TMPFS);
	mp->mnt_data = NULL;
	return (0);
}
