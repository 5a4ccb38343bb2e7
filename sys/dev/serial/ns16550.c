/*
 * ns16550.c - the 16550 UART on COM1, used as the console.
 *
 * Output is polled: kprintf must work from any context, including panics
 * with interrupts off.  Input arrives by interrupt (IRQ 4) and is handed
 * to the console file (dev/cons) once interrupts are set up.
 * 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>

#define COM1		0x3f8
#define COM_DATA	0	/* receive/transmit buffer (DLAB=0) */
#define COM_IER		1	/* interrupt enable (DLAB=0) */
#define COM_DLL		0	/* divisor latch low (DLAB=1) */
#define COM_DLM		1	/* divisor latch high (DLAB=1) */
#define COM_FCR		2	/* FIFO control */
#define COM_LCR		3	/* line control */
#define COM_MCR		4	/* modem control */
#define COM_LSR		5	/* line status */
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_RXRDY	0x01
#define LSR_TXRDY	0x20

static bool com_present;

void
com_cninit(void)
{
	outb(COM1 + COM_IER, 0x00);
	outb(COM1 + COM_LCR, LCR_DLAB);
	outb(COM1 + COM_DLL, 1);		/* 115200 / 1 */
	outb(COM1 + COM_DLM, 0);
	outb(COM1 + COM_LCR, LCR_8N1);
	outb(COM1 + COM_FCR, 0xc7);		/* enable, clear, 14-byte */
	outb(COM1 + COM_MCR, 0x03);		/* DTR, RTS */
	com_present = inb(COM1 + COM_LSR) != 0xff;
}

void
cnputc(int c)
{
	int spins = 100000;

	if (!com_present)
		return;
	while ((inb(COM1 + COM_LSR) & LSR_TXRDY) == 0 && --spins > 0)
		cpu_pause();
	outb(COM1 + COM_DATA, (uint8_t)c);
}

static void
com_intr(void *arg __unused)
{
	int c;

	while ((c = cngetc_nowait()) >= 0)
		cons_rxchar(c);
}

/* Deliver received characters to the console by interrupt. */
void
com_intr_init(void)
{
	if (!com_present)
		return;
	intr_register(4, com_intr, NULL, "com1");
	outb(COM1 + COM_MCR, 0x0b);		/* DTR, RTS, OUT2 (IRQ gate) */
	outb(COM1 + COM_IER, 0x01);		/* receive data available */
}

/* A received character, or -1 if none is waiting. */
int
cngetc_nowait(void)
{
	if (!com_present || (inb(COM1 + COM_LSR) & LSR_RXRDY) == 0)
		return (-1);
	return (inb(COM1 + COM_DATA));
}
