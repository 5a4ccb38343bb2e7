/*
 * The printf formatter: %d %i %u %x %X %o %p %s %c %%, the flags
 * - 0 + space #, width and precision (digits or *), and the length
 * modifiers hh h l ll z j t.  It writes to a struct sink (local.h).
 */
#include <sys/types.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include "local.h"
#include "../stdlib/div64.h"

#define F_MINUS	0x01		/* left-justify */
#define F_ZERO	0x02		/* pad numbers with zeros */
#define F_PLUS	0x04		/* always a sign */
#define F_SPACE	0x08		/* a space where a '+' would go */
#define F_ALT	0x10		/* '#': 0x for hex, a leading 0 for octal */

enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T };

struct spec {
	int		flags;
	int		width;
	int		prec;		/* -1: not given */
	enum length	length;
	char		conv;
};

static void
drain(struct sink *sk)
{
	__stdio_put(sk->fp, sk->buf, sk->len);
	sk->len = 0;
}

static void
emit(struct sink *sk, char c)
{
	if (sk->len == sk->cap && sk->fp != NULL)
		drain(sk);
	if (sk->len < sk->cap)
		sk->buf[sk->len++] = c;
	sk->total++;
}

static void
emit_n(struct sink *sk, char c, int n)
{
	while (n-- > 0)
		emit(sk, c);
}

static void
emit_str(struct sink *sk, const char *s, size_t n)
{
	while (n-- > 0)
		emit(sk, *s++);
}

/* Read digits or a '*' argument; return the number. */
static int
read_number(const char **fp, va_list *ap, bool *star)
{
	const char *f = *fp;
	int n = 0;

	*star = *f == '*';
	if (*star) {
		*fp = f + 1;
		return (va_arg(*ap, int));
	}
	for (; *f >= '0' && *f <= '9'; f++)
		n = n * 10 + (*f - '0');
	*fp = f;
	return (n);
}

static const char *
read_flags(const char *f, struct spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-': sp->flags |= F_MINUS; break;
		case '0': sp->flags |= F_ZERO; break;
		case '+': sp->flags |= F_PLUS; break;
		case ' ': sp->flags |= F_SPACE; break;
		case '#': sp->flags |= F_ALT; break;
		default: return (f);
		}
	}
}

static const char *
read_length(const char *f, struct spec *sp)
{
	switch (*f) {
	case 'h':
		sp->length = f[1] == 'h' ? L_HH : L_H;
		return (f + (f[1] == 'h' ? 2 : 1));
	case 'l':
		sp->length = f[1] == 'l' ? L_LL : L_L;
		return (f + (f[1] == 'l' ? 2 : 1));
	case 'z': sp->length = L_Z; return (f + 1);
	case 'j': sp->length = L_J; return (f + 1);
	case 't': sp->length = L_T; return (f + 1);
	default: sp->length = L_NONE; return (f);
	}
}

/* Parse one conversion spec; f points just past the '%'. */
static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	bool star;

	sp->flags = 0;
	sp->prec = -1;
	f = read_flags(f, sp);
	sp->width = read_number(&f, ap, &star);
	if (sp->width < 0) {		/* a negative '*' width means '-' */
		sp->flags |= F_MINUS;
		sp->width = sp->width == INT_MIN ? INT_MAX : -sp->width;
	}
	if (*f == '.') {
		f++;
		sp->prec = read_number(&f, ap, &star);
		if (sp->prec < 0)	/* a negative '*' precision: none */
			sp->prec = -1;
	}
	f = read_length(f, sp);
	sp->conv = *f;
	return (*f != '\0' ? f + 1 : f);
}

static int64_t
arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case L_HH: return ((signed char)va_arg(*ap, int));
	case L_H: return ((short)va_arg(*ap, int));
	case L_L: return (va_arg(*ap, long));
	case L_LL: case L_J: return (va_arg(*ap, long long));
	case L_Z: return (va_arg(*ap, ssize_t));
	case L_T: return (va_arg(*ap, ptrdiff_t));
	default: return (va_arg(*ap, int));
	}
}

static uint64_t
arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case L_HH: return ((unsigned char)va_arg(*ap, unsigned int));
	case L_H: return ((unsigned short)va_arg(*ap, unsigned int));
	case L_L: return (va_arg(*ap, unsigned long));
	case L_LL: case L_J: return (va_arg(*ap, unsigned long long));
	case L_Z: return (va_arg(*ap, size_t));
	case L_T: return ((unsigned int)va_arg(*ap, ptrdiff_t));
	default: return (va_arg(*ap, unsigned int));
	}
}

