import { Script, createContext } from "node:vm";

// Code that may run without end on a single thread (a regular expression that backtracks, Ajv's
// `pattern` checks) is run in a vm context only for its deadline: V8 can interrupt a script there,
// which nothing else in one thread can. The functions and values it works on are this realm's,
// passed in as the context's bindings and cleared after each run.

export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`ran over ${ms} ms`);
  }
}

/** A runner for `expression` over bindings shaped like `empty`: throws DeadlineExceeded past `timeoutMs`. */
export function deadlineRunner<B extends Record<string, unknown>>(expression: string, empty: B): (bindings: B, timeoutMs: number) => unknown {
  const context = createContext({ ...empty });
  const script = new Script(expression);
  return (bindings, timeoutMs) => {
    Object.assign(context, bindings);
    try {
      return script.runInContext(context, { timeout: timeoutMs });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new DeadlineExceeded(timeoutMs);
      throw error;
    } finally {
      Object.assign(context, empty);
    }
  };
}
