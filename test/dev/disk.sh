#!/bin/sh
# disk.sh - the test disks of `make check`, and the host's check of them.
#
#   disk.sh make IMAGE    write IMAGE: DISK_MB MiB in which every 32-bit
#                         word (little-endian) holds its own byte offset,
#                         with an MBR partition table in sector 0
#   disk.sh check IMAGE   after the guest ran: the last WRITE_MB MiB (the
#                         only region guest tests write) must hold the
#                         written pattern, every word its offset XOR
#                         0xa5a5a5a5, and everything else must be as made
#
# The partition table (sector 0: boot code area zero, entries at 446,
# signature 0x55aa at 510), in 512-byte sectors:
#
#   1  type 0x83  start 2048   size 4096
#   2  type 0x0c  start 6144   size 8192
#   3  empty
#   4  type 0x83  start 16384  size 12288
#
# so the guest sees the disk and three partitions (the last ends 2 MiB
# before the end of the disk: the write region lies outside every
# partition but the whole disk).  Guest tests (test/dev/) rely on this
# layout and on these constants; keep them in step.
set -eu
DISK_MB=16
WRITE_MB=1
mode=$1 img=$2

pattern() {	# FROM_BYTE TO_BYTE XOR: the words of [FROM, TO) on stdout
	perl -e '
		my ($from, $to, $x) = @ARGV;
		for (my $o = $from; $o < $to; $o += 65536) {
			my $end = $o + 65536 < $to ? $o + 65536 : $to;
			print pack("V*", map { ($_ * 4) ^ $x } ($o / 4 .. $end / 4 - 1));
		}' "$1" "$2" "$3"
}

mbr() {		# the 512 bytes of sector 0
	perl -e '
		my $s = "\0" x 446;
		for my $p ([0x83, 2048, 4096], [0x0c, 6144, 8192], [0, 0, 0],
		    [0x83, 16384, 12288]) {
			my ($type, $start, $size) = @$p;
			$s .= $type == 0 ? "\0" x 16 :
			    pack("C C3 C C3 V V", 0, 0xfe, 0xff, 0xff, $type,
			    0xfe, 0xff, 0xff, $start, $size);
		}
		print $s, "\x55\xaa";'
}

size=$((DISK_MB * 1048576))
wstart=$(((DISK_MB - WRITE_MB) * 1048576))
case $mode in
make)
	{ mbr; pattern 512 "$size" 0; } > "$img.tmp"
	mv "$img.tmp" "$img"
	;;
check)
	{ mbr; pattern 512 "$wstart" 0; pattern "$wstart" "$size" 2779096485; } |
	    cmp - "$img"
	;;
*)
	echo "usage: disk.sh make|check IMAGE" >&2
	exit 2
	;;
esac
