import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { organization } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";
import { COOKIE_PREFIX } from "@/lib/auth/paths";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/schema";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ID_PREFIXES, newId, type IdPrefix } from "@/lib/ids";

// Accounts, sessions and workspaces, by better-auth (email + password, sessions in Postgres through
// its Prisma adapter, the organization plugin for workspaces). Only lib/auth/ talks to it; the rest
// of the app sees a Caller (lib/auth/caller.ts).
//
// Its HTTP handler is deliberately not mounted: the console calls it from server actions only, so
// the surface a browser can reach is ours (each action gated, sign-in throttled in lib/auth/throttle.ts)
// and none of the plugin's own endpoints (sign-up, create organization…) is open to the network.

const SESSION_DAYS = 7;
const INVITATION_DAYS = 7;

const accessControl = createAccessControl(defaultStatements);
// The plugin's own checks (invite, change roles, remove members, rename) pass for owners only; what
// editors and viewers may do with assistants and keys is ours (lib/auth/roles.ts).
const pluginRoles = {
  owner: accessControl.newRole({
    organization: ["update", "delete"],
    member: ["create", "update", "delete"],
    invitation: ["create", "cancel"],
  }),
  editor: accessControl.newRole({}),
  viewer: accessControl.newRole({}),
};

const PREFIX_BY_MODEL: Record<string, IdPrefix> = {
  user: ID_PREFIXES.user,
  session: ID_PREFIXES.session,
  account: ID_PREFIXES.account,
  verification: ID_PREFIXES.verification,
  organization: ID_PREFIXES.workspace,
  member: ID_PREFIXES.member,
  invitation: ID_PREFIXES.invitation,
};

function createAuth(secureCookies: boolean) {
  const env = getEnv();
  if (!env.ATELIER_SECRET) {
    throw new Error("ATELIER_SECRET is not set: `npm start` generates one; set it yourself when starting `next start` directly.");
  }
  return betterAuth({
    appName: "Atelier",
    secret: env.ATELIER_SECRET,
    baseURL: env.ATELIER_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`,
    database: prismaAdapter(getDb(), { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      // The same limits the forms check (lib/auth/schema.ts).
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      autoSignIn: true,
    },
    session: { expiresIn: SESSION_DAYS * 86_400, updateAge: 86_400 },
    // Our own throttle covers both addresses and accounts, across instances (lib/auth/throttle.ts).
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secureCookies,
      // HttpOnly and SameSite=Lax are better-auth's defaults; stated here because we rely on them.
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      database: { generateId: ({ model }) => newId(PREFIX_BY_MODEL[model] ?? ID_PREFIXES.verification) },
    },
    plugins: [
      organization({
        ac: accessControl,
        roles: pluginRoles,
        creatorRole: "owner",
        invitationExpiresIn: INVITATION_DAYS * 86_400,
        cancelPendingInvitationsOnReInvite: true,
        schema: {
          organization: { modelName: "workspace" },
          member: { fields: { organizationId: "workspaceId" } },
          invitation: { fields: { organizationId: "workspaceId" } },
          session: { fields: { activeOrganizationId: "activeWorkspaceId" } },
        },
      }),
      // Lets server actions set and clear the session cookie.
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

// Two instances that differ only in the cookie's `Secure` flag (and name: `__Secure-` prefix), so
// the flag follows how each request arrived rather than a setting someone forgot to change.
const instances = new Map<boolean, Auth>();

export function getAuth(secureCookies: boolean): Auth {
  let auth = instances.get(secureCookies);
  if (!auth) {
    auth = createAuth(secureCookies);
    instances.set(secureCookies, auth);
  }
  return auth;
}

/** Whether the browser reached us over https: directly (Next sets the header) or through a proxy. */
export function isHttpsRequest(headers: Headers): boolean {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https";
}

export const authFor = (headers: Headers): Auth => getAuth(isHttpsRequest(headers));
