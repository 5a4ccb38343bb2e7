#!/usr/bin/env python3
"""insnprof.py - where the instructions of one operation go, per function.

    insnprof.py -k KERNEL.elf -p NAME=PROGRAM ... -n N \\
        LABEL:FEW.txt:MANY.txt [LABEL:FEW.txt:MANY.txt]

Each FEW/MANY pair is two insnprof.c outputs of boots that differ only
in the number of operations (MANY has N more): their difference, over
N, is what one operation costs in each function, boot and warm-up
cancelling out.  A block is named by the symbol below its address: in
the kernel for kernel addresses, else in the program (-p) whose file
holds the block's first instruction bytes at that address (every user
program is linked at the same base).  The idle loop's spin while the
guest waits for the device (the blocks of lwkt_idle_loop that ran at
least a hundredth as often as its busiest: cpu_sti_spin's loop) is
shown apart as (idle spin), as make bench's figures leave out its
iterations; the rest of the idle loop (entering and leaving it)
counts.

With two pairs (say the user driver's and the in-kernel driver's) the
table has a column for each and their difference, largest first, and
the totals of each side: kernel, and each program.
"""
import argparse, bisect, collections, subprocess, sys

IDLE = 'k:(idle spin)'
KBASE = 0xc0000000


class Image:
    """An ELF file's function symbols and loadable bytes."""

    def __init__(self, path):
        out = subprocess.run(['nm', '-n', '--defined-only', path],
                             capture_output=True, text=True,
                             check=True).stdout
        self.addr, self.name = [], []
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in 'tTwW':
                self.addr.append(int(f[0], 16))
                self.name.append(f[2])
        self.data = open(path, 'rb').read()
        out = subprocess.run(['readelf', '-lW', path], capture_output=True,
                             text=True, check=True).stdout
        self.segs = []
        for line in out.splitlines():
            f = line.split()
            if f and f[0] == 'LOAD':
                self.segs.append((int(f[2], 16), int(f[1], 16),
                                  int(f[4], 16)))

    def holds(self, vaddr, code):
        for va, off, size in self.segs:
            if va <= vaddr and vaddr + len(code) <= va + size:
                o = off + vaddr - va
                return self.data[o:o + len(code)] == code
        return False

    def symbol(self, vaddr):
        i = bisect.bisect_right(self.addr, vaddr) - 1
        return self.name[i] if i >= 0 else '?'


def load(path, kernel, progs, memo):
    """Instructions per function name ('k:fn', 'prog:fn') in one output."""
    count = collections.Counter()
    idleloop = []		# the idle loop's blocks: (execs, instructions)
    for line in open(path):
        f = line.split()
        if len(f) < 3:
            continue
        vaddr, n, execs = int(f[0], 16), int(f[1]), int(f[2])
        code = bytes.fromhex(f[3]) if len(f) > 3 else b''
        key = (vaddr, code)
        if key not in memo:
            if vaddr >= KBASE:
                memo[key] = 'k:' + kernel.symbol(vaddr)
            else:
                memo[key] = 'user:?'
                for name, img in progs.items():
                    if code and img.holds(vaddr, code):
                        memo[key] = name + ':' + img.symbol(vaddr)
                        break
        count[memo[key]] += n * execs
        if memo[key] == 'k:lwkt_idle_loop':
            idleloop.append((execs, n))
    # The spin's blocks (its loop is cut in two, and -icount cuts it
    # again) run a million times where the rest of the loop runs once
    # per wait.
    most = max((e for e, n in idleloop), default=0)
    for execs, n in idleloop:
        if execs * 100 >= most:
            count['k:lwkt_idle_loop'] -= execs * n
            count[IDLE] += execs * n
    return count


def side(fn):
    return fn.split(':', 1)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-k', required=True, help='kernel ELF with symbols')
    ap.add_argument('-p', action='append', default=[], help='NAME=ELF')
    ap.add_argument('-n', type=int, required=True,
                    help='operations MANY has beyond FEW')
    ap.add_argument('--min', type=float, default=4.0,
                    help='hide rows below this many instructions')
    ap.add_argument('pairs', nargs='+', help='LABEL:FEW:MANY')
    a = ap.parse_args()
    kernel = Image(a.k)
    progs = {}
    for p in a.p:
        name, path = p.split('=', 1)
        progs[name] = Image(path)
    memo = {}
    labels, per = [], []
    for pair in a.pairs:
        label, few, many = pair.split(':')
        x = load(few, kernel, progs, memo)
        y = load(many, kernel, progs, memo)
        labels.append(label)
        per.append({fn: (y[fn] - x[fn]) / a.n for fn in set(x) | set(y)})
    fns = set().union(*per)
    idle = lambda fn: fn == IDLE
    print('instructions per operation (%d operations)' % a.n)
    print()
    head = ''.join('%10s' % l for l in labels)
    if len(per) == 2:
        head += '%10s' % 'diff'
    totals = [collections.Counter() for _ in per]
    for i, d in enumerate(per):
        for fn, v in d.items():
            totals[i]['IDLE' if idle(fn) else side(fn)] += v
    print(head + '  total by side')
    for s in sorted(set().union(*totals)):
        row = [t[s] for t in totals]
        line = ''.join('%10.0f' % v for v in row)
        if len(row) == 2:
            line += '%10.0f' % (row[0] - row[1])
        print(line + '  ' + s)
    row = [sum(v for k, v in t.items() if k != 'IDLE') for t in totals]
    line = ''.join('%10.0f' % v for v in row)
    if len(row) == 2:
        line += '%10.0f' % (row[0] - row[1])
    print(line + '  all but IDLE')
    print()
    print(head + '  function')
    key = (lambda fn: -abs(per[0].get(fn, 0) - per[1].get(fn, 0))) \
        if len(per) == 2 else (lambda fn: -per[0].get(fn, 0))
    for fn in sorted(fns, key=key):
        if idle(fn):
            continue
        row = [d.get(fn, 0) for d in per]
        if max(abs(v) for v in row) < a.min:
            continue
        line = ''.join('%10.1f' % v for v in row)
        if len(row) == 2:
            line += '%10.1f' % (row[0] - row[1])
        print(line + '  ' + fn)


if __name__ == '__main__':
    sys.exit(main())
