import type { MessageHandler, Transport } from "@/lib/runs/bus/transport";

// A transport between instances living in one process, for tests of the protocol
// (lib/runs/bus/fanout.test.ts): delivery is asynchronous and in order, as over a real server, and
// a test can cut an instance off (its messages, both ways, are lost) or drop single messages.

export class LoopbackHub {
  private readonly members = new Map<string, LoopbackTransport>();
  /** Return true to lose a message on its way (to, message). */
  drop: (to: string, message: string) => boolean = () => false;

  transport(instanceId: string): LoopbackTransport {
    const transport = new LoopbackTransport(this, instanceId);
    this.members.set(instanceId, transport);
    return transport;
  }

  deliver(from: string, to: string | null, message: string): void {
    for (const member of this.members.values()) {
      if (member.instanceId === from || (to !== null && member.instanceId !== to)) continue;
      if (!member.reachable || this.drop(member.instanceId, message)) continue;
      setImmediate(() => member.reachable && member.receive(message, from));
    }
  }
}

export class LoopbackTransport implements Transport {
  readonly kind = "postgres"; // anything but "memory": it reaches other instances
  private readonly handlers: MessageHandler[] = [];
  /** Sends and deliveries while false are lost, as while a LISTEN connection is down. */
  reachable = false;
  sent: { to: string | null; message: string }[] = [];

  constructor(private readonly hub: LoopbackHub, readonly instanceId: string) {}

  async start(): Promise<void> {
    this.reachable = true;
  }

  async stop(): Promise<void> {
    this.reachable = false;
  }

  async broadcast(message: string): Promise<void> {
    this.post(null, message);
  }

  async send(to: string, message: string): Promise<void> {
    this.post(to, message);
  }

  onMessage(handler: MessageHandler): void {
    this.handlers.push(handler);
  }

  receive(message: string, from: string): void {
    for (const handler of this.handlers) handler(message, from);
  }

  private post(to: string | null, message: string): void {
    if (!this.reachable) throw new Error("unreachable");
    this.sent.push({ to, message });
    this.hub.deliver(this.instanceId, to, message);
  }
}
