#!/bin/sh
# Stand-in for Prisma's native schema engine: `prisma generate` checks that it exists and never runs it.
# Migrations go through the WASM engine instead (scripts/db/).
echo "The native Prisma schema engine is not installed; use npm run db:migrate / db:diff." >&2
exit 1
