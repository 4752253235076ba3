"use client";

import { useQuery } from "@tanstack/react-query";
import { loadTestRun, loadTestRuns } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { callAction } from "@/components/forms/call-action";
import { unwrapAction } from "@/lib/auth/action-result";
import { isTestRunOver } from "@/lib/assistant-tests/run-status";

// The Tests tab's live data: polled every second while a test run is not over, then left alone.

const POLL_MS = 1000;

export function useTestRuns(assistantId: string) {
  return useQuery({
    queryKey: ["test-runs", assistantId],
    queryFn: async () => unwrapAction(await callAction(() => loadTestRuns({ assistantId }))),
    // Runs start and end elsewhere (another tab, the API, CI): read again each time the tab opens.
    refetchOnMount: "always",
    refetchInterval: (query) => (query.state.data?.runs.some((run) => !isTestRunOver(run.status)) ? POLL_MS : false),
  });
}

export function useTestRun(assistantId: string, id: string) {
  return useQuery({
    queryKey: ["test-run", assistantId, id],
    queryFn: async () => unwrapAction(await callAction(() => loadTestRun({ assistantId, id }))),
    refetchOnMount: "always",
    refetchInterval: (query) => (query.state.data && isTestRunOver(query.state.data.run.status) ? false : POLL_MS),
  });
}
