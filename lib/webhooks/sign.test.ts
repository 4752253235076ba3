import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signDelivery } from "@/lib/webhooks/sign";

describe("signDelivery", () => {
  const body = JSON.stringify({ id: "evt_1", type: "run.action_required", data: { id: "run_1" } });

  it("signs as Standard Webhooks: a receiver with the secret verifies it", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = signDelivery(secret, "evt_1", new Date(), body);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("fails verification with another secret, another body, or an old timestamp", () => {
    const secret = newWebhookSecret();
    const headers = signDelivery(secret, "evt_1", new Date(), body);
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace("run_1", "run_2"), headers)).toThrow();
    const old = signDelivery(secret, "evt_1", new Date(Date.now() - 10 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/too old/i);
  });

  it("signs with each secret during a rotation: a receiver with either one verifies", () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signDelivery([current, previous], "evt_1", new Date(), body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
