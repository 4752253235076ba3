// Workspace roles. Imported by client components too (role pickers), so nothing server-only here.
//   owner   everything, including members, invites, workspace settings
//   editor  creates, changes and deletes assistants (and, later, threads and runs) and API keys
//   viewer  opens everything, changes nothing; their API keys can only read

export const ROLES = ["owner", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", editor: "Editor", viewer: "Viewer" };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including members, invitations and workspace settings.",
  editor: "Creates, changes and deletes assistants and API keys.",
  viewer: "Opens everything and changes nothing; their API keys can only read.",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

/** The weaker of two roles: a key never does more than its creator may. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Roles someone with `role` may hand out (to an API key or an invitee). */
export function rolesUpTo(role: Role): Role[] {
  return ROLES.filter((candidate) => hasRole(role, candidate));
}
