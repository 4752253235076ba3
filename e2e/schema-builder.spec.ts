import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// The schema builder as a person uses it: a function built with the tree alone (nested object,
// array of objects, enum, nullable field), a description edited in the JSON view and seen back in
// the tree, a pasted tools array, a strict-mode error fixed with one click, "Try it", a mock output,
// and a response format schema; each saved and read back through the REST API.

const tree = (page: Page) => page.getByRole("tree");
const item = (page: Page, name: string) => tree(page).getByRole("treeitem", { name: new RegExp(`^${name}:`) });

async function newAssistant(page: Page, name: string) {
  await page.goto("/assistants/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Model", { exact: true }).fill("gpt-4o-mini");
}

/** Adds a property to the selected object node and names it. */
async function addProperty(page: Page, name: string, type?: string) {
  await page.getByRole("button", { name: "+ Add property" }).click();
  const nameInput = page.getByLabel("Property name");
  await nameInput.fill(name);
  await nameInput.press("Enter");
  await expect(item(page, name)).toHaveAttribute("aria-selected", "true");
  if (type) await page.getByLabel("Type", { exact: true }).selectOption(type);
}

/** Replaces the whole text of a CodeMirror editor, as a paste would. */
async function replaceText(page: Page, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
}

test.describe("schema builder", () => {
  test("builds a function with the tree only, edits it as JSON, and the API returns it as built", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    await newAssistant(page, uniqueName("builder"));
    await page.getByRole("button", { name: "+ Function" }).click();
    await page.getByLabel("Function name", { exact: true }).fill("plan_trip");
    await page.getByLabel("Description (tells the model when to call it)").fill("Plans a trip");

    await item(page, "parameters").click();
    await addProperty(page, "destination");
    await page.getByLabel("Description of destination").fill("Where to go");

    await item(page, "parameters").click();
    await addProperty(page, "travelers", "object");
    await addProperty(page, "adults", "integer");
    await page.getByLabel("Minimum", { exact: true }).fill("1");

    await item(page, "parameters").click();
    await addProperty(page, "stops", "array");
    await item(page, "items").click();
    await page.getByLabel("Type", { exact: true }).selectOption("object");
    await addProperty(page, "city");

    await item(page, "parameters").click();
    await addProperty(page, "cabin", "enum");
    await page.getByLabel("Allowed values (one per line)").fill("economy\nbusiness");

    await item(page, "parameters").click();
    await addProperty(page, "notes");
    await page.getByLabel("Nullable (accepts null)").check();
    await expect(item(page, "notes")).toHaveAccessibleName(/string \| null/);

    await expect(page.getByText("none: the API and strict-mode providers accept this schema")).toBeVisible();

    // The JSON view shows the same schema; a description edited there shows up in the tree.
    await page.getByRole("tab", { name: "JSON" }).click();
    const json = page.getByRole("textbox", { name: "Parameters (JSON Schema)" });
    await json.getByText('"Where to go"').click();
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.type(" next");
    await page.getByRole("tab", { name: "Builder" }).click();
    await item(page, "destination").click();
    await expect(page.getByLabel("Description of destination")).toHaveValue("Where to go next");

    await page.screenshot({ path: testInfo.outputPath("schema-builder.png"), fullPage: true });
    await page.getByRole("button", { name: "Create assistant" }).click();
    await expect(page).toHaveURL(/\/assistants\/asst_[0-9A-Za-z]+$/);
    const stored = await api.beta.assistants.retrieve(page.url().split("/").pop()!);
    const closed = (properties: Record<string, unknown>) => ({ type: "object", properties, required: Object.keys(properties), additionalProperties: false });
    expect(stored.tools).toEqual([
      {
        type: "function",
        function: {
          name: "plan_trip",
          description: "Plans a trip",
          strict: true,
          parameters: closed({
            destination: { type: "string", description: "Where to go next" },
            travelers: closed({ adults: { type: "integer", minimum: 1 } }),
            stops: { type: "array", items: closed({ city: { type: "string" } }) },
            cabin: { type: "string", enum: ["economy", "business"] },
            notes: { type: ["string", "null"] },
          }),
        },
      },
    ]);
  });

  test("moves through the tree with the keyboard", async ({ ownerPage: page, uniqueName }) => {
    await newAssistant(page, uniqueName("keys"));
    await page.getByRole("button", { name: "+ Function" }).click();
    await item(page, "parameters").click();
    await addProperty(page, "first", "object");
    await addProperty(page, "inner");
    await item(page, "parameters").click();
    await addProperty(page, "second");

    await item(page, "parameters").focus();
    await page.keyboard.press("ArrowDown");
    await expect(item(page, "first")).toBeFocused();
    await page.keyboard.press("ArrowLeft"); // collapses "first"
    await expect(item(page, "inner")).toBeHidden();
    await page.keyboard.press("ArrowDown");
    await expect(item(page, "second")).toBeFocused();
    await page.keyboard.press("Alt+ArrowUp"); // moves "second" above "first"
    await expect(tree(page).getByRole("treeitem").nth(1)).toHaveAccessibleName(/^second:/);
    await page.keyboard.press("Home");
    await expect(item(page, "parameters")).toBeFocused();

    // Delete removes the focused property; focus stays in the tree, on its parent.
    await page.keyboard.press("End");
    await expect(item(page, "first")).toBeFocused();
    await page.keyboard.press("Delete");
    await expect(item(page, "first")).toHaveCount(0);
    await expect(item(page, "parameters")).toBeFocused();

    // A rename keeps the focus in the name field; a new property's name field gets it.
    await item(page, "second").click();
    const name = page.getByLabel("Property name");
    await name.fill("renamed");
    await name.press("Enter");
    await expect(item(page, "renamed")).toHaveAttribute("aria-selected", "true");
    await expect(name).toBeFocused();
    await item(page, "parameters").click();
    await page.getByRole("button", { name: "+ Add property" }).click();
    await expect(page.getByLabel("Property name")).toBeFocused();

    // The view tabs follow the arrow keys.
    await page.getByRole("tab", { name: "Builder" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "JSON" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "JSON" })).toHaveAttribute("aria-selected", "true");
  });

  test("imports a pasted tools array as two functions", async ({ ownerPage: page, api, uniqueName }) => {
    await newAssistant(page, uniqueName("import"));
    await page.getByRole("button", { name: "Import functions…" }).click();
    const tools = [
      { type: "function", function: { name: "get_weather", description: "Weather now", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"], additionalProperties: false }, strict: true } },
    ];
    const panel = page.getByRole("region", { name: "Import functions" });
    await replaceText(page, panel.getByRole("textbox"), JSON.stringify(tools, null, 2));
    await expect(panel.getByRole("status")).toContainText("2 functions: get_weather, get_time");
    await panel.getByRole("button", { name: "Add to tools" }).click();
    await expect(page.getByLabel("Function name", { exact: true })).toHaveCount(2);
    await expect(page.getByLabel("Function name", { exact: true }).first()).toHaveValue("get_weather");

    await page.getByRole("button", { name: "Create assistant" }).click();
    await expect(page).toHaveURL(/\/assistants\/asst_[0-9A-Za-z]+$/);
    const stored = await api.beta.assistants.retrieve(page.url().split("/").pop()!);
    expect(stored.tools).toEqual(tools);
  });

  test("fixes a strict-mode error with one click, tries a sample and saves a mock output", async ({ ownerPage: page, api, uniqueName }) => {
    await newAssistant(page, uniqueName("fix"));
    await page.getByRole("button", { name: "+ Function" }).click();
    await page.getByLabel("Function name", { exact: true }).fill("lookup");
    await page.getByRole("tab", { name: "JSON" }).click();
    const json = page.getByRole("textbox", { name: "Parameters (JSON Schema)" });
    await replaceText(page, json, '{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}');

    const problems = page.getByRole("list", { name: "Schema problems" });
    await expect(problems).toContainText("tools[0].function.parameters.additionalProperties");
    // Saving is refused (the form runs the API's own rules) and nothing is created.
    await page.getByRole("button", { name: "Create assistant" }).click();
    await expect(page.getByText("Some fields need attention")).toBeVisible();
    await expect(page).toHaveURL(/\/assistants\/new$/);
    await page.getByRole("button", { name: "Set additionalProperties to false" }).click();
    await expect(problems).toBeHidden();
    await expect(json).toContainText('"additionalProperties": false');

    // A syntax error pauses the tree and is pointed at by line and column.
    await replaceText(page, json, '{"type": "object",,}');
    await expect(page.getByText(/Not valid JSON: .*\(line 1, column 19\)/)).toBeVisible();
    await page.getByRole("tab", { name: "Builder" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The builder is paused" })).toBeVisible();
    await page.getByRole("tab", { name: "JSON" }).click();
    await page.keyboard.press("ControlOrMeta+z");
    await expect(page.getByText(/Not valid JSON/)).toBeHidden();
    // JSON that parses but is no schema object pauses the builder the same way.
    await replaceText(page, json, "[1]");
    await expect(page.getByRole("tabpanel", { name: "JSON" }).getByText(/A schema here must be a JSON object .*, not an array \(line 1, column 1\)/)).toBeVisible();
    await page.keyboard.press("ControlOrMeta+z");
    await expect(page.getByText(/A schema here must be a JSON object/)).toHaveCount(0);

    await page.getByText("Try it").click();
    await page.getByRole("button", { name: "Generate example" }).click();
    await expect(page.getByRole("status", { name: "Sample arguments check" })).toContainText("Valid");
    await replaceText(page, page.getByRole("textbox", { name: "Sample arguments" }), '{"id": 7, "extra": true}');
    const verdict = page.getByRole("status", { name: "Sample arguments check" });
    await expect(verdict).toContainText("id must be string");
    await expect(verdict).toContainText("extra is not an allowed property");

    await replaceText(page, page.getByRole("textbox", { name: "Mock output of lookup" }), '{"found": true}');
    await page.getByRole("button", { name: "Create assistant" }).click();
    await expect(page).toHaveURL(/\/assistants\/asst_[0-9A-Za-z]+$/);
    const stored = (await api.beta.assistants.retrieve(page.url().split("/").pop()!)) as unknown as { tools: unknown[]; mock_outputs: unknown };
    expect(stored.tools).toEqual([
      { type: "function", function: { name: "lookup", strict: true, parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false } } },
    ]);
    expect(stored.mock_outputs).toEqual({ lookup: { format: "json", output: '{"found": true}' } });
  });

  test("edits a response format schema with the same builder", async ({ ownerPage: page, api, uniqueName }) => {
    await newAssistant(page, uniqueName("format"));
    await page.getByRole("combobox", { name: "Response format" }).selectOption("json_schema");
    await page.getByLabel("Schema name").fill("verdict");
    await item(page, "response").click();
    await addProperty(page, "label", "enum");
    await page.getByLabel("Allowed values (one per line)").fill("spam\nham");
    await item(page, "response").click();
    await addProperty(page, "confidence", "number");
    await page.getByLabel("Maximum", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Create assistant" }).click();
    await expect(page).toHaveURL(/\/assistants\/asst_[0-9A-Za-z]+$/);
    const stored = await api.beta.assistants.retrieve(page.url().split("/").pop()!);
    expect(stored.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "verdict",
        strict: true,
        schema: {
          type: "object",
          properties: { label: { type: "string", enum: ["spam", "ham"] }, confidence: { type: "number", maximum: 1 } },
          required: ["label", "confidence"],
          additionalProperties: false,
        },
      },
    });
  });
});
