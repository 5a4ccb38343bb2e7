/*
 * kern_agentreg.c - registering devices served by user processes, and
 * ending them.
 *
 * devserve(2) (sys/agent.h) makes a process a driver: it names a
 * device, which this file makes (a struct cdev whose port is an agent
 * port, kern_agent.c) or takes over from a dead predecessor, and a
 * service, the handle the process receives on.  An agent device is
 * kept for good once made, like every struct cdev: a driver that dies
 * leaves it orphaned (its queue waits a grace period for a successor),
 * never freed, so a pointer to it stays valid.  Who may name a new
 * device: any process not started with P_NOGRANT (a launched driver
 * takes over the names its launcher made for it); who may serve a
 * device again after its driver died: anyone, unless a granted driver
 * made it, then only a holder of a grant of the same hardware (so the
 * reads re-sent to a disk's successor go to its driver, not to any
 * process that asks first); who may ask for
 * physical addresses (DSF_PHYSIO): a process granted bus mastering
 * (kern_devgrant.c).  kern.agent_devs reports every device, for tests.
 *
 * A driver process that exits or execs closes its services
 * (agent_proc_exit): kern_agent.c sorts what each held (disk transfers
 * queued again for a successor, the rest failed), and its devices wait
 * their grace period orphaned; a device no successor serves by then is
 * gone (dev_gone) and what waits on it fails with EIO.
 */

#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/devgrant.h>
#include <sys/agentvar.h>

/*
 * The first device process p serves, or NULL: where the kernel sends
 * what concerns the driver process rather than one of its devices (its
 * sysctls: DRVIOC_SYSCTL, sys/agent.h).  Agent devices are kept for
 * good, so the pointer stays valid.  [c]
 */
struct cdev *
agent_dev_of(struct proc *p)
{
	struct agent_svc *as;
	int i;

	for (i = 0; i < AGENT_NDEV; i++) {
		as = agent_devs[i].ad_svc;
		if (agent_devs[i].ad_state == AD_SERVED && as != NULL &&
		    as->as_proc == p && as->as_dev[0] == &agent_devs[i])
			return (&agent_devs[i].ad_cdev);
	}
	return (NULL);
}

/* The agent device named name, or NULL.  [c] */
static struct agent_dev *
agent_dev_find(const char *name)
{
	int i;

	for (i = 0; i < AGENT_NDEV; i++) {
		if (agent_devs[i].ad_state != AD_FREE &&
		    strcmp(agent_devs[i].ad_name, name) == 0)
			return (&agent_devs[i]);
	}
	return (NULL);
}

static uint32_t
agent_si_flags(uint32_t dsflags)
{
	return (((dsflags & DSF_DISK) ? SI_DISK : 0) |
	    ((dsflags & DSF_TTY) ? SI_TTY : 0) |
	    ((dsflags & DSF_PART) ? SI_PART : 0) |
	    ((dsflags & DSF_PARTS) ? SI_PARTS : 0));
}

/* ad_physio for a device served with ds: DSF_PHYSIO's alignment. */
static uint8_t
agent_physalign(const struct devserve *ds)
{
	if (!(ds->ds_flags & DSF_PHYSIO))
		return (0);
	return ((uint8_t)(ds->ds_dmaalign == 0 ? 1 : ds->ds_dmaalign));
}

/*
 * devserve of ad, which the caller's service already serves: its
 * medium, its gone state and DSF_PHYSIO change (sys/agent.h; the last
 * for the messages received from now on; going gone fails what is
 * queued with ENXIO, coming back delivers it).  0, EEXIST (another
 * kind), EINVAL (DSF_INTR, another sector size).  A sender between its
 * clip and its send finds the new size there (kern_device.c,
 * dev_strategy_fits).  [c]
 */
