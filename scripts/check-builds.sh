#!/bin/bash
# make check-builds [ROWS=regex] [STAGES="check builds"]: the build matrix of
# configs/builds.list. Each build runs on the series (build/builds/NAME) and
# on the base alone, a worktree at build/base, with the series' .config
# (build/builds/base/NAME). It passes if the series builds and adds no
# warning that the base build does not have. make check runs STAGES=check
# into its own results. The table goes to build/builds/table.md: the last
# result of every row, so that a run of a few ROWS updates just those; a row
# last run on other commits says so.
. "$(dirname "$0")/lib.sh"
need_base_tree
own_results builds
stages=${STAGES:-check builds}
table=$BUILD/builds/table.md
mkdir -p "$BUILD/builds"
series_id=$(kgit rev-parse --short HEAD)

# The series' own files, the objects and kernel-doc jobs check them: every
# .c and .h it adds or changes, but tools, scripts and documentation.
changed=$(kgit diff-tree -r --no-renames --name-only --diff-filter=d base HEAD -- \
	':!tools' ':!scripts' ':!Documentation' ':!samples')
OBJECTS=$(grep '\.c$' <<<"$changed" | paste -sd' ' - || true)
DOCFILES=$(grep '\.[ch]$' <<<"$changed" | paste -sd' ' - || true)
export OBJECTS DOCFILES

while read -r name stage arch cc config job <&3; do
	[[ " $stages " == *" $stage "* && $name =~ ${ROWS:-.} ]] || continue
	t0=$(date +%s)
	s=$BUILD/builds/$name b=$BUILD/builds/base/$name
	nb=- ns=- nn=- verdict=fail reason=
	note "build $name: $arch $cc $config $job"
	if "$TOP/scripts/kbuild.sh" "$name" "$KTREE" "$s"; then
		dotconfig=
		[ ! -f "$s/.config" ] || dotconfig=$s/.config
		# The objects job: the base checks the objects the series built.
		if OBJECTS=$(cat "$s/objects" 2>/dev/null || echo "$OBJECTS") \
			"$TOP/scripts/kbuild.sh" -b "$name" "$BASETREE" "$b" $dotconfig; then
			nb=$(wc -l <"$b/warnings") ns=$(wc -l <"$s/warnings")
			new=$(LC_ALL=C comm -13 "$b/warnings" "$s/warnings")
			nn=$(grep -c . <<<"$new" || true)
			if [ "$nn" = 0 ]; then
				verdict=ok
			else
				sed -n '1,40s/^/# new: /p' <<<"$new"
				reason="$nn new warnings (build/builds/$name/warnings)"
			fi
		else
			reason="the base does not build it: see build/builds/base/$name/"
		fi
	else
		reason="does not build: see build/builds/$name/"
	fi
	result "$verdict" "build: $name" "$reason"
	echo "$series_id | $name | $arch $cc $config ($job) | $verdict | $nb | $ns | $nn | $(($(date +%s) - t0)) s |" >"$s.row"
done 3< <(entries "$TOP/configs/builds.list")
{
	echo '| build | configuration | result | base warnings | series warnings | new | time |'
	echo '|---|---|---|---|---|---|---|'
	for name in $(entries "$TOP/configs/builds.list" | awk '{ print $1 }'); do
		if [ ! -f "$BUILD/builds/$name.row" ]; then
			echo "| $name | | not run | | | | |"
		elif IFS= read -r line <"$BUILD/builds/$name.row" && [ "${line%% *}" = "$series_id" ]; then
			echo "|${line#* |}"
		else
			echo "|${line#* |}" | sed "s/ | \(ok\|fail\) | / | \1 (on ${line%% *}, not HEAD) | /"
		fi
	done
} >"$table"
note "table in build/builds/table.md"
own_summary
