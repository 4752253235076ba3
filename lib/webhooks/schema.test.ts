import { describe, expect, it } from "vitest";
import { deliveryQuerySchema, endpointFormSchema } from "@/lib/webhooks/schema";

describe("endpointFormSchema", () => {
  const valid = { url: " https://hooks.example.com/atelier ", description: "", events: ["run.failed", "run.action_required"] };

  it("trims the URL and keeps the events in the order Atelier lists them, once each", () => {
    expect(endpointFormSchema.parse({ ...valid, events: ["run.failed", "run.action_required", "run.failed"] })).toEqual({
      url: "https://hooks.example.com/atelier",
      description: "",
      events: ["run.action_required", "run.failed"],
    });
  });

  it("refuses what no delivery could go to, or nothing to send", () => {
    const issues = (input: unknown) => endpointFormSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(issues({ ...valid, url: "" })).toEqual(["url: Enter the URL deliveries are sent to."]);
    expect(issues({ ...valid, url: "ftp://hooks.example.com" })).toEqual(["url: Enter an https:// URL."]);
    expect(issues({ ...valid, url: "hooks.example.com/x" })).toEqual(["url: Enter an https:// URL."]);
    expect(issues({ ...valid, events: [] })).toEqual(["events: Choose at least one event."]);
    expect(issues({ ...valid, events: ["thread.created"] })).toEqual(["events.0: Not an event Atelier sends."]);
    expect(issues({ ...valid, description: "x".repeat(201) })).toEqual(["description: At most 200 characters."]);
  });
});

describe("deliveryQuerySchema", () => {
  it("defaults to the newest 50 and caps at 100", () => {
    expect(deliveryQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(deliveryQuerySchema.safeParse({ limit: 101 }).success).toBe(false);
  });
});
