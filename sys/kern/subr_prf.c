/*
 * subr_prf.c - kprintf and friends.
 *
 * kvcprintf() is the one formatter: it walks the format and hands each
 * output character to a callback.  kprintf sends characters to the
 * console, ksnprintf to a buffer.  Supported: %d %i %u %x %X %o %p %s %c
 * %%, flags '-' and '0', a field width and a precision (numbers or '*'),
 * and the length modifiers h, l, ll, z.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/stdarg.h>

static const char hexdigits_lower[] = "0123456789abcdef";
static const char hexdigits_upper[] = "0123456789ABCDEF";

/* Emit the number n in the given base into buf backwards; returns length. */
static int
prf_number(char *buf, uint64_t n, unsigned base, bool upper)
{
	const char *digits = upper ? hexdigits_upper : hexdigits_lower;
	int len = 0;

	do {
		buf[len++] = digits[n % base];
		n /= base;
	} while (n != 0);
	return (len);
}

/*
 * Format fmt with ap, calling out(c, arg) for every character.  Returns
 * the number of characters produced.
 */
int
kvcprintf(const char *fmt, void (*out)(int, void *), void *arg, va_list ap)
{
	char nbuf[24];
	int count = 0;

#define PUT(c)	do { out((c), arg); count++; } while (0)

	for (; *fmt != '\0'; fmt++) {
		bool left = false, zero = false, neg = false, upper = false;
		int width = 0, prec = -1, lmod = 0, len, pad;
		unsigned base = 10;
		uint64_t n = 0;
		const char *s;

		if (*fmt != '%') {
			PUT(*fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lmod++;
			else if (*fmt == 'h' || *fmt == 'z')
				continue;
			else
				break;
		}

		switch (*fmt) {
		case 'c':
			nbuf[0] = (char)va_arg(ap, int);
			s = nbuf;
			len = 1;
			goto emit_string;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			len = (int)strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);
		emit_string:
			pad = width > len ? width - len : 0;
			if (!left)
				while (pad-- > 0)
					PUT(' ');
			while (len-- > 0)
				PUT(*s++);
			if (left)
				while (pad-- > 0)
					PUT(' ');
			continue;
		case 'd':
		case 'i':
			if (lmod >= 2) {
				int64_t v = va_arg(ap, int64_t);
				neg = v < 0;
				n = neg ? -(uint64_t)v : (uint64_t)v;
			} else {
				long v = va_arg(ap, long);
				neg = v < 0;
				n = neg ? -(uint64_t)(int64_t)v : (uint64_t)v;
			}
			break;
		case 'p':
			n = (uintptr_t)va_arg(ap, void *);
			base = 16;
			PUT('0');
			PUT('x');
			break;
		case 'X':
			upper = true;
			/* FALLTHROUGH */
		case 'x':
			base = 16;
			goto unsigned_arg;
		case 'o':
			base = 8;
			goto unsigned_arg;
		case 'u':
		unsigned_arg:
			if (lmod >= 2)
				n = va_arg(ap, uint64_t);
			else
				n = va_arg(ap, unsigned long);
			break;
		case '%':
			PUT('%');
			continue;
		case '\0':
			fmt--;
			continue;
		default:
			PUT('%');
			PUT(*fmt);
			continue;
		}

		/* A number: digits (reversed in nbuf), sign, padding. */
		len = prf_number(nbuf, n, base, upper);
		if (prec >= 0)
			zero = false;
		{
			int digits = len > prec ? len : prec;
			int total = digits + (neg ? 1 : 0);

			pad = width > total ? width - total : 0;
			if (!left && !zero)
				while (pad-- > 0)
					PUT(' ');
			if (neg)
				PUT('-');
			if (!left && zero)
				while (pad-- > 0)
					PUT('0');
			while (digits-- > len)
				PUT('0');
			while (len-- > 0)
				PUT(nbuf[len]);
			if (left)
				while (pad-- > 0)
					PUT(' ');
		}
	}
#undef PUT
	return (count);
}

static void
kputchar(int c, void *arg __unused)
{
	if (c == '\n')
		cnputc('\r');
	cnputc(c);
}

int
kvprintf(const char *fmt, va_list ap)
{
	return (kvcprintf(fmt, kputchar, NULL, ap));
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return (n);
}

struct snprintf_arg {
	char	*buf;
	size_t	left;		/* room, counting the final NUL */
};

static void
snprintf_putc(int c, void *arg)
{
	struct snprintf_arg *sa = arg;

	if (sa->left > 1) {
		*sa->buf++ = (char)c;
		sa->left--;
	}
}

/* Format into buf (always NUL-terminated if size > 0); returns the length
 * the full output would have had. */
int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snprintf_arg sa = { buf, size };
	int n;

	n = kvcprintf(fmt, snprintf_putc, &sa, ap);
	if (size > 0)
		*sa.buf = '\0';
	return (n);
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}