static int
agent_dev_update(struct agent_dev *ad, const struct devserve *ds,
    uint32_t siflags)
{
	if ((ad->ad_cdev.si_flags & ~SI_GONE) != siflags)
		return (EEXIST);
	if ((ds->ds_flags & DSF_INTR) ||
	    ds->ds_secsize != ad->ad_cdev.si_secsize ||
	    ds->ds_maxio != ad->ad_cdev.si_iosize_max)
		return (EINVAL);	/* the size only, not the sector */
	ad->ad_cdev.si_secsize = ds->ds_secsize;
	ad->ad_cdev.si_mediasize = ds->ds_mediasize;
	ad->ad_physio = agent_physalign(ds);
	if (ds->ds_flags & DSF_GONE) {
		dev_gone(&ad->ad_cdev);
		agent_drain(ad, ENXIO);
	} else {
		dev_back(&ad->ad_cdev);
		agent_ready(ad);
	}
	return (0);
}

/*
 * Does every disk transfer queued on ad fit in maxio bytes (a
 * successor's largest transfer)?  [c]
 */
static bool
agent_queue_fits(struct agent_dev *ad, uint32_t maxio)
{
	lwkt_msg_t msg;

	TAILQ_FOREACH(msg, &ad->ad_port.mp_msgq, ms_node) {
		if (msg->ms_cmd == DEV_STRATEGY &&
		    ((struct dev_strategy_msg *)msg)->a_bcount > maxio)
			return (false);
	}
	return (true);
}

/*
 * Register a device named name for user drivers, gone (ENXIO) until a
 * process serves it, tied to hw (devgrant_hw: NULL, to none).  The
 * entry is kept for good.  0, ENOSPC,
 * EEXIST, EINVAL (make_dev's).  [c] held on entry; may block inside.
 */
static int
agent_dev_make(const char *name, uint32_t dsflags, uint32_t secsize,
    int64_t mediasize, uint32_t maxio, const void *hw, struct agent_dev **adp)
{
	struct agent_dev *ad = NULL;
	int i, error;

	for (i = 0; i < AGENT_NDEV; i++) {
		if (agent_devs[i].ad_state == AD_FREE) {
			ad = &agent_devs[i];
			break;
		}
	}
	if (ad == NULL)
		return (ENOSPC);
	if (dev_lookup(name, strlen(name)) != NULL)
		return (EEXIST);
	memset(&ad->ad_cdev, 0, sizeof(ad->ad_cdev));
	strlcpy(ad->ad_name, name, sizeof(ad->ad_name));
	lwkt_initport_spin(&ad->ad_port);
	ad->ad_port.mp_putport = agent_putport;
	ad->ad_port.mp_data = ad;
	callout_init(&ad->ad_grace);
	callout_init(&ad->ad_watch);
	ad->ad_cdev.si_name = ad->ad_name;
	ad->ad_cdev.si_flags = agent_si_flags(dsflags);
	ad->ad_cdev.si_drv1 = ad;
	ad->ad_cdev.si_port = &ad->ad_port;
	ad->ad_cdev.si_secsize = secsize;
	ad->ad_cdev.si_mediasize = mediasize;
	ad->ad_cdev.si_iosize_max = maxio;
	ad->ad_hw = hw;
	ad->ad_state = AD_GONE;		/* claimed; ENXIO until served */
	error = make_dev(&ad->ad_cdev);
	if (error != 0) {
		ad->ad_state = AD_FREE;
		return (error);
	}
	*adp = ad;
	return (0);
}

