/*
 * insnprof.c - a QEMU TCG plugin that counts the guest instructions each
 * translated block executes (make profile; a host tool, not part of the
 * kernel).
 *
 * Under -icount the benchmarks' figures are instruction counts; this
 * says where they go.  Every block QEMU translates gets a counter,
 * bumped by an inline add each time the block runs (no call into the
 * plugin on the hot path).  At exit the plugin writes one line per
 * block that ran:
 *
 *	VADDR NINSNS EXECS CODE
 *
 * VADDR the guest virtual address of its first instruction, NINSNS its
 * instructions, EXECS the times it ran, CODE the first instruction's
 * bytes in hex (up to 8): user programs are all linked at the same
 * address, so insnprof.py tells which program a block belongs to by
 * finding CODE at VADDR in that program's file.  A block that an
 * exception leaves early is counted whole: the counts are exact for
 * straight code and near for a faulting one.
 *
 * Built against the installed QEMU's plugin API (its header comes from
 * the Debian source package of the same QEMU: sys/tools/insnprof/
 * profile.sh).  Arguments: out=FILE (default insnprof.txt).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define IP_CODE	8		/* bytes of the first instruction kept */

struct ip_block {
	uint64_t	ib_vaddr;
	uint64_t	ib_ninsns;
	uint64_t	ib_execs;	/* the inline add's target */
	unsigned char	ib_code[IP_CODE];
	size_t		ib_ncode;
	struct ip_block	*ib_next;
};

static struct ip_block *ip_blocks;	/* every block translated */
static const char *ip_out = "insnprof.txt";

/* A block is translated: give it a counter that each run bumps. */
static void
ip_translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct qemu_plugin_insn *first;
	struct ip_block *b;

	(void)id;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return;				/* uncounted, not fatal */
	b->ib_vaddr = qemu_plugin_tb_vaddr(tb);
	b->ib_ninsns = qemu_plugin_tb_n_insns(tb);
	first = qemu_plugin_tb_get_insn(tb, 0);
	b->ib_ncode = qemu_plugin_insn_size(first);
	if (b->ib_ncode > IP_CODE)
		b->ib_ncode = IP_CODE;
	memcpy(b->ib_code, qemu_plugin_insn_data(first), b->ib_ncode);
	b->ib_next = ip_blocks;
	ip_blocks = b;
	qemu_plugin_register_vcpu_tb_exec_inline(tb,
	    QEMU_PLUGIN_INLINE_ADD_U64, &b->ib_execs, 1);
}

/* The guest is gone: write the counts. */
static void
ip_exit(qemu_plugin_id_t id, void *arg)
{
	struct ip_block *b;
	FILE *f;
	size_t i;

	(void)id;
	(void)arg;
	if ((f = fopen(ip_out, "w")) == NULL) {
		qemu_plugin_outs("insnprof: cannot write the output file\n");
		return;
	}
	for (b = ip_blocks; b != NULL; b = b->ib_next) {
		if (b->ib_execs == 0)
			continue;
		fprintf(f, "%llx %llu %llu ", (unsigned long long)b->ib_vaddr,
		    (unsigned long long)b->ib_ninsns,
		    (unsigned long long)b->ib_execs);
		for (i = 0; i < b->ib_ncode; i++)
			fprintf(f, "%02x", b->ib_code[i]);
		fputc('\n', f);
	}
	fclose(f);
}

QEMU_PLUGIN_EXPORT int
qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
    char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "out=", 4) == 0)
			ip_out = strdup(argv[i] + 4);
		else {
			fprintf(stderr, "insnprof: unknown argument %s\n",
			    argv[i]);
			return (-1);
		}
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, ip_translated);
	qemu_plugin_register_atexit_cb(id, ip_exit, NULL);
	return (0);
}
