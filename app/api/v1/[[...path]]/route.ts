import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";

// Unknown /api/v1 paths answer in OpenAI's error shape (after auth, like every other route),
// instead of the console's HTML 404 page.
const unknownRoute = apiRoute<{ path?: string[] }>(
  async ({ request }) => {
    const { pathname } = new URL(request.url);
    throw new AppError("not_found", `Invalid URL (${request.method} ${pathname})`, { apiCode: "unknown_url" });
  },
  { route: "/api/v1/*" },
);

export { unknownRoute as GET, unknownRoute as POST, unknownRoute as PUT, unknownRoute as PATCH, unknownRoute as DELETE };
