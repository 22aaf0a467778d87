#!/bin/sh
# The official postgres image's entry point as far as Testcontainers' PostgreSQLContainer
# relies on it: POSTGRES_USER (the superuser), POSTGRES_PASSWORD, POSTGRES_DB, port 5432
# for every address with a password, and a first start that logs "database system is ready
# to accept connections" twice (a temporary start while initialising, then the server).
set -eu

case "${1:-}" in
	-*) set -- postgres "$@" ;;
esac
if [ "${1:-}" != postgres ]; then
	exec "$@"
fi

user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	if [ -z "${POSTGRES_PASSWORD:-}" ]; then
		echo "POSTGRES_PASSWORD is not set: the server would accept no connection." >&2
		exit 1
	fi
	password_file=$(mktemp)
	printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
	initdb --username="$user" --pwfile="$password_file" --encoding=UTF8 --locale=C.UTF-8 \
		--auth-local=trust --auth-host=scram-sha-256
	rm -f "$password_file"
	echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
	echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
	if [ "$database" != postgres ]; then
		quoted=$(printf '%s' "$database" | sed 's/"/""/g')
		echo "CREATE DATABASE \"$quoted\"" | postgres --single -D "$PGDATA" postgres > /dev/null
	fi
	# The official image runs its init scripts on a temporary server that listens on no
	# address; this one has none to run, but starts and stops it all the same: it proves
	# the new cluster starts, and its log line is the first of the two a client waits for.
	pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
	pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec "$@"