/* devserve(ds): serve a device from this process (sys/agent.h). */
int
sys_devserve(struct sysmsg *sysmsg, const struct devserve_args *uap)
{
	struct proc *p = curproc;
	struct devserve ds;
	struct agent_svc *as, *nas = NULL;
	struct agent_dev *ad;
	uint32_t siflags;
	bool newmedium = false;
	int svc, error, i, timo;

	if (copyin(uap->ds, &ds, sizeof(ds)) != 0)
		return (EFAULT);
	if (memchr(ds.ds_name, '\0', sizeof(ds.ds_name)) == NULL ||
	    (ds.ds_flags & ~(DSF_DISK | DSF_TTY | DSF_INTR | DSF_PART |
	    DSF_PARTS | DSF_GONE | DSF_PING | DSF_PHYSIO)) != 0 ||
	    ((ds.ds_flags & DSF_PHYSIO) && !(ds.ds_flags & DSF_DISK)) ||
	    ds.ds_unit > 0xffff || ds.ds_dmaalign > 4 ||
	    (ds.ds_dmaalign & (ds.ds_dmaalign - 1)) != 0)
		return (EINVAL);
	if ((ds.ds_flags & (DSF_PART | DSF_PARTS)) != 0 &&
	    (!(ds.ds_flags & DSF_DISK) ||
	    (ds.ds_flags & (DSF_PART | DSF_PARTS)) == (DSF_PART | DSF_PARTS)))
		return (EINVAL);	/* a disk, and one of the two */
	if ((ds.ds_flags & DSF_DISK) && (ds.ds_secsize < 512 ||
	    ds.ds_secsize > 65536 || (ds.ds_secsize & (ds.ds_secsize - 1)) ||
	    ds.ds_mediasize < 0 || ds.ds_mediasize % ds.ds_secsize != 0 ||
	    (ds.ds_mediasize == 0 && !(ds.ds_flags & DSF_GONE))))
		return (EINVAL);
	if (ds.ds_maxio == 0)
		ds.ds_maxio = AGENT_IOMAX;
	if ((ds.ds_flags & DSF_DISK) && ds.ds_maxio % ds.ds_secsize != 0)
		return (EINVAL);	/* whole sectors, at least one */
	if (!(ds.ds_flags & DSF_DISK))
		ds.ds_secsize = 0, ds.ds_mediasize = 0;
	if (ds.ds_timeout > 3600 * 1000)
		return (EINVAL);
	if ((ds.ds_flags & DSF_PHYSIO) && !devgrant_busmaster(p))
		return (EPERM);		/* no DMA: no physical addresses */
	timo = ds.ds_timeout == 0 ? AGENT_TIMEOUT_MS : (int)ds.ds_timeout;
	timo = (int)(((int64_t)timo * hz + 999) / 1000);
	siflags = agent_si_flags(ds.ds_flags);

	if (ds.ds_svc == 0) {
		for (svc = 1; svc <= SVC_MAX && p->p_svc[svc] != NULL; svc++)
			;
		if (svc > SVC_MAX)
			return (EMFILE);
		nas = kmalloc(sizeof(*nas), M_AGENT, M_NOWAIT | M_ZERO);
		if (nas == NULL)
			return (ENOMEM);
		nas->as_proc = p;
		nas->as_timo = timo;
		for (i = 0; i < AGENT_NSLOT; i++) {
			nas->as_held[i].ah_svc = nas;
			nas->as_held[i].ah_gen = 1;
		}
		callout_init(&nas->as_timer);
		callout_init(&nas->as_wait);
		agent_ping_init(&nas->as_ping, p, nas);
		as = nas;
	} else {
		svc = ds.ds_svc;
		if ((as = agent_svc_lookup(p->p_svc, svc)) == NULL)
			return (EBADF);
	}

	crit_enter();
	error = 0;
	ad = agent_dev_find(ds.ds_name);
	if (ad != NULL && ad->ad_state == AD_SERVED && ad->ad_svc == as) {
		error = agent_dev_update(ad, &ds, siflags);
		crit_exit();
		if (error == 0)
			sysmsg->sm_retval = svc;
		return (error);
	}
	if (as->as_ndev >= AGENT_SVCDEV) {
		error = ENOSPC;
	} else if (ad != NULL) {
		if (ad->ad_state == AD_SERVED)
			error = EBUSY;
		else if (ad->ad_hw != NULL && devgrant_hw(p) != ad->ad_hw)
			error = EPERM;	/* its hardware's grant serves it */
		else if ((ad->ad_cdev.si_flags & ~SI_GONE) != siflags)
			error = EEXIST;
		else if (!agent_queue_fits(ad, ds.ds_maxio))
			error = EEXIST;	/* what waits is too large for it */
		else if (!(ds.ds_flags & DSF_GONE) &&
		    (ad->ad_cdev.si_secsize != ds.ds_secsize ||
		    ad->ad_cdev.si_mediasize != ds.ds_mediasize)) {
			/* A new medium: only with nothing waiting for the
			 * old one. */
			if (ad->ad_state == AD_ORPHAN &&
			    !TAILQ_EMPTY(&ad->ad_port.mp_msgq))
				error = EEXIST;
			else
				newmedium = true;
		}
	} else if (p->p_flags & P_NOGRANT) {
		error = EPERM;		/* a new name is a launcher's to make */
	} else if ((ds.ds_flags & DSF_INTR) &&
	    (error = devgrant_intr_check(p)) != 0) {
		/* no line to give it, or taken: nothing made */
	} else {
		error = agent_dev_make(ds.ds_name, ds.ds_flags, ds.ds_secsize,
		    ds.ds_mediasize, ds.ds_maxio, devgrant_hw(p), &ad);
	}
	if (error == 0 && (ds.ds_flags & DSF_INTR))
		error = devgrant_intr(p, &ad->ad_port);
	if (error == 0) {		/* every check passed: now change it */
		if (newmedium) {
			ad->ad_cdev.si_secsize = ds.ds_secsize;
			ad->ad_cdev.si_mediasize = ds.ds_mediasize;
		}
		ad->ad_cdev.si_iosize_max = ds.ds_maxio; /* perhaps a new
					 * largest transfer */
		callout_stop(&ad->ad_grace);
		ad->ad_state = AD_SERVED;
		ad->ad_svc = as;
		ad->ad_unit = ds.ds_unit;
		ad->ad_timo = timo;
		ad->ad_physio = agent_physalign(&ds);
		ad->ad_idx = as->as_ndev;
		as->as_dev[as->as_ndev++] = ad;
		if (ds.ds_flags & DSF_INTR)
			as->as_intr = true;
		if (ds.ds_flags & DSF_GONE)
			dev_gone(&ad->ad_cdev);	/* what is queued waits */
		else
			dev_back(&ad->ad_cdev);
		if (nas != NULL)
			p->p_svc[svc] = nas;
		if (ds.ds_flags & DSF_PING)
			agent_ping_start(&as->as_ping);
		agent_ready(ad);
		agent_watch_arm(ad);
	}
	crit_exit();
	if (error != 0) {
		if (nas != NULL)
			kfree(nas, M_AGENT);
		return (error);
	}
	sysmsg->sm_retval = svc;
	return (0);
}

