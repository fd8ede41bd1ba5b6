#!/bin/sh
# Writes a deterministic synthetic log of about BYTES bytes to stdout.
# Usage: packaging/make-sample-log.sh BYTES
# The same BYTES always gives the same bytes (a fixed Park–Miller generator, exact in awk).
exec awk -v limit="${1:-1000000000}" 'BEGIN {
    split("INFO INFO INFO INFO DEBUG DEBUG WARN ERROR", level, " ")
    split("GET POST PUT DELETE", method, " ")
    split("/api/items /api/users /api/orders /health /static/app.js /api/search", path, " ")
    split("200 200 200 200 201 204 304 404 500 503", status, " ")
    split("alice bob carol dave erin frank grace heidi", user, " ")
    split("request served|cache miss, fetching from origin|connection reset by peer, retrying|slow query detected|timeout waiting for upstream|user logged in|castaña delivered to conjuración", msg, "|")
    x = 20261124; written = 0; n = 0
    while (written < limit) {
        x = (x * 16807) % 2147483647; r = x
        n++
        s = n % 86400
        line = sprintf("2026-11-24T%02d:%02d:%02d.%03dZ %-5s [worker-%d] %s %s/%d %s %dms user=%s %s",
            int(s / 3600), int(s / 60) % 60, s % 60, r % 1000, level[r % 8 + 1], r % 16,
            method[int(r / 7) % 4 + 1], path[int(r / 11) % 6 + 1], int(r / 13) % 100000,
            status[int(r / 17) % 10 + 1], int(r / 19) % 2000, user[int(r / 23) % 8 + 1], msg[int(r / 29) % 7 + 1])
        print line
        written += length(line) + 1
    }
}'
