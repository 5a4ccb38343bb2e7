/*
 * rtc.c - read the CMOS real-time clock once at boot.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <machine/cpufunc.h>

int	cmos_read_time(int64_t *secp);

static uint8_t
cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return (inb(0x71));
}

static int
bcd(int v)
{
	return ((v >> 4) * 10 + (v & 15));
}

/* Seconds since 1970-01-01 00:00 UTC from the CMOS clock. */
int
cmos_read_time(int64_t *secp)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int sec, min, hour, day, mon, year, spins = 100000, i;
	bool binary;
	int64_t days;

	while ((cmos_read(0x0a) & 0x80) && --spins > 0)
		;			/* update in progress */
	binary = (cmos_read(0x0b) & 0x04) != 0;
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	if (!binary) {
		sec = bcd(sec);
		min = bcd(min);
		hour = bcd(hour & 0x7f);
		day = bcd(day);
		mon = bcd(mon);
		year = bcd(year);
	}
	year += 2000;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return (EINVAL);
	days = 0;
	for (i = 1970; i < year; i++)
		days += (i % 4 == 0 && (i % 100 != 0 || i % 400 == 0)) ? 366 : 365;
	for (i = 0; i < mon - 1; i++)
		days += mdays[i];
	if (mon > 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		days++;
	days += day - 1;
	*secp = ((days * 24 + hour) * 60 + min) * 60 + sec;
	return (0);
}
