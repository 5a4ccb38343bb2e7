#!/bin/sh
# bench_tables.sh LOG... - write the README's benchmark tables from the
# BENCH lines of `make bench`.
#
# test/bench/tables.md holds the tables as templates: "@table NAME"
# starts one, and in its lines {fig} stands for the value of "BENCH fig"
# and {a,b,c} for the values of a, b and c joined by " / " (integers get
# thousands separators); {a:b} is a over b, as "1.23x".  README.md marks where each goes:
#
#	<!-- bench:NAME -->
#	...replaced...
#	<!-- /bench:NAME -->
#
# A figure missing from the logs, or a table without its place in the
# README, is an error: the README never keeps a typed or stale figure.
set -eu
TEMPLATE=test/bench/tables.md
README=README.md
cat "$@" | tr -d '\r' | grep '^BENCH ' > "$README.figs" || true
awk -v figs="$README.figs" -v template="$TEMPLATE" '
function fmt(v,   s, out) {
	if (v !~ /^[0-9]+$/)
		return v
	s = v; out = ""
	while (length(s) > 3) {
		out = "," substr(s, length(s) - 2) out
		s = substr(s, 1, length(s) - 3)
	}
	return s out
}
function expand(line,   out, inner, n, names, i, joined) {
	out = ""
	while (match(line, /\{[^}]*\}/)) {
		inner = substr(line, RSTART + 1, RLENGTH - 2)
		if (split(inner, names, ":") == 2) {
			if (!(names[1] in val) || !(names[2] in val) ||
			    val[names[2]] + 0 == 0) {
				print "bench_tables: no figures for " inner > "/dev/stderr"
				bad = 1
				joined = "?"
			} else
				joined = sprintf("%.2fx", val[names[1]] / val[names[2]])
			out = out substr(line, 1, RSTART - 1) joined
			line = substr(line, RSTART + RLENGTH)
			continue
		}
		n = split(inner, names, ",")
		joined = ""
		for (i = 1; i <= n; i++) {
			if (!(names[i] in val)) {
				print "bench_tables: no figure " names[i] > "/dev/stderr"
				bad = 1
			}
			joined = joined (i > 1 ? " / " : "") fmt(val[names[i]])
		}
		out = out substr(line, 1, RSTART - 1) joined
		line = substr(line, RSTART + RLENGTH)
	}
	return out line
}
BEGIN {
	while ((getline l < figs) > 0) {
		split(l, f, " ")
		val[f[2]] = f[3]
	}
	while ((getline l < template) > 0) {
		if (l ~ /^@table /) {
			cur = substr(l, 8); tables[cur] = ""; continue
		}
		if (cur != "" && l !~ /^#/ && l != "")
			tables[cur] = tables[cur] expand(l) "\n"
	}
}
/^<!-- bench:[a-z0-9_]+ -->$/ {
	name = $0; sub(/^<!-- bench:/, "", name); sub(/ -->$/, "", name)
	if (!(name in tables)) {
		print "bench_tables: no template for " name > "/dev/stderr"; bad = 1
	}
	print; printf "%s", tables[name]; skip = 1; done[name] = 1; next
}
/^<!-- \/bench:[a-z0-9_]+ -->$/ { skip = 0 }
!skip { print }
END {
	for (t in tables)
		if (!(t in done)) {
			print "bench_tables: README.md has no place for " t > "/dev/stderr"
			bad = 1
		}
	exit bad
}' "$README" > "$README.new" || { rm -f "$README.new" "$README.figs"; exit 1; }
rm -f "$README.figs"
mv "$README.new" "$README"
