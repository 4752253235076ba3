// The corpus of `npm run bench:files` and of its retrieval set: every Markdown file of at least
// 1 KiB under node_modules, in path order, each content once (the first path wins). Shared so the
// set builder (retrieval-set-build.ts) and the bench see the same files.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

export type CorpusFile = {
  /** Path under node_modules with `/` separators: the retrieval set's key. */
  relPath: string;
  /** The name it is uploaded under (the path with `__` for separators). */
  uploadName: string;
  data: Buffer;
  sha256: string;
};

const MIN_BYTES = 1024;

async function markdownFiles(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await markdownFiles(full, out);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) out.push(full);
  }
  return out;
}

export const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

export async function loadCorpus(root: string, maxFiles = Infinity): Promise<CorpusFile[]> {
  const base = path.join(root, "node_modules");
  const seen = new Set<string>();
  const files: CorpusFile[] = [];
  for (const file of (await markdownFiles(base)).sort()) {
    if ((await stat(file)).size < MIN_BYTES) continue;
    const data = await readFile(file);
    const hash = sha256(data);
    if (seen.has(hash)) continue;
    seen.add(hash);
    const relPath = path.relative(base, file).split(path.sep).join("/");
    files.push({ relPath, uploadName: `node_modules__${relPath.replaceAll("/", "__")}`, data, sha256: hash });
    if (files.length >= maxFiles) break;
  }
  return files;
}

/** The package a path under node_modules belongs to (its innermost one): `a/node_modules/@s/b/x.md` → `@s/b`. */
export function packageOf(relPath: string): string {
  const parts = relPath.split("/node_modules/").at(-1)!.split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
