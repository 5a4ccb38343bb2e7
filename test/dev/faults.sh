#!/bin/sh
# faults.sh - make faults: a fault-injection campaign of any length as
# one command, in several boots (lib/libdrv/drvfault.c makes the faults,
# test/dev/udrv_fault.c reads and checks the disks in each boot).
#
# Called by the Makefile with QEMU, QEMU_COMMON, QEMU_DISKS (its disk
# options with @IDE@ and @VD@ for the image paths), KERNEL, BOOTMOD,
# BOOTFS, DISK_IDE, DISK_VD and OBJ in the environment, and:
#
#   FAULTS        faults in all
#   FAULT_SEED    the first boot's seed; boot i (from 0) has seed
#                 FAULT_SEED + i, so no two boots make the same faults
#   FAULT_RATE    one fault per RATE injection points
#   FAULT_CHUNK   faults per boot (the last boot takes the rest)
#   FAULT_JOBS    boots at once (each a QEMU: at most the host's cores;
#                 worker j runs boots j, j + FAULT_JOBS, ...)
#   FAULT_TIMEOUT seconds a boot may take
#   FAULT_BOOTARGS boot words added to each boot's command line (the
#                 campaign's deadline: kern.agent_fault_timeout_ms=...)
#
# Each boot gets fresh copies of the disk images and must end with
# udrv_fault passed, no panic, and both images unchanged (the readers
# only read).  Each boot's result line goes to $OBJ/faults/results.txt
# as it ends (so a campaign stopped early still has what it made), and
# the sum is printed in the README's fault table's order.  Exits 1 if
# any boot failed.
set -u
: "${QEMU:?}" "${KERNEL:?}" "${BOOTMOD:?}" "${BOOTFS:?}" "${QEMU_DISKS:?}"
: "${DISK_IDE:?}" "${DISK_VD:?}" "${FAULTS:?}"
OBJ=${OBJ:-obj}
FAULT_SEED=${FAULT_SEED:-1}
FAULT_RATE=${FAULT_RATE:-20}
FAULT_CHUNK=${FAULT_CHUNK:-$FAULTS}
FAULT_JOBS=${FAULT_JOBS:-1}
FAULT_TIMEOUT=${FAULT_TIMEOUT:-86400}
FAULT_BOOTARGS=${FAULT_BOOTARGS:-}
dir=$OBJ/faults
rm -rf "$dir"
mkdir -p "$dir"
results=$dir/results.txt
: > "$results"
nboots=$(( (FAULTS + FAULT_CHUNK - 1) / FAULT_CHUNK ))
start=$(date +%s)
echo "faults: $FAULTS faults in $nboots boot(s) of up to $FAULT_CHUNK, $FAULT_JOBS at once, seeds $FAULT_SEED.., rate $FAULT_RATE ($FAULT_BOOTARGS); logs $dir/boot-N.log"