/*
 * kern.agent_devs: a line "name state pid messages interrupts" per
 * device served by processes so far: state served, gone (served,
 * SI_GONE), orphan (its driver died, a successor awaited) or none; pid
 * the serving process (0: none); the device messages its drivers took
 * from it, and the interrupt messages, so a test can tell which device
 * a message crossed the agent as.
 */
static int
sysctl_agent_devs(char *buf, size_t size, size_t *lenp)
{
	static const char *const states[] = { "none", "served", "orphan",
	    "none" };
	struct agent_dev *ad;
	size_t len = 0;
	int i;

	buf[0] = '\0';
	crit_enter();
	for (i = 0; i < AGENT_NDEV && len < size; i++) {
		ad = &agent_devs[i];
		if (ad->ad_state == AD_FREE)
			continue;
		len += ksnprintf(buf + len, size - len, "%s %s %d %u %u\n",
		    ad->ad_name, ad->ad_state == AD_SERVED &&
		    (ad->ad_cdev.si_flags & SI_GONE) ? "gone" :
		    states[ad->ad_state], ad->ad_svc != NULL ?
		    ad->ad_svc->as_proc->p_pid : 0,
		    ad->ad_nrecv - ad->ad_nintr, ad->ad_nintr);
	}
	crit_exit();
	*lenp = MIN(len, size - 1);
	return (0);
}
SYSCTL_STRPROC(kern_agent_devs, "kern.agent_devs", sysctl_agent_devs,
    "devices served by user drivers: name, state, pid, device messages "
    "and interrupts received");

