import { describe, expect, it } from "vitest";
import { shownErrors, withEdited } from "@/lib/assistants/shown-errors";

const error = (message: string, type = "custom") => ({ type, message });

// A new function row, checked as soon as it was added: its name is empty.
const ERRORS = {
  name: error("Name is too long"),
  tools: { 0: { function: { name: error("is required"), parameters: { properties: { q: { type: error("must be a string") } } } } } },
};

describe("shownErrors", () => {
  it("shows nothing that was not touched", () => {
    expect(shownErrors(ERRORS, {}, false)).toEqual({});
    expect(shownErrors(ERRORS, undefined, false)).toEqual({});
  });

  it("shows everything once a save was tried", () => {
    expect(shownErrors(ERRORS, {}, true)).toBe(ERRORS);
  });

  it("shows a field's error once it was touched, and only that one", () => {
    expect(shownErrors(ERRORS, { tools: [{ function: { name: true } }] }, false)).toEqual({ tools: { 0: { function: { name: error("is required") } } } });
    expect(shownErrors(ERRORS, { name: true }, false)).toEqual({ name: error("Name is too long") });
  });

  it("shows errors below a touched value edited as a whole (a JSON or schema field)", () => {
    const shown = shownErrors(ERRORS, { tools: [{ function: { parameters: true } }] }, false);
    expect(shown).toEqual({ tools: { 0: { function: { parameters: { properties: { q: { type: error("must be a string") } } } } } } });
  });

  it("shows an error on a value whose parts were touched", () => {
    const errors = { metadata: error("At most 16 pairs") };
    expect(shownErrors(errors, { metadata: [{ key: true }] }, false)).toEqual(errors);
  });

  it("always shows what the server reported", () => {
    const errors = { model: error("The model is unknown.", "server"), name: error("Too long") };
    expect(shownErrors(errors, {}, false)).toEqual({ model: errors.model });
  });

  it("keeps an error's ref with it", () => {
    const ref = { focus: () => {} };
    const errors = { name: { ...error("Too long"), ref } };
    expect(shownErrors(errors, { name: true }, false).name.ref).toBe(ref);
  });
});

describe("withEdited", () => {
  it("adds typed-in fields to the touched tree, which then shows their errors", () => {
    const touched = withEdited({ name: true }, ["tools.0.function.name"]);
    expect(touched).toEqual({ name: true, tools: { 0: { function: { name: true } } } });
    expect(shownErrors(ERRORS, touched, false)).toEqual({ name: ERRORS.name, tools: { 0: { function: { name: error("is required") } } } });
  });

  it("leaves the touched tree it was given unchanged, and keeps touched ancestors", () => {
    const touched = { tools: [{ function: true }] };
    expect(withEdited(touched, ["tools.0.function.name"])).toEqual({ tools: [{ function: true }] });
    expect(touched).toEqual({ tools: [{ function: true }] });
  });
});
