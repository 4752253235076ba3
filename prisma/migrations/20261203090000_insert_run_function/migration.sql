-- Inserts a new run (lib/runs/queries.ts, insertStartedRun). Replaces atelier_start_run: the
-- thread's history is now read before, with the assistant (readRunStart), so that this insert can
-- run while the model is already being called.
-- In one transaction: lock the thread (message writes take the same lock), refuse when it is not
-- the workspace's or already has an active run, insert the run as given. A PL/pgSQL function
-- because each of its statements sees what committed before it: after waiting for the thread's
-- lock, the active-run check sees a run another request just inserted (one SQL statement with
-- CTEs would check against its starting snapshot and let two active runs in).
DROP FUNCTION IF EXISTS atelier_start_run(json, text[], integer);

CREATE FUNCTION atelier_insert_run(p_run json, p_active_statuses text[])
RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
  v_run runs;
  v_busy text;
BEGIN
  v_run := json_populate_record(NULL::runs, p_run);
  PERFORM 1 FROM threads WHERE id = v_run.thread_id AND workspace_id = v_run.workspace_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN json_build_object('outcome', 'thread_not_found');
  END IF;
  SELECT id INTO v_busy FROM runs WHERE thread_id = v_run.thread_id AND status = ANY (p_active_statuses) LIMIT 1;
  IF v_busy IS NOT NULL THEN
    RETURN json_build_object('outcome', 'thread_busy', 'active_run_id', v_busy);
  END IF;
  INSERT INTO runs SELECT (v_run).*;
  RETURN json_build_object('outcome', 'started');
END;
$$;
