/*
 * subr_boot.c - the boot command line and boot modules.
 *
 * The command line is a list of words: bare flags ("tests") and
 * name=value settings ("tests=msg_abort_queued").  Modules are found by
 * the last path component of their Multiboot command line.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/boot.h>
#include <machine/pmap.h>

/* Find word number n's start and length; false if there is none. */
static bool
cmdline_word(const char *s, int n, const char **wp, size_t *lenp)
{
	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return (false);
		*wp = s;
		while (*s != '\0' && *s != ' ')
			s++;
		*lenp = (size_t)(s - *wp);
		if (n-- == 0)
			return (true);
	}
}

/* Whether the bare word appears on the command line.  The first word is
 * the kernel's own path (GRUB passes it) and is skipped if it has a '/'. */
bool
boot_has_flag(const char *word)
{
	size_t len, wlen = strlen(word);
	const char *w;
	int n;

	for (n = 0; cmdline_word(bootinfo.bi_cmdline, n, &w, &len); n++) {
		if (len == wlen && strncmp(w, word, len) == 0)
			return (true);
	}
	return (false);
}

/*
 * The command line's words, each ended by a NUL where a space was: made
 * on the first boot_getenv() (the main thread, at boot) and never
 * changed after, so every value returned stays valid and distinct.
 */
static char boot_words[BOOT_CMDLINE_MAX];
static bool boot_words_made;

/* The value of name=value on the command line (up to the next space),
 * or NULL.  The string lives as long as the kernel. */
const char *
boot_getenv(const char *name)
{
	size_t len, nlen = strlen(name);
	const char *w;
	char *p;
	int n;

	if (!boot_words_made) {
		strlcpy(boot_words, bootinfo.bi_cmdline, sizeof(boot_words));
		boot_words_made = true;
	}
	for (n = 0; cmdline_word(bootinfo.bi_cmdline, n, &w, &len); n++) {
		if (len > nlen && w[nlen] == '=' && strncmp(w, name, nlen) == 0) {
			p = boot_words + (w - bootinfo.bi_cmdline);
			p[len] = '\0';		/* the space after it */
			return (p + nlen + 1);
		}
	}
	return (NULL);
}

static const char *
basename_of(const char *path)
{
	const char *p, *base = path;

	for (p = path; *p != '\0'; p++) {
		if (*p == '/')
			base = p + 1;
	}
	return (base);
}

/* The boot module whose name (last path component of its command line,
 * up to the first space) is name, or NULL. */
const struct boot_module *
boot_module_find(const char *name)
{
	int i;

	for (i = 0; i < bootinfo.bi_nmodules; i++) {
		const struct boot_module *bm = &bootinfo.bi_modules[i];
		const char *b = basename_of(bm->bm_name);
		size_t n = strlen(name);

		if (strncmp(b, name, n) == 0 && (b[n] == '\0' || b[n] == ' '))
			return (bm);
	}
	return (NULL);
}

/* A kernel pointer to a module's contents (modules are direct-mapped). */
void *
boot_module_data(const struct boot_module *bm)
{
	KASSERT(bm->bm_end <= dmap_limit,
	    ("boot_module_data: module %s is not direct-mapped", bm->bm_name));
	return ((void *)PHYS_TO_DMAP(bm->bm_start));
}
