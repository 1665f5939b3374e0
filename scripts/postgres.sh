# Sourced by scripts/run and scripts/test: make sure the embedded-default PostgreSQL can start.
# With ConnectionStrings__Ledger set, the service and tests use that server and need no binaries.
ensure_postgres() {
  if [ -n "${ConnectionStrings__Ledger:-}" ]; then return 0; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then return 0; fi
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server binaries not found; installing them with apt-get..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    return 0
  fi
  cat >&2 <<'MSG'
PostgreSQL server binaries (initdb, pg_ctl) are not installed. Either:
  sudo apt-get install -y postgresql        # then run this command again
  export ConnectionStrings__Ledger='Host=localhost;Port=5432;Database=sharingledger;Username=...;Password=...'
  docker compose up                         # the service and PostgreSQL in containers
MSG
  return 1
}

# The web console's browser tests drive the Debian chromium (Playwright never downloads a browser here) and read the printed
# statement's PDF with poppler's pdftotext; a CJK font lets the Chinese pages' screenshots show their text. Installed like
# PostgreSQL: with apt-get as root, else the command is printed.
ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/pdftotext ] && [ -d /usr/share/fonts/truetype/wqy ]; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "chromium, pdftotext or a CJK font not found; installing chromium, poppler-utils and fonts-wqy-microhei with apt-get..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-wqy-microhei >&2
    return 0
  fi
  echo "The console's browser tests need: sudo apt-get install -y chromium poppler-utils fonts-wqy-microhei" >&2
  return 1
}

ensure_dotnet() {
  if command -v dotnet >/dev/null 2>&1; then return 0; fi
  echo "The .NET 10 SDK is required: https://dotnet.microsoft.com/download (or apt-get install dotnet-sdk-10.0)" >&2
  return 1
}
