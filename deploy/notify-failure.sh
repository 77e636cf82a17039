#!/bin/sh
# Send a notification that the scheduled report run failed, with the end of its log.
#   sh deploy/notify-failure.sh "WHAT FAILED"
# Channels (environment, set in /etc/analyse/notify.env for systemd or at the top of the
# crontab for cron); every one that is set is used:
#   NOTIFY_MAIL_TO      address(es) for `mail -s SUBJECT` (mailutils or bsd-mailx)
#   NOTIFY_WEBHOOK_URL  the message is POSTed as text/plain with curl
#   NOTIFY_COMMAND      a shell command that reads the message on standard input
# ANALYSE_LOG (default /var/log/analyse/run.log): the log whose last 40 lines are sent;
# the failure itself is appended to it too. Exit 1 when no channel is set or none worked.
what="${1:-analyse run}"
log="${ANALYSE_LOG:-/var/log/analyse/run.log}"
host="$(hostname 2>/dev/null || echo unknown-host)"
subject="analyse: $what failed on $host"
stamp="$(date '+%Y-%m-%dT%H:%M:%S%z')"
echo "$stamp FAILED  $what" >> "$log" 2>/dev/null
body="$subject at $stamp

Last lines of $log:
$(tail -n 40 "$log" 2>/dev/null)"
sent=0
if [ -n "$NOTIFY_WEBHOOK_URL" ]; then
    printf '%s\n' "$body" | curl -fsS -m 30 -H 'Content-Type: text/plain; charset=utf-8' --data-binary @- \
        "$NOTIFY_WEBHOOK_URL" >/dev/null && sent=1
fi
if [ -n "$NOTIFY_MAIL_TO" ]; then
    printf '%s\n' "$body" | mail -s "$subject" "$NOTIFY_MAIL_TO" && sent=1
fi
if [ -n "$NOTIFY_COMMAND" ]; then
    printf '%s\n' "$body" | sh -c "$NOTIFY_COMMAND" && sent=1
fi
if [ "$sent" != 1 ]; then
    echo "$subject; no notification sent: set NOTIFY_MAIL_TO, NOTIFY_WEBHOOK_URL or NOTIFY_COMMAND" >&2
    exit 1
fi