/* Write u's digits in base, least significant first; return how many. */
static int
to_digits(uint64_t u, unsigned int base, bool upper, char *out)
{
	const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	while (u != 0) {
		if (base == 10)
			out[n++] = xd[__libc_div64(&u, 10)];
		else {
			out[n++] = xd[u & (base - 1)];
			u >>= base == 16 ? 4 : 3;
		}
	}
	return (n);
}

/*
 * Print a number: [padding][sign or 0x][zeros][digits][padding].
 * prefix is "" or the sign, "0x" or "0X".
 */
static void
put_number(struct sink *sk, const struct spec *sp, uint64_t u,
    unsigned int base, const char *prefix)
{
	char digits[24];
	int nd = to_digits(u, base, sp->conv == 'X', digits);
	int zeros, len, pad;

	if (nd == 0 && sp->prec < 0)
		digits[nd++] = '0';
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	if ((sp->flags & F_ALT) && base == 8 && zeros == 0 &&
	    !(nd == 1 && digits[0] == '0'))
		zeros = 1;
	len = (int)strlen(prefix) + zeros + nd;
	if ((sp->flags & (F_ZERO | F_MINUS)) == F_ZERO && sp->prec < 0 &&
	    sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}
	pad = sp->width - len;
	if ((sp->flags & F_MINUS) == 0)
		emit_n(sk, ' ', pad);
	emit_str(sk, prefix, strlen(prefix));
	emit_n(sk, '0', zeros);
	while (nd > 0)
		emit(sk, digits[--nd]);
	if (sp->flags & F_MINUS)
		emit_n(sk, ' ', pad);
}

static void
put_signed(struct sink *sk, const struct spec *sp, int64_t v)
{
	const char *sign = "";

	if (v < 0)
		sign = "-";
	else if (sp->flags & F_PLUS)
		sign = "+";
	else if (sp->flags & F_SPACE)
		sign = " ";
	put_number(sk, sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10, sign);
}

static void
put_unsigned(struct sink *sk, const struct spec *sp, uint64_t u)
{
	unsigned int base = sp->conv == 'o' ? 8 : sp->conv == 'u' ? 10 : 16;
	const char *prefix = "";

	if ((sp->flags & F_ALT) && base == 16 && u != 0)
		prefix = sp->conv == 'X' ? "0X" : "0x";
	put_number(sk, sp, u, base, prefix);
}

/* A string or character field: n bytes of s, padded to the width. */
static void
put_field(struct sink *sk, const struct spec *sp, const char *s, size_t n)
{
	int pad = sp->width > (int)n ? sp->width - (int)n : 0;

	if ((sp->flags & F_MINUS) == 0)
		emit_n(sk, ' ', pad);
	emit_str(sk, s, n);
	if (sp->flags & F_MINUS)
		emit_n(sk, ' ', pad);
}

static void
convert(struct sink *sk, struct spec *sp, va_list *ap)
{
	const char *s;
	char c;

	switch (sp->conv) {
	case 'd': case 'i':
		put_signed(sk, sp, arg_signed(ap, sp->length));
		break;
	case 'u': case 'x': case 'X': case 'o':
		put_unsigned(sk, sp, arg_unsigned(ap, sp->length));
		break;
	case 'p':
		sp->conv = 'x';
		put_number(sk, sp, (uintptr_t)va_arg(*ap, void *), 16, "0x");
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";
		put_field(sk, sp, s,
		    sp->prec >= 0 ? strnlen(s, sp->prec) : strlen(s));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_field(sk, sp, &c, 1);
		break;
	case '%':
		emit(sk, '%');
		break;
	default:		/* unknown: print it as it was written */
		emit(sk, '%');
		if (sp->conv != '\0')
			emit(sk, sp->conv);
		break;
	}
}

/* Format into sk; return the length produced, or -1 if over INT_MAX. */
int
__format(struct sink *sk, const char *fmt, va_list ap)
{
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			emit(sk, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &aq);
		convert(sk, &sp, &aq);
	}
	va_end(aq);
	if (sk->fp != NULL && sk->len > 0)
		drain(sk);
	if (sk->total > INT_MAX) {
		errno = EOVERFLOW;
		return (-1);
	}
	return ((int)sk->total);
}
