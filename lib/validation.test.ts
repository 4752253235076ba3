import { describe, expect, it } from "vitest";
import { z } from "zod";
import { assistantCreateSchema } from "@/lib/assistants/schema";
import { AppError } from "@/lib/errors";
import { invalidParam, paramToFieldName, parseOrThrow, toFieldName, toParam, validationError } from "@/lib/validation";
import { rejection } from "@/lib/testing";


describe("toParam / toFieldName", () => {
  it.each<[PropertyKey[], string, string]>([
    [[], "", ""],
    [["model"], "model", "model"],
    [["tools", 0, "function", "name"], "tools[0].function.name", "tools.0.function.name"],
    [["tools", 12, "file_search", "ranking_options", "score_threshold"], "tools[12].file_search.ranking_options.score_threshold", "tools.12.file_search.ranking_options.score_threshold"],
    [["tool_resources", "code_interpreter", "file_ids", 3], "tool_resources.code_interpreter.file_ids[3]", "tool_resources.code_interpreter.file_ids.3"],
    [["matrix", 0, 1], "matrix[0][1]", "matrix.0.1"],
    [[0, "type"], "[0].type", "0.type"],
  ])("%j → param %s, field %s", (path, param, field) => {
    expect(toParam(path)).toBe(param);
    expect(toFieldName(path)).toBe(field);
  });
});

describe("validationError", () => {
  const schema = z.strictObject({ name: z.string().max(3), tags: z.array(z.string()), nested: z.strictObject({ n: z.number() }) });

  it("makes an invalid_request AppError (400) naming the first problem", () => {
    const result = schema.safeParse({ name: "toolong", tags: [], nested: { n: 1 } });
    const error = validationError(result.error!);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(error.param).toBe("name");
    expect(error.message).toContain("'name'");
    expect(error.fieldErrors).toEqual({ name: [expect.any(String)] });
  });

  it("collects every problem in fieldErrors and counts the rest in the message", () => {
    const result = schema.safeParse({ name: "toolong", tags: ["a", 1, 2], nested: { n: "x" } });
    const error = validationError(result.error!);
    expect(error.param).toBe("name");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["name", "nested.n", "tags.1", "tags.2"]);
    expect(error.message).toContain("(and 3 more problems)");
  });

  it("says 'problem' for exactly one more", () => {
    const error = validationError(schema.safeParse({ name: "toolong", tags: [1], nested: { n: 1 } }).error!);
    expect(error.message).toContain("(and 1 more problem)");
  });

  it("puts several messages for the same field under one name", () => {
    const twoChecks = z.object({ code: z.string().min(5).regex(/^\d+$/) });
    const error = validationError(twoChecks.safeParse({ code: "ab" }).error!);
    expect(error.fieldErrors.code).toHaveLength(2);
  });

  it("uses the array index in param and fieldErrors", () => {
    const error = validationError(schema.safeParse({ name: "a", tags: ["ok", 5], nested: { n: 1 } }).error!);
    expect(error.param).toBe("tags[1]");
    expect(Object.keys(error.fieldErrors)).toEqual(["tags.1"]);
  });

  it("blames the body (param null, field _root) for a problem with the whole input", () => {
    const error = validationError(schema.safeParse("text").error!);
    expect(error.param).toBeNull();
    expect(Object.keys(error.fieldErrors)).toEqual(["_root"]);
    expect(error.message).toContain("body");
  });

  it("blames an unknown key itself, with OpenAI's wording", () => {
    const error = validationError(schema.safeParse({ name: "a", tags: [], nested: { n: 1, extra: true } }).error!);
    expect(error.param).toBe("nested.extra");
    expect(error.message).toBe("Unrecognized request argument supplied: extra.");
    expect(error.fieldErrors).toEqual({ "nested.extra": ["Unrecognized request argument supplied: extra."] });
  });

  it("lists several unknown keys together", () => {
    const error = validationError(schema.safeParse({ name: "a", tags: [], nested: { n: 1 }, foo: 1, bar: 2 }).error!);
    expect(error.param).toBe("foo");
    expect(error.message).toContain("Unrecognized request arguments supplied: foo, bar.");
  });
});

describe("parseOrThrow", () => {
  it("returns the parsed value", () => {
    expect(parseOrThrow(z.object({ n: z.coerce.number() }), { n: "4" })).toEqual({ n: 4 });
  });

  it("throws the validationError of the failure", () => {
    const error = rejection(z.object({ n: z.number().max(1) }), { n: 2 });
    expect(error.code).toBe("invalid_request");
    expect(error.param).toBe("n");
  });

  it("gives a bad function name in the first tool the param tools[0].function.name and the field tools.0.function.name", () => {
    const error = rejection(assistantCreateSchema, { model: "gpt-4o", tools: [{ type: "function", function: { name: "get weather" } }] });
    expect(error.param).toBe("tools[0].function.name");
    expect(error.fieldErrors).toEqual({ "tools.0.function.name": [expect.any(String)] });
    expect(error.message).toMatch(/^Invalid 'tools\[0\]\.function\.name': /);
  });

  it("says a missing required field is required", () => {
    const error = rejection(assistantCreateSchema, {});
    expect(error.param).toBe("model");
    expect(error.message).toMatch(/model/);
    expect(error.message).toMatch(/required/i);
  });

  // fieldErrors is a plain object, so `fieldErrors[name] ??= []` finds Object.prototype members for
  // these names and `.push` throws a TypeError: the API would answer 500 instead of 400.
  it.each(["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__"])(
    "turns an unknown top-level key named %s into a 400, not a TypeError",
    (key) => {
      const body = JSON.parse(`{"model": "gpt-4o", ${JSON.stringify(key)}: "x"}`) as unknown;
      const error = rejection(assistantCreateSchema, body);
      expect(error.param).toBe(key);
      expect(Object.hasOwn(error.fieldErrors, key)).toBe(true);
      // __proto__ is refused before field validation (Prisma would drop it silently), with its own message.
      const expected = key === "__proto__" ? "is not allowed" : "Unrecognized request argument";
      expect(error.fieldErrors[key]).toEqual([expect.stringContaining(expected)]);
    },
  );
});

describe("invalidParam", () => {
  it("blames one parameter in the API's notation and as the form's field name", () => {
    const error = invalidParam("tool_resources.file_search.vector_store_ids[0]", "No vector store found with id 'vs_x'.");
    expect(error).toMatchObject({ code: "invalid_request", param: "tool_resources.file_search.vector_store_ids[0]" });
    expect(error.fieldErrors).toEqual({ "tool_resources.file_search.vector_store_ids.0": ["No vector store found with id 'vs_x'."] });
    expect(paramToFieldName("a[1].b[22][3]")).toBe("a.1.b.22.3");
  });
});
