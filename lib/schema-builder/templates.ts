import type { JsonSchema } from "@/lib/schema-builder/types";

// Starting points for the builder. Each is strict-valid as it stands (every object closed and
// fully required, "optional" written as nullable), so a person who starts from one and edits with
// strict on never sees a strict-mode error they did not make. Tests check that.

export type FunctionTemplate = {
  id: string;
  label: string;
  summary: string;
  function: { name: string; description: string; strict: true; parameters: JsonSchema };
};

export type ResponseTemplate = {
  id: string;
  label: string;
  summary: string;
  /** The `json_schema` object of a `response_format: {type: "json_schema", json_schema}`. */
  format: { name: string; description: string; strict: true; schema: JsonSchema };
};

const object = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const nullableEnum = (values: string[], description: string): JsonSchema => ({ type: ["string", "null"], enum: [...values, null], description });

const emailAddress: JsonSchema = { type: "string", format: "email" };

export const FUNCTION_TEMPLATES: readonly FunctionTemplate[] = [
  {
    id: "weather",
    label: "Weather",
    summary: "Current weather for a place, in the unit the user asked for.",
    function: {
      name: "get_weather",
      description: "Get the current weather for a location.",
      strict: true,
      parameters: object({
        location: { type: "string", description: "City and country, e.g. 'Paris, France'." },
        unit: nullableEnum(["celsius", "fahrenheit"], "Temperature unit; null to use the location's usual unit."),
      }),
    },
  },
  {
    id: "web-search",
    label: "Web search",
    summary: "Search the web with a result limit and an optional recency filter.",
    function: {
      name: "search_web",
      description: "Search the web and return the most relevant results.",
      strict: true,
      parameters: object({
        query: { type: "string", description: "What to search for, in the user's words." },
        max_results: { type: "integer", minimum: 1, maximum: 20, description: "How many results to return (1-20)." },
        recency: nullableEnum(["day", "week", "month", "year"], "Only results published within this period; null for any time."),
      }),
    },
  },
  {
    id: "database-lookup",
    label: "Database lookup",
    summary: "Find records in a table with a list of field filters.",
    function: {
      name: "lookup_record",
      description: "Look up records in a database table that match all the filters.",
      strict: true,
      parameters: object({
        table: { type: "string", enum: ["customers", "orders", "products"], description: "The table to search." },
        filters: {
          type: "array",
          description: "Conditions every returned record must meet; empty for no condition.",
          items: object({
            field: { type: "string", description: "Column name." },
            op: { type: "string", enum: ["eq", "neq", "lt", "lte", "gt", "gte", "contains"], description: "Comparison operator." },
            value: { anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }], description: "Value to compare the field with." },
          }),
        },
        limit: { type: ["integer", "null"], minimum: 1, maximum: 100, description: "Maximum number of records (1-100); null for the default of 10." },
      }),
    },
  },
  {
    id: "send-email",
    label: "Send email",
    summary: "Send an email to one or more recipients.",
    function: {
      name: "send_email",
      description: "Send an email on the user's behalf. Only call this after the user confirmed the recipients and the text.",
      strict: true,
      parameters: object({
        to: { type: "array", items: emailAddress, minItems: 1, description: "Recipient email addresses." },
        cc: { type: ["array", "null"], items: emailAddress, description: "Addresses to copy; null for none." },
        subject: { type: "string", description: "Subject line." },
        body: { type: "string", description: "Plain-text body." },
        importance: { type: "string", enum: ["low", "normal", "high"], description: "Importance flag shown by mail clients." },
      }),
    },
  },
];

export const RESPONSE_TEMPLATES: readonly ResponseTemplate[] = [
  {
    id: "contact-extraction",
    label: "Contact details",
    summary: "Extract a person's contact details from free text.",
    format: {
      name: "contact_details",
      description: "Contact details found in the text; null where the text does not say.",
      strict: true,
      schema: object({
        name: { type: ["string", "null"], description: "Full name." },
        email: { type: ["string", "null"], description: "Email address." },
        phone: { type: ["string", "null"], description: "Phone number as written." },
        company: { type: ["string", "null"], description: "Company or organisation." },
        address: {
          anyOf: [
            object({
              street: { type: ["string", "null"] },
              city: { type: ["string", "null"] },
              postal_code: { type: ["string", "null"] },
              country: { type: ["string", "null"] },
            }),
            { type: "null" },
          ],
          description: "Postal address; null when there is none.",
        },
      }),
    },
  },
  {
    id: "classification",
    label: "Classification",
    summary: "Classify a text into one label with a confidence score.",
    format: {
      name: "classification",
      description: "The single best label for the text.",
      strict: true,
      schema: object({
        label: { type: "string", enum: ["question", "complaint", "praise", "request", "other"], description: "The category of the text." },
        confidence: { type: "number", minimum: 0, maximum: 1, description: "How sure the classification is, from 0 to 1." },
        reasoning: { type: "string", description: "One sentence on why this label fits." },
      }),
    },
  },
];
