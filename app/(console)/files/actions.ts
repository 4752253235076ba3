"use server";

import { z } from "@/lib/zod";
import { workspaceAction } from "@/lib/auth/action";
import { previewFile } from "@/lib/files/preview";
import { deleteFile } from "@/lib/files/service";

// The Files page's actions. Uploads do not come through here: the browser streams them to
// POST /api/v1/files (the console session works there), which reports progress and keeps one
// upload path. Deleting goes through the same service as the API's DELETE.

const idInput = z.object({ id: z.string().min(1).max(64) });

export const loadFilePreview = workspaceAction({ role: "viewer", schema: idInput }, async ({ input, caller }) => previewFile(caller, input.id));

export const removeFile = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  await deleteFile(caller, input.id);
  return { id: input.id };
});