# The 18 numbers of udrv_fault's summary line, in its order (faults and
# the five kinds; reads, correct, short, explicit errors, EIO, ENXIO,
# other, wrong; the agent's four), space-separated; nothing if the line
# is not there or not in that form.
numbers() {
	n=$(grep '^udrv_fault: [0-9]* faults (' "$1" | tail -n 1 |
	    sed 's/ into [^;]*;/;/; s/, the last errno [0-9]*//' |
	    grep -o '[0-9][0-9]*' | tr '\n' ' ')
	set -- $n
	[ $# -eq 18 ] && echo "$n"
}

# boot I: one boot of the campaign, in the background of the caller.
boot() {
	i=$1
	seed=$((FAULT_SEED + i))
	goal=$FAULT_CHUNK
	[ $(( (i + 1) * FAULT_CHUNK )) -gt "$FAULTS" ] && goal=$((FAULTS - i * FAULT_CHUNK))
	d=$dir/$i
	log=$dir/boot-$i.log
	mkdir -p "$d"
	cp "$DISK_IDE" "$d/disk-ide.img"
	cp "$DISK_VD" "$d/disk-vd.img"
	disks=$(echo "$QEMU_DISKS" | sed "s|@IDE@|$d/disk-ide.img|; s|@VD@|$d/disk-vd.img|")
	t0=$(date +%s)
	timeout "$FAULT_TIMEOUT" $QEMU $QEMU_COMMON -display none -serial stdio \
		-monitor none -kernel "$KERNEL" \
		-append "drivers=user udrv_faults=$seed:$FAULT_RATE:$goal $FAULT_BOOTARGS utest=udrv_fault" \
		$disks -initrd "$BOOTMOD bootcheck.txt,$BOOTFS bootfs.tar" \
		> "$log" 2>&1 < /dev/null
	status=$?
	secs=$(( $(date +%s) - t0 ))
	tr -d '\r' < "$log" > "$log.txt" && mv "$log.txt" "$log"
	why=
	if [ "$status" -eq 124 ]; then
		why="timed out after ${FAULT_TIMEOUT}s"
	elif grep -q '^panic' "$log"; then
		why="the kernel panicked"
	elif ! grep -q '^PASS user:udrv_fault$' "$log"; then
		why="udrv_fault did not pass"
	elif ! cmp -s "$DISK_IDE" "$d/disk-ide.img" || ! cmp -s "$DISK_VD" "$d/disk-vd.img"; then
		why="a disk image changed"
	fi
	n=$(numbers "$log")
	if [ -n "$why" ] || [ -z "$n" ]; then
		echo "faults: boot $i (seed $seed, $goal faults): FAILED: ${why:-no result line} (log $log)"
		tail -n 20 "$log"
		echo "FAIL $i $seed $secs" >> "$results"
	else
		echo "faults: boot $i (seed $seed): $(grep '^udrv_fault: [0-9]* faults (' "$log" | tail -n 1 | sed 's/^udrv_fault: //') (${secs} s)"
		echo "OK $i $seed $secs $n" >> "$results"
		rm -rf "$d"
	fi
}

# The sum of the boots ended so far (results.txt), in the README's
# fault table's order, and the rate.
summary() {
	secs=$(( $(date +%s) - start ))
	awk -v secs="$secs" -v nboots="$nboots" '
	$1 == "FAIL" { failed++ }
	$1 == "OK" { ok++; for (k = 5; k <= NF; k++) s[k] += $k }
	function c(n,  t, r) {	# n with thousands commas
		t = sprintf("%d", n); r = ""
		while (length(t) > 3) { r = "," substr(t, length(t) - 2) r; t = substr(t, 1, length(t) - 3) }
		return t r
	}
	END {
		printf("faults: %d of %d boots passed, %d failed, in %d min %d s\n", ok, nboots, failed, secs / 60, secs % 60)
		if (ok == 0)
			exit
		printf("faults: total %s: %s, %s, %s, %s, %s | reads %s: %s, %s (EIO %s, ENXIO %s, other %s), %s | agent %s, %s, %s, %s\n",
		    c(s[5]), c(s[6]), c(s[7]), c(s[8]), c(s[9]), c(s[10]),
		    c(s[11]), c(s[12]), c(s[14]), c(s[15]), c(s[16]), c(s[17]), c(s[18]),
		    c(s[19]), c(s[20]), c(s[21]), c(s[22]))
		printf("faults: %d faults a second\n", s[5] / (secs > 0 ? secs : 1))
	}' "$results"
}

# worker J: boots J, J + FAULT_JOBS, ... one after another, the sum so
# far after each; FAULT_JOBS workers at once, so a long boot holds up
# only its own worker's next.
worker() {
	k=$1
	while [ "$k" -lt "$nboots" ]; do
		boot "$k"
		summary
		k=$((k + FAULT_JOBS))
	done
}

j=0
while [ $j -lt "$FAULT_JOBS" ]; do
	worker $j &
	j=$((j + 1))
done
wait

! grep -q '^FAIL' "$results" && [ "$(grep -c '^OK' "$results")" -eq "$nboots" ]