/*
 * Names reserved for user drivers at boot, registered gone: a device
 * made later by devserve is a one-time growth of the kernel (its devfs
 * node, its partitions), which a boot-time name avoids for the tests
 * that serve and abandon devices over and over.  uhw0 is made as if a
 * driver granted the RTC had made it (tied to that hardware), for the
 * test of the tie (test/dev/agent_fuzzhw.c).
 */
static const struct {
	const char	*name;
	uint32_t	flags;
	uint32_t	secsize;
	int64_t		mediasize;
	const char	*hw;		/* an ISA grant's name, or NULL */
} agent_reserved[] = {
	{ "uecho0", 0, 0, 0, NULL },		/* test/dev/agent_*.c */
	{ "uecho1", 0, 0, 0, NULL },
	{ "udisk0", DSF_DISK, 512, 1024 * 1024, NULL },
	{ "tdisk0", DSF_DISK, 512, 256 * 1024, NULL }, /* drvif_agent.c */
	{ "tpart0", DSF_DISK, 512, 240 * 1024, NULL },
	{ "uhw0", 0, 0, 0, "isa:rtc" },		/* agent_fuzzhw.c */
};

/* Boot: the reserved names.  May block. */
void
agent_init(void)
{
	struct agent_dev *ad;
	size_t i;

	for (i = 0; i < sizeof(agent_reserved) / sizeof(agent_reserved[0]); i++) {
		crit_enter();
		if (agent_dev_make(agent_reserved[i].name,
		    agent_reserved[i].flags, agent_reserved[i].secsize,
		    agent_reserved[i].mediasize, AGENT_IOMAX,
		    agent_reserved[i].hw == NULL ? NULL :
		    devgrant_hw_isa(agent_reserved[i].hw), &ad) == 0)
			dev_gone(&ad->ad_cdev);
		crit_exit();
	}
}

/* ---- services and devices ended ----------------------------------------- */

/* ad's grace is over and no successor came: what waits fails. */
static void
agent_grace_end(void *arg)
{
	struct agent_dev *ad = arg;

	if (ad->ad_state != AD_ORPHAN)
		return;
	ad->ad_state = AD_GONE;
	dev_gone(&ad->ad_cdev);
	agent_drain(ad, EIO);
}

/*
 * The process p exits or execs: close its services.  What each held is
 * sorted (agent_svc_release), and its devices, orphaned, wait ad_timo
 * for a successor (agent_grace_end after).  Called by the process
 * itself (no system call of its own is under way).  May block.
 */
void
agent_proc_exit(struct proc *p)
{
	struct agent_svc *as;
	struct agent_dev *ad;
	int i, k;

	for (i = 1; i <= SVC_MAX; i++) {
		if ((as = p->p_svc[i]) == NULL)
			continue;
		p->p_svc[i] = NULL;
		crit_enter();
		agent_svc_release(as);
		for (k = 0; k < as->as_ndev; k++) {
			ad = as->as_dev[k];
			ad->ad_svc = NULL;
			ad->ad_state = AD_ORPHAN;
			callout_stop(&ad->ad_watch);
			callout_reset(&ad->ad_grace, ad->ad_timo,
			    agent_grace_end, ad);
		}
		crit_exit();
		kfree(as, M_AGENT);
	}
}
