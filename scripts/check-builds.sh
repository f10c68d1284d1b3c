#!/bin/bash
# make check-builds [ROWS=regex] [STAGES="check builds"] [BASE_SIDE=always]:
# the build matrix of configs/builds.list. Each build runs on the series
# (build/builds/NAME) and on the base alone, a worktree at build/base, with
# the series' .config (build/builds/base/NAME). It passes if the series builds
# and adds no warning that the base build does not have. A series build with
# no warning has none to compare: its base side is not built (base warnings
# "-"), unless the cache below has it or BASE_SIDE=always asks for the base's
# count anyway. make check runs STAGES=check into its own results. The table
# goes to build/builds/table.md: the last result of every row, so that a run
# of a few ROWS updates just those; a row last run on other commits, or with
# other configuration files (the row's line and the fragments it names), says
# so. Refuses a kernel tree with uncommitted changes: a result belongs to a
# commit.
. "$(dirname "$0")/lib.sh"
need_base_tree
! tree_dirty || die "$KTREE has uncommitted changes: commit them, or stash them"
own_results builds
stages=${STAGES:-check builds}
table=$BUILD/builds/table.md
mkdir -p "$BUILD/builds"
series_id=$(kgit rev-parse --short HEAD)

# What a row's result depends on besides the kernel: its line in the list and
# the configuration files it names (with their includes), as a short hash.
row_inputs() { # NAME
	local line config c
	line=$(row_of "$1")
	config=$(awk '{ print $5 }' <<<"$line")
	{
		echo "$line"
		for c in ${config//,/ }; do
			c=${c#@}
			[ ! -f "$TOP/configs/$c.config" ] || expand_config "$c"
		done
		[[ $config != @* ]] || cat "$TOP/configs/base.config"
	} | sha1sum | cut -c1-8
}

# The series' own files, the objects and kernel-doc jobs check them: every
# .c and .h it adds or changes, but tools, scripts and documentation.
changed=$(kgit diff-tree -r --no-renames --name-only --diff-filter=d base HEAD -- \
	':!tools' ':!scripts' ':!Documentation' ':!samples')
OBJECTS=$(grep '\.c$' <<<"$changed" | paste -sd' ' - || true)
DOCFILES=$(grep '\.[ch]$' <<<"$changed" | paste -sd' ' - || true)
# And the sources that use what the series adds or changes in its headers:
# every macro or function of a changed header whose definition has an added
# line (the entry macros the exception handlers are defined with, the inline
# rights changes...), where the configuration builds them.
changed_defs() { # HEADER: the macros and functions with added lines
	kgit diff -U0 base HEAD -- "$1" | sed -En 's/^@@ -[0-9,]+ \+([0-9]+)(,([0-9]+))? @@.*/\1 \3/p' |
		awk -v f="$KTREE/$1" '
		{ n = ($2 == "") ? 1 : $2; for (i = $1; i < $1 + n; i++) changed[i] = 1 }
		END {
			while ((getline l < f) > 0) {
				ln++
				if (!inmac && match(l, /^#define [A-Za-z_][A-Za-z0-9_]*/)) {
					cur = substr(l, 9, RLENGTH - 8); inmac = 1
				} else if (!inmac && !infn && match(l, /^(static )?[a-z_ ]*[ *][a-z_][a-z0-9_]*\(/)) {
					cur = substr(l, 1, RLENGTH - 1); sub(/.*[ *]/, "", cur); infn = 1
				}
				if ((inmac || infn) && changed[ln]) print cur
				if (inmac && l !~ /\\$/) inmac = 0
				if (infn && l ~ /^}/) infn = 0
				if (infn && l ~ /;$/ && l !~ /^[ \t]/) infn = 0
			}
		}' | sort -u
}
idents=$(for h in $(grep '\.h$' <<<"$changed"); do changed_defs "$h"; done | sort -u |
	grep -vE '^_.*_H$|^TRACE_SYSTEM$' | paste -sd'|' - || true)
USERS=$([ -z "$idents" ] || kgit grep -lwE "$idents" HEAD -- 'arch/x86/*.c' 'kernel/*.c' 'mm/*.c' |
	sed 's/^HEAD://' | grep -vxF -f <(tr ' ' '\n' <<<"$OBJECTS") | paste -sd' ' - || true)
export OBJECTS DOCFILES USERS

# The base never changes: its build of a row, given the same .config (that
# it makes of the series' one), job, files to check, toolchain and build
# scripts, warns the same. Its warnings are kept in build/builds/base-cache,
# keyed by all of these, so that a row run again on a new version of the
# series builds the series alone.
base_key() { # NAME DOTCONFIG: the .config is the one the base makes of it
	local arch cc tmp=$BUILD/builds/base-cache/tmp
	read -r _ _ arch cc _ < <(row_of "$1")
	if [ -n "$2" ]; then
		rm -rf "$tmp" && mkdir -p "$tmp"
		cp "$2" "$tmp/.config"
		kmake_in "$BASETREE" "$tmp" "$arch" "$cc" olddefconfig >/dev/null 2>&1 ||
			echo "no .config: $(date +%s%N)" >"$tmp/.config"
	fi
	{
		# The tree's path too: the warnings are compared with it removed.
		echo "$BASETREE"
		kgit rev-parse base^{commit}
		row_of "$1"
		[ -z "$2" ] || cat "$tmp/.config"
		echo "$OBJECTS" "$DOCFILES" "$USERS"
		gcc --version | head -1
		clang --version 2>/dev/null | head -1
		cat "$TOP/scripts/kbuild.sh" "$TOP/scripts/lib.sh"
	} | sha1sum | cut -c1-16
}
base_cached() { # NAME [DOTCONFIG]: are the base's warnings in the cache?
	[ -f "$BUILD/builds/base-cache/$(base_key "$1" "${2:-}")/warnings" ]
}
base_build() { # NAME OUT [DOTCONFIG]
	local cache
	cache=$BUILD/builds/base-cache/$(base_key "$1" "${3:-}")
	if [ -f "$cache/warnings" ]; then
		rm -rf "$2" && mkdir -p "$2"
		cp "$cache/warnings" "$2/warnings"
		echo "# the base's warnings from $cache (same inputs)" >"$2/reproduce"
		note "$1: the base's build from the cache"
		return 0
	fi
	"$TOP/scripts/kbuild.sh" -b "$1" "$BASETREE" "$2" ${3:+"$3"} || return 1
	mkdir -p "$cache"
	cp "$2/warnings" "$cache/warnings"
}

while read -r name stage arch cc config job <&3; do
	[[ " $stages " == *" $stage "* && $name =~ ${ROWS:-.} ]] || continue
	t0=$(date +%s)
	s=$BUILD/builds/$name b=$BUILD/builds/base/$name
	nb=- ns=- nn=- verdict=fail reason=
	note "build $name: $arch $cc $config $job"
	reason=$(toolchain_too_old "$arch" "$cc")
	if [ -n "$reason" ]; then
		# Not a pass: the row is skipped on this base, saying why.
		verdict=skip
	elif "$TOP/scripts/kbuild.sh" "$name" "$KTREE" "$s"; then
		dotconfig=
		[ ! -f "$s/.config" ] || dotconfig=$s/.config
		# The objects job: the base checks the objects the series built.
		objects=$(cat "$s/objects" 2>/dev/null || echo "$OBJECTS")
		ns=$(wc -l <"$s/warnings")
		if [ "$ns" = 0 ] && [ "${BASE_SIDE:-}" != always ] &&
			! OBJECTS=$objects base_cached "$name" $dotconfig; then
			note "$name: the series build has no warning, the base's side is not needed"
			rm -rf "$b"
			verdict=ok nn=0
		elif OBJECTS=$objects base_build "$name" "$b" $dotconfig; then
			nb=$(wc -l <"$b/warnings") ns=$(wc -l <"$s/warnings")
			new=$(new_warnings "$b/warnings" "$s/warnings")
			nn=$(grep -c . <<<"$new" || true)
			if [ "$nn" = 0 ]; then
				verdict=ok
			else
				sed -n '1,40s/^/# new: /p' <<<"$new"
				reason="$nn new warnings ($RBUILD/builds/$name/warnings)"
			fi
		else
			reason="the base does not build it: see $RBUILD/builds/base/$name/"
		fi
	else
		reason="does not build: see $RBUILD/builds/$name/"
	fi
	result "$verdict" "build: $name" "$reason"
	echo "$series_id/$(row_inputs "$name") | $name | $arch $cc $config ($job) | $verdict${reason:+: $reason} | $nb | $ns | $nn | $(($(date +%s) - t0)) s |" >"$s.row"
done 3< <(entries "$TOP/configs/builds.list")
{
	echo '| build | configuration | result | base warnings | series warnings | new | time |'
	echo '|---|---|---|---|---|---|---|'
	for name in $(entries "$TOP/configs/builds.list" | awk '{ print $1 }'); do
		if [ ! -f "$BUILD/builds/$name.row" ]; then
			echo "| $name | | not run | | | | |"
		elif IFS= read -r line <"$BUILD/builds/$name.row" &&
			[ "${line%% *}" = "$series_id/$(row_inputs "$name")" ]; then
			echo "|${line#* |}"
		else
			echo "|${line#* |}" | sed -E "s# \| (ok|fail|skip)([^|]*) \| # | \1\2 (on ${line%% *}, not HEAD or other configuration files) | #"
		fi
	done
} >"$table"
note "table in $RBUILD/builds/table.md"
own_summary
