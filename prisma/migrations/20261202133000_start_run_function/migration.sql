-- Starts a run in one round trip, on the way to its first token (lib/runs/queries.ts, startRunRow).
-- In one transaction: lock the thread (message writes take the same lock), refuse when it is not
-- the workspace's or already has an active run, insert the run as given (in_progress: the engine
-- starts it at once) and return the thread's newest messages for the prompt. A PL/pgSQL function
-- because each of its statements sees what committed before it: after waiting for the thread's
-- lock, the active-run check sees a run another request just inserted (one SQL statement with
-- CTEs would check against its starting snapshot and let two active runs in).
CREATE FUNCTION atelier_start_run(p_run json, p_active_statuses text[], p_history_limit integer)
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
  RETURN json_build_object(
    'outcome', 'started',
    'history', (
      SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content, 'created_at', h.created_at) ORDER BY h.created_at, h.id), '[]'::json)
      FROM (
        SELECT role, content, created_at, id FROM messages
        WHERE thread_id = v_run.thread_id
        ORDER BY created_at DESC, id DESC
        LIMIT p_history_limit
      ) h
    )
  );
END;
$$;
