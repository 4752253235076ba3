import type { PluginAuthObject, toPluginObject } from "@/lib/plugins/wire";

// The plugin form's fields and the API request they make (POST /v1/plugins, or the partial update
// of POST /v1/plugins/{id}). Pure, so the mapping can be read and tested apart from the form.

export type PluginObject = ReturnType<typeof toPluginObject>;

export type PluginAuthKind = "none" | "service" | "user";
/** `custom`: a per-operation policy set through the API, kept as it is unless another is picked. */
export type PluginApprovalChoice = "never" | "always" | "custom";
export type ServiceScheme = "bearer" | "header";

export type PluginFormValues = {
  id: string;
  name: string;
  description: string;
  /** The OpenAPI document as YAML or JSON text. */
  openapi: string;
  /** Empty: the document's first server. */
  server_url: string;
  auth_type: PluginAuthKind;
  auth_scheme: ServiceScheme;
  bearer_token: string;
  header_name: string;
  header_value: string;
  require_approval: PluginApprovalChoice;
};

export const EMPTY_PLUGIN_FORM: PluginFormValues = {
  id: "",
  name: "",
  description: "",
  openapi: "",
  server_url: "",
  auth_type: "none",
  auth_scheme: "bearer",
  bearer_token: "",
  header_name: "",
  header_value: "",
  require_approval: "never",
};

/** The document as the editor shows it: the API keeps the parsed document, not the text it came as. */
export const documentText = (document: unknown) => JSON.stringify(document, null, 2);

/** A stored plugin as the form edits it: its secret as the API shows it (`****abcd`), which sent back keeps it. */
export function pluginFormValues(plugin: PluginObject): PluginFormValues {
  const auth = plugin.auth;
  return {
    ...EMPTY_PLUGIN_FORM,
    id: plugin.id,
    name: plugin.name,
    description: plugin.description,
    openapi: documentText(plugin.openapi),
    server_url: plugin.server_url,
    auth_type: auth.type,
    auth_scheme: "header" in auth ? "header" : "bearer",
    bearer_token: "bearer_token" in auth ? auth.bearer_token : "",
    header_name: "header" in auth ? auth.header.name : "",
    header_value: "header" in auth ? auth.header.value : "",
    require_approval: typeof plugin.require_approval === "string" ? plugin.require_approval : "custom",
  };
}

export function authOf(values: PluginFormValues): PluginAuthObject {
  if (values.auth_type !== "service") return { type: values.auth_type };
  if (values.auth_scheme === "header") return { type: "service", header: { name: values.header_name.trim(), value: values.header_value } };
  return { type: "service", bearer_token: values.bearer_token };
}

export function createPluginRequest(values: PluginFormValues) {
  return {
    id: values.id.trim(),
    name: values.name,
    description: values.description,
    openapi: values.openapi,
    ...(values.server_url.trim() && { server_url: values.server_url.trim() }),
    auth: authOf(values),
    ...(values.require_approval !== "custom" && { require_approval: values.require_approval }),
  };
}

/**
 * Only what changed, so an untouched document is not parsed again and an untouched server URL keeps
 * following the document's; an emptied server URL goes back to the document's first server.
 */
export function updatePluginRequest(values: PluginFormValues, initial: PluginFormValues) {
  const serverUrl = values.server_url.trim();
  return {
    ...(values.name !== initial.name && { name: values.name }),
    ...(values.description !== initial.description && { description: values.description }),
    ...(values.openapi !== initial.openapi && { openapi: values.openapi }),
    ...(serverUrl !== initial.server_url && { server_url: serverUrl || null }),
    ...(JSON.stringify(authOf(values)) !== JSON.stringify(authOf(initial)) && { auth: authOf(values) }),
    ...(values.require_approval !== initial.require_approval && values.require_approval !== "custom" && { require_approval: values.require_approval }),
  };
}

/** A path into the request (a zod issue's, or a server field error's) → the field that shows it. */
export function pluginFieldOf(path: readonly (string | number | symbol)[]): keyof PluginFormValues {
  const [first, second, third] = path.map(String);
  if (first === "auth") {
    if (second === "bearer_token") return "bearer_token";
    if (second === "header") return third === "name" ? "header_name" : "header_value";
    return "auth_type";
  }
  if (first === "id" || first === "name" || first === "description" || first === "server_url" || first === "require_approval") return first;
  // The document and anything inside it (openapi.paths, openapi.openapi…), and whatever else.
  return "openapi";
}
