# What the benchmark scripts that run Till and the hand-written baseline under load share:
# how each server is started, how a script waits for one to answer, and a fresh PostgreSQL
# database per run, and where the Release builds go. Sourced (`. bench/lib.sh`) from the checkout's
# root by bench/run.sh, bench/ratios.sh and bench/compare-servers.sh; the server commands use their
# `server` and `baseline` (the built DLLs) and ADMIN_KEY, fresh_pg_db their PG.

# The folder the scripts build into (dotnet build --artifacts-path), so the source tree's bin/ and
# obj/ are left alone, and the DLL of a project built there.
ART=$(pwd)/bench/.artifacts
built() { # project
  echo "$ART/bin/$1/release/$1.dll"
}

# Till with no demo shop and a throttle too large to refuse anything: the load measures the server,
# not the bucket. Prints the command line (the load driver's --serve takes it as one string).
till_serve() { # port database
  echo "dotnet $server serve --urls http://127.0.0.1:$1 --database $2 --admin-key $ADMIN_KEY --no-demo --throttle-maximum 100000000 --throttle-restore-rate 100000000"
}

# The hand-written baseline (bench/Till.Baseline) on the same terms.
baseline_serve() { # port database
  echo "dotnet $baseline --urls http://127.0.0.1:$1 --database $2 --admin-key $ADMIN_KEY"
}

# Waits until <url> answers, for at most 90 s; fails early if the server's process has exited.
wait_health() { # url pid log
  for _ in $(seq 1 360); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "the server exited before answering; see $3" >&2; return 1; }
    sleep 0.25
  done
  echo "the server did not answer $1 within 90 s; see $3" >&2
  return 1
}

# PG without its database part (postgres://user:password@host:port), for psql's admin connection.
pg_server() { sed -E 's#^([a-z]+://[^/]+).*#\1#' <<<"$1"; }

# The password in a postgres:// URL (empty when it has none).
pg_password() { sed -nE 's#^[a-z]+://[^:]+:([^@]*)@.*#\1#p' <<<"$1"; }

# Drops and creates database <name> on the PostgreSQL server PG and prints its URL. The password,
# if PG has one, reaches psql through PGPASSWORD.
fresh_pg_db() { # name
  PGPASSWORD=${PGPASSWORD:-$(pg_password "$PG")} \
    psql "$(pg_server "$PG")/postgres" -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  echo "$PG/$1"
}
