#!/usr/bin/env bash
# Monthly wrapper for cron or systemd: runs `lwgov run` with a config, appends to a log file,
# keeps the newest N report periods, and tells the admin when the run fails.
#
#   lwgov-monthly.sh [CONFIG]
#
# Environment (all optional):
#   LWGOV_BIN        the lwgov binary            (default: lwgov on PATH)
#   LWGOV_LOG        log file                    (default: /var/log/lwgov/lwgov.log)
#   LWGOV_KEEP       report periods to keep      (default: 24)
#   LWGOV_REPORTS    reports directory to prune  (default: output.dir from CONFIG)
#   LWGOV_MAILTO     mail the admin on failure   (needs `mail`; otherwise the message goes to stderr,
#                    which cron mails to MAILTO and systemd keeps in the journal)
set -uo pipefail
umask 027
config=${1:-/etc/lwgov/lwgov.toml}
bin=${LWGOV_BIN:-lwgov}
log=${LWGOV_LOG:-/var/log/lwgov/lwgov.log}
keep=${LWGOV_KEEP:-24}
mkdir -p "$(dirname "$log")"

stamp() { date '+%Y-%m-%d %H:%M:%S'; }
echo "$(stamp) lwgov-monthly: start (config $config)" >>"$log"
"$bin" run --config "$config" >>"$log" 2>&1
rc=$?

reports=${LWGOV_REPORTS:-}
if [ -z "$reports" ] && [ -f "$config" ]; then
  reports=$(sed -n '/^\[output\]/,/^\[/ s/^dir *= *"\(.*\)".*/\1/p' "$config" | head -1)
fi
if [ $rc -eq 0 ] && [ -n "$reports" ] && [ -d "$reports" ]; then
  # Report periods are YYYY-MM folders; keep the newest $keep.
  old=$(ls -1 "$reports" | grep -E '^[0-9]{4}-[0-9]{2}$' | sort -r | tail -n +$((keep + 1)))
  for p in $old; do rm -rf -- "${reports:?}/$p" && echo "$(stamp) lwgov-monthly: removed old reports $p" >>"$log"; done
fi

if [ $rc -ne 0 ]; then
  case $rc in
    65) what="bad input data (the snapshot files)";;
    69) what="the LINE WORKS API was unavailable";;
    73) what="the reports could not be written";;
    75) what="another lwgov run was still running";;
    78) what="a configuration error";;
    *)  what="an error";;
  esac
  msg="lwgov monthly run failed with exit $rc: $what. Last log lines:
$(tail -n 5 "$log")"
  echo "$(stamp) lwgov-monthly: failed (exit $rc)" >>"$log"
  if [ -n "${LWGOV_MAILTO:-}" ] && command -v mail >/dev/null; then
    printf '%s\n' "$msg" | mail -s "lwgov: monthly run failed (exit $rc)" "$LWGOV_MAILTO"
  fi
  printf '%s\n' "$msg" >&2
  exit $rc
fi
echo "$(stamp) lwgov-monthly: ok" >>"$log"
