import "server-only";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Sign-in throttling, per account and per client address, in Postgres so every instance shares it.
// After ATELIER_SIGNIN_MAX_FAILURES failed passwords for one email within 15 minutes (×10 for one
// address), sign-in is refused for ATELIER_SIGNIN_LOCK_SECONDS, even with the right password.
// Emails that have no account are counted the same way, and the refusal reads the same, so neither
// the counter nor the message tells whether an account exists.

const IP_FACTOR = 10;
/** Failures count within this period from the first one (a slow guesser is still counted). */
const WINDOW_SECONDS = 15 * 60;
// In ON CONFLICT's SET, `t.` is the row as it was: restart counting once the window since the first
// failure has passed, or a lock has run out.
const RESTART = `(t.window_start < now() - make_interval(secs => ${WINDOW_SECONDS}) OR (t.locked_until IS NOT NULL AND t.locked_until <= now()))`;
const NEXT_COUNT = `(CASE WHEN ${RESTART} THEN 1 ELSE t.failures + 1 END)`;

export type ThrottleKeys = { email: string; ip: string | null };

const keysOf = ({ email, ip }: ThrottleKeys): string[] => [`email:${email.trim().toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];

/** Throws `rate_limited` while the account or the address is locked. */
export async function assertSignInAllowed(who: ThrottleKeys): Promise<void> {
  const { rows } = await getPool().query<{ seconds: number }>(
    `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
       FROM sign_in_throttles WHERE key = ANY($1) AND locked_until > now()`,
    [keysOf(who)],
  );
  const seconds = rows[0]?.seconds;
  if (seconds && seconds > 0) throw lockedError(seconds);
}

/**
 * Counts one failure against the account and the address; a count that reaches its limit starts
 * the lock. Counting restarts 15 minutes after the first failure, or when a lock runs out.
 */
export async function recordSignInFailure(who: ThrottleKeys): Promise<void> {
  const { ATELIER_SIGNIN_MAX_FAILURES: max, ATELIER_SIGNIN_LOCK_SECONDS: lockSeconds } = getEnv();
  const [emailKey, ipKey] = keysOf(who);
  const limits: [string, number][] = [[emailKey!, max]];
  if (ipKey) limits.push([ipKey, max * IP_FACTOR]);
  for (const [key, limit] of limits) {
    await getPool().query(
      `INSERT INTO sign_in_throttles AS t (key, failures, window_start, locked_until)
         VALUES ($1, 1, now(), CASE WHEN 1 >= $2 THEN now() + make_interval(secs => $3) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${NEXT_COUNT},
         window_start = CASE WHEN ${RESTART} THEN now() ELSE t.window_start END,
         locked_until = CASE WHEN ${NEXT_COUNT} >= $2 THEN now() + make_interval(secs => $3) ELSE NULL END`,
      [key, limit, lockSeconds],
    );
  }
}

/** A successful sign-in clears the account's count (not the address's: one success must not reset an attacker's budget). */
export async function clearSignInFailures(who: ThrottleKeys): Promise<void> {
  await getPool().query(`DELETE FROM sign_in_throttles WHERE key = $1`, [keysOf(who)[0]]);
}

function lockedError(seconds: number): AppError {
  const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError("rate_limited", `Too many failed sign-in attempts. Sign-in is locked; try again in ${wait}.`, {
    apiCode: "sign_in_locked",
  });
}
