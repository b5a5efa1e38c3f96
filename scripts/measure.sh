# measure LABEL COMMAND...: runs the command, prints its wall time and peak memory (GNU time) and
# the last line it wrote; on failure prints its errors and exits. Sourced by the benchmarks, which
# set $work to their scratch folder first.
measure() {
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
        echo "$label failed:" >&2
        cat "$work/err" >&2
        exit 1
    }
    read -r wall kilobytes <"$work/time"
    printf "%-58s %8.2f s %8d MB   %s\n" "$label" "$wall" $((kilobytes / 1024)) "$(tail -1 "$work/out")"
}
