// Case tables for schema.test.ts.
// Limits come from the OpenAI contract (CreateAssistantRequest / ModifyAssistantRequest / Metadata /
// FunctionObject / ResponseFormat*), `top_k`/`max_tokens`/plugin tools from Model Studio and
// `user_id`/`webhook_url`/`meta_data` from Project David. They are written out here on purpose,
// not read from LIMITS, so a wrong constant in the code makes these tests fail.

export type Body = Record<string, unknown>;

export const chars = (n: number, c = "x") => c.repeat(n);
export const fn = (name: string, extra: Body = {}) => ({ type: "function", function: { name, ...extra } });
export const fnParams = (parameters: unknown) => [{ type: "function", function: { name: "f", parameters } }];
export const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
export const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}_${i}`);
export const codeTools = (n: number) => Array.from({ length: n }, () => ({ type: "code_interpreter" }));
export const objectSchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
/** The same, as strict mode wants it: no key may be left out or added. */
export const strictObjectSchema = { ...objectSchema, additionalProperties: false };
const strictFn = (parameters: unknown) => [fn("f", { strict: true, parameters })];



// Fields that behave the same on create and modify: [case, fields added to the base body].
export const accepted: [string, Body][] = [
  ["name of 256 characters", { name: chars(256) }],
  ["name null", { name: null }],
  ["description of 512 characters", { description: chars(512) }],
  ["description null", { description: null }],
  ["instructions of 256000 characters", { instructions: chars(256_000) }],
  ["instructions null", { instructions: null }],
  ["128 tools", { tools: codeTools(128) }],
  ["no tools", { tools: [] }],
  ["function name of 64 characters", { tools: [fn(chars(64))] }],
  ["function name with underscore, dash and digit", { tools: [fn("get_weather-2")] }],
  ["mock outputs for its functions", { tools: [fn("a"), fn("b")], mock_outputs: { a: { format: "text", output: "ok" }, b: { format: "json", output: '{"n": 1}' } } }],
  ["mock outputs null", { mock_outputs: null }],
  ["mock output of 32768 characters", { tools: [fn("a")], mock_outputs: { a: { format: "text", output: chars(32_768) } } }],
  ["function strict true", { tools: [fn("f", { strict: true })] }],
  ["function strict false", { tools: [fn("f", { strict: false })] }],
  ["function strict null", { tools: [fn("f", { strict: null })] }],
  ["function parameters: an object schema", { tools: fnParams(objectSchema) }],
  ["strict function parameters as strict mode wants them", { tools: strictFn(strictObjectSchema) }],
  ["strict function without parameters", { tools: [fn("f", { strict: true })] }],
  ["function parameters: empty schema", { tools: fnParams({}) }],
  [
    "function parameters: draft-07 $schema",
    { tools: fnParams({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { a: { type: "string" } } }) },
  ],
  [
    "function parameters: $ref to an existing $defs",
    { tools: fnParams({ type: "object", $defs: { c: { type: "string" } }, properties: { city: { $ref: "#/$defs/c" } } }) },
  ],
  ["two functions with different names", { tools: [fn("a"), fn("b")] }],
  ["16 metadata pairs", { metadata: pairs(16) }],
  ["metadata key of 64 characters", { metadata: { [chars(64, "k")]: "v" } }],
  ["metadata value of 512 characters", { metadata: { k: chars(512) } }],
  ["16 pairs at the key and value limits", { metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [chars(62, "k") + String(i).padStart(2, "0"), chars(512)])) }],
  ["empty metadata", { metadata: {} }],
  ["metadata null", { metadata: null }],
  ["temperature 0", { temperature: 0 }],
  ["temperature 2", { temperature: 2 }],
  ["temperature null", { temperature: null }],
  ["top_p 0", { top_p: 0 }],
  ["top_p 1", { top_p: 1 }],
  ["top_p null", { top_p: null }],
  ["top_k 0", { top_k: 0 }],
  ["top_k 50", { top_k: 50 }],
  ["top_k null", { top_k: null }],
  ["max_tokens 1", { max_tokens: 1 }],
  ["max_tokens 4096", { max_tokens: 4096 }],
  ["max_tokens null", { max_tokens: null }],
  ["reasoning_effort low", { reasoning_effort: "low" }],
  ["response_format auto", { response_format: "auto" }],
  ["response_format text", { response_format: { type: "text" } }],
  ["response_format json_object", { response_format: { type: "json_object" } }],
  [
    "response_format json_schema",
    { response_format: { type: "json_schema", json_schema: { name: "weather-report_1", schema: strictObjectSchema, strict: true } } },
  ],
  ["response_format json_schema with name only", { response_format: { type: "json_schema", json_schema: { name: "r" } } }],
  ["response_format null", { response_format: null }],
  ["tool_resources: 20 code_interpreter files", { tool_resources: { code_interpreter: { file_ids: ids(20, "file") } } }],
  ["tool_resources: 1 vector store", { tool_resources: { file_search: { vector_store_ids: ["vs_docs"] } } }],
  ["tool_resources null", { tool_resources: null }],
  ["webhook_url https", { webhook_url: "https://hooks.example.com/atelier?x=1" }],
  ["webhook_url null", { webhook_url: null }],
  // The schema lets http through; the service refuses it unless the host is in ATELIER_TOOL_ALLOWED_HOSTS.
  ["webhook_url http (checked by the service)", { webhook_url: "http://hooks.example.com/atelier" }],
  ["user_id", { user_id: "user_xyz" }],
  ["user_id null", { user_id: null }],
];

export const rejected: [string, Body, string][] = [
  ["name of 257 characters", { name: chars(257) }, "name"],
  ["name not a string", { name: 5 }, "name"],
  ["description of 513 characters", { description: chars(513) }, "description"],
  ["instructions of 256001 characters", { instructions: chars(256_001) }, "instructions"],
  ["129 tools", { tools: codeTools(129) }, "tools"],
  ["tools not an array", { tools: { type: "code_interpreter" } }, "tools"],
  ["tools null", { tools: null }, "tools"],
  ["model null", { model: null }, "model"],
  ["function name of 65 characters", { tools: [fn(chars(65))] }, "tools[0].function.name"],
  ["function name with a space", { tools: [fn("a b")] }, "tools[0].function.name"],
  ["function name with a non-ASCII letter", { tools: [fn("ü")] }, "tools[0].function.name"],
  ["empty function name", { tools: [fn("")] }, "tools[0].function.name"],
  ["function name with a trailing newline", { tools: [fn("get_weather\n")] }, "tools[0].function.name"],
  ["bad function name in the second tool", { tools: [fn("ok"), fn("not ok")] }, "tools[1].function.name"],
  ["duplicate function names", { tools: [fn("lookup"), fn("lookup")] }, "tools[1].function.name"],
  ["duplicate function names further apart", { tools: [fn("a"), { type: "code_interpreter" }, fn("b"), fn("a")] }, "tools[3].function.name"],
  ["function strict not a boolean", { tools: [fn("f", { strict: "yes" })] }, "tools[0].function.strict"],
  // Strict mode: the schema builder's strict lint, with its paths (lib/schema-builder/strict-lint.ts).
  ["strict function whose object allows other keys", { tools: strictFn(objectSchema) }, "tools[0].function.parameters.additionalProperties"],
  [
    "strict function with an optional property",
    { tools: strictFn({ ...strictObjectSchema, properties: { city: { type: "string" }, unit: { type: "string" } } }) },
    "tools[0].function.parameters.properties.unit",
  ],
  [
    "strict function with a default",
    { tools: strictFn({ ...strictObjectSchema, properties: { city: { type: "string", default: "Oslo" } } }) },
    "tools[0].function.parameters.properties.city.default",
  ],
  [
    "strict function with uniqueItems",
    { tools: strictFn({ ...strictObjectSchema, properties: { city: { type: "array", items: { type: "string" }, uniqueItems: true } } }) },
    "tools[0].function.parameters.properties.city.uniqueItems",
  ],
  [
    "strict response_format whose object allows other keys",
    { response_format: { type: "json_schema", json_schema: { name: "r", strict: true, schema: objectSchema } } },
    "response_format.json_schema.schema.additionalProperties",
  ],
  ["mock output for a function that is not there", { tools: [fn("a")], mock_outputs: { b: { format: "text", output: "x" } } }, "mock_outputs.b"],
  ["mock output that is not valid JSON", { tools: [fn("a")], mock_outputs: { a: { format: "json", output: "{nope" } } }, "mock_outputs.a.output"],
  ["mock output of an unknown format", { tools: [fn("a")], mock_outputs: { a: { format: "xml", output: "<a/>" } } }, "mock_outputs.a.format"],
  ["mock output of 32769 characters", { tools: [fn("a")], mock_outputs: { a: { format: "text", output: chars(32_769) } } }, "mock_outputs.a.output"],
  ["mock outputs not an object", { mock_outputs: [] }, "mock_outputs"],
  ["mock output with an extra field", { tools: [fn("a")], mock_outputs: { a: { format: "text", output: "x", delay: 1 } } }, "mock_outputs.a.delay"],
  ["function parameters not an object", { tools: fnParams([]) }, "tools[0].function.parameters"],
  [
    "function parameters with an unknown type",
    { tools: fnParams({ type: "object", properties: { a: { type: "strng" } } }) },
    "tools[0].function.parameters.properties.a.type",
  ],
  ["17 metadata pairs", { metadata: pairs(17) }, "metadata"],
  ["metadata key of 65 characters", { metadata: { [chars(65, "k")]: "v" } }, `metadata.${chars(65, "k")}`],
  ["metadata value of 513 characters", { metadata: { k: chars(513) } }, "metadata.k"],
  ["metadata value a number", { metadata: { k: 1 } }, "metadata.k"],
  ["metadata value null", { metadata: { k: null } }, "metadata.k"],
  ["metadata value an object", { metadata: { k: { nested: "x" } } }, "metadata.k"],
  ["metadata an array", { metadata: ["a"] }, "metadata"],
  ["metadata a string", { metadata: "a=b" }, "metadata"],
  ["temperature -0.01", { temperature: -0.01 }, "temperature"],
  ["temperature 2.01", { temperature: 2.01 }, "temperature"],
  ["temperature as a string", { temperature: "1" }, "temperature"],
  ["top_p 1.01", { top_p: 1.01 }, "top_p"],
  ["top_p -0.01", { top_p: -0.01 }, "top_p"],
  ["top_k -1", { top_k: -1 }, "top_k"],
  ["top_k 1.5", { top_k: 1.5 }, "top_k"],
  ["max_tokens 0", { max_tokens: 0 }, "max_tokens"],
  ["max_tokens 1.5", { max_tokens: 1.5 }, "max_tokens"],
  ["reasoning_effort unknown", { reasoning_effort: "extreme" }, "reasoning_effort"],
  ["response_format xml", { response_format: { type: "xml" } }, "response_format"],
  ["response_format an unknown string", { response_format: "json" }, "response_format"],
  [
    "response_format json_schema with a bad name",
    { response_format: { type: "json_schema", json_schema: { name: "a b", schema: objectSchema } } },
    "response_format.json_schema.name",
  ],
  [
    "response_format json_schema without a name",
    { response_format: { type: "json_schema", json_schema: { schema: objectSchema } } },
    "response_format.json_schema.name",
  ],
  [
    "response_format json_schema with an invalid schema",
    { response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object", properties: { a: { type: "strng" } } } } } },
    "response_format.json_schema.schema.properties.a.type",
  ],
  [
    "response_format json_schema with strict not a boolean",
    { response_format: { type: "json_schema", json_schema: { name: "r", strict: "yes" } } },
    "response_format.json_schema.strict",
  ],
  ["response_format json_schema without json_schema", { response_format: { type: "json_schema" } }, "response_format.json_schema"],
  [
    "tool_resources: 21 code_interpreter files",
    { tool_resources: { code_interpreter: { file_ids: ids(21, "file") } } },
    "tool_resources.code_interpreter.file_ids",
  ],
  [
    "tool_resources: 2 vector stores",
    { tool_resources: { file_search: { vector_store_ids: ["vs_a", "vs_b"] } } },
    "tool_resources.file_search.vector_store_ids",
  ],
  [
    "tool_resources: 2 inline vector_stores",
    { tool_resources: { file_search: { vector_stores: [{ file_ids: ["file_1"] }, {}] } } },
    "tool_resources.file_search.vector_stores",
  ],
  [
    "tool_resources: inline vector store with a bad chunking_strategy",
    { tool_resources: { file_search: { vector_stores: [{ file_ids: ["file_1"], chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 50, chunk_overlap_tokens: 0 } } }] } } },
    "tool_resources.file_search.vector_stores[0].chunking_strategy.static.max_chunk_size_tokens",
  ],
  ["tool_resources: unknown tool", { tool_resources: { retrieval: {} } }, "tool_resources.retrieval"],
  ["webhook_url ftp", { webhook_url: "ftp://hooks.example.com/atelier" }, "webhook_url"],
  ["webhook_url not a URL", { webhook_url: "not a url" }, "webhook_url"],
  ["webhook_url relative", { webhook_url: "/hooks/atelier" }, "webhook_url"],
  ["unknown top-level key", { frobnicate: true }, "frobnicate"],
];
