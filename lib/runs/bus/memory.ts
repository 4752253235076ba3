import type { Transport } from "@/lib/runs/bus/transport";

// One instance, nothing to reach: the embedded database (whose single connection a held LISTEN
// would take from the app) and any process that never started the bus. Everything stays in
// lib/runs/events.ts, exactly as before there was a bus.
export function memoryTransport(instanceId: string): Transport {
  return {
    kind: "memory",
    instanceId,
    start: async () => {},
    stop: async () => {},
    broadcast: async () => {},
    send: async () => {},
    onMessage: () => {},
  };
}
