import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getAssistant } from "@/lib/assistants/service";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { createTestRun } from "@/lib/assistant-tests/runs";

// "Run tests on every save" (issue 22): an assistant's setting (its own table, outside its
// versions) that starts a test run of all its tests each time a change makes a new version, by
// whoever made the change. Called by the assistants' one write path once the change is committed;
// a test run that cannot start is logged, never a failed save.

export async function testSettings(caller: Caller, assistantId: string): Promise<{ runOnSave: boolean }> {
  await getAssistant(caller, assistantId);
  const row = await getDb().assistantTestSettings.findUnique({ where: { assistantId } });
  return { runOnSave: row?.runOnSave ?? false };
}

export async function setRunOnSave(caller: Caller, assistantId: string, runOnSave: boolean): Promise<{ runOnSave: boolean }> {
  requireWrite(caller);
  const assistant = await getAssistant(caller, assistantId);
  await getDb().$transaction([
    getDb().assistantTestSettings.upsert({ where: { assistantId }, create: { assistantId, runOnSave }, update: { runOnSave } }),
    recordAudit(caller, { action: runOnSave ? "assistant.tests_on_save_enabled" : "assistant.tests_on_save_disabled", targetType: "assistant", targetId: assistantId, targetLabel: assistant.name }),
  ]);
  return { runOnSave };
}

/** After a change made version `version`: its test run, when the assistant asks for one and has tests. */
export async function runTestsOnSave(caller: Caller, assistantId: string, version: number): Promise<void> {
  try {
    const settings = await getDb().assistantTestSettings.findUnique({ where: { assistantId } });
    if (!settings?.runOnSave || !(await getDb().assistantTest.count({ where: { assistantId } }))) return;
    await createTestRun(caller, assistantId, { version, repeat: 1 }, "on_save");
  } catch (error) {
    log.warn("could not start the tests run on save", { assistantId, version, error: (error as Error).message });
  }
}
