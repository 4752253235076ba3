import "server-only";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Sign-in throttling, per account and per client address, in Postgres so every instance shares it.
// After ATELIER_SIGNIN_MAX_FAILURES failed passwords for one email within 15 minutes (×10 for one
// address), sign-in is refused for ATELIER_SIGNIN_LOCK_SECONDS, even with the right password.
// Emails that have no account are counted the same way, and the refusal reads the same, so neither
// the counter nor the message tells whether an account exists.
//
// Each attempt is counted BEFORE the password is checked (one atomic upsert per key, refused while
// locked), and given back if the password was right. Checking first and counting afterwards would
// let a burst of parallel guesses all pass the check before the first failure is written.

const IP_FACTOR = 10;
/** Failures count within this period from the first one (a slow guesser is still counted). */
const WINDOW_SECONDS = 15 * 60;
// In ON CONFLICT's SET, `t.` is the row as it was: restart counting once the window since the first
// failure has passed, or a lock has run out.
const RESTART = `(t.window_start < now() - make_interval(secs => ${WINDOW_SECONDS}) OR (t.locked_until IS NOT NULL AND t.locked_until <= now()))`;
const NEXT_COUNT = `(CASE WHEN ${RESTART} THEN 1 ELSE t.failures + 1 END)`;

// Counts one attempt unless the key is locked; no row back means locked. The attempt that reaches
// the limit starts the lock (it is still checked: it may be the right password).
const COUNT_ATTEMPT_SQL = `INSERT INTO sign_in_throttles AS t (key, failures, window_start, locked_until)
    VALUES ($1, 1, now(), CASE WHEN 1 >= $2 THEN now() + make_interval(secs => $3) END)
  ON CONFLICT (key) DO UPDATE SET
    failures = ${NEXT_COUNT},
    window_start = CASE WHEN ${RESTART} THEN now() ELSE t.window_start END,
    locked_until = CASE WHEN ${NEXT_COUNT} >= $2 THEN now() + make_interval(secs => $3) ELSE NULL END
  WHERE t.locked_until IS NULL OR t.locked_until <= now()
  RETURNING failures`;

export type ThrottleKeys = { email: string; ip: string | null };

type Counted = { key: string; limit: number };

function countedKeys({ email, ip }: ThrottleKeys): Counted[] {
  const max = getEnv().ATELIER_SIGNIN_MAX_FAILURES;
  // The address first: a locked address must not use up the account's budget.
  return [...(ip ? [{ key: `ip:${ip}`, limit: max * IP_FACTOR }] : []), { key: `email:${email.trim().toLowerCase()}`, limit: max }];
}

/** Counts an attempt against the address and the account, or throws `rate_limited` if either is locked. */
export async function beginSignInAttempt(who: ThrottleKeys): Promise<void> {
  const lockSeconds = getEnv().ATELIER_SIGNIN_LOCK_SECONDS;
  const counted: Counted[] = [];
  for (const entry of countedKeys(who)) {
    const { rowCount } = await getPool().query(COUNT_ATTEMPT_SQL, [entry.key, entry.limit, lockSeconds]);
    if (rowCount === 0) {
      await giveBack(counted);
      throw lockedError(await secondsLocked(who));
    }
    counted.push(entry);
  }
}

/** The password was wrong: the attempt stays counted. Throws `rate_limited` if that started a lock. */
export async function assertNotLockedAfterFailure(who: ThrottleKeys): Promise<void> {
  const seconds = await secondsLocked(who);
  if (seconds > 0) throw lockedError(seconds);
}

/** The password was right: the account's count is cleared and the address gets its attempt back. */
export async function signInSucceeded(who: ThrottleKeys): Promise<void> {
  const [first, ...rest] = countedKeys(who).reverse();
  await getPool().query(`DELETE FROM sign_in_throttles WHERE key = $1`, [first!.key]);
  await giveBack(rest);
}

/** Undoes counted attempts (and a lock that only they started). */
async function giveBack(entries: Counted[]): Promise<void> {
  for (const { key, limit } of entries) {
    await getPool().query(
      `UPDATE sign_in_throttles SET failures = greatest(failures - 1, 0),
         locked_until = CASE WHEN failures - 1 >= $2 THEN locked_until ELSE NULL END
       WHERE key = $1`,
      [key, limit],
    );
  }
}

async function secondsLocked(who: ThrottleKeys): Promise<number> {
  const { rows } = await getPool().query<{ seconds: number | null }>(
    `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
       FROM sign_in_throttles WHERE key = ANY($1) AND locked_until > now()`,
    [countedKeys(who).map((entry) => entry.key)],
  );
  return Math.max(rows[0]?.seconds ?? 0, 0);
}

function lockedError(seconds: number): AppError {
  const wait = seconds < 90 ? `${Math.max(seconds, 1)} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError("rate_limited", `Too many failed sign-in attempts. Sign-in is locked; try again in ${wait}.`, {
    apiCode: "sign_in_locked",
  });
}
