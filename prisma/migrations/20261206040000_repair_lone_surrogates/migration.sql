-- Repairs rows written before lone UTF-16 surrogates were refused (lib/unicode.ts). The API took
-- "\ud800" in metadata, message content and other JSON fields; a `json` column keeps it as that
-- escape, and every later `::jsonb` cast or `->>` of the row fails ("invalid input syntax for type
-- json"): the workspace's metadata search, the playground's thread list. `text` columns never held
-- one (the driver wrote U+FFFD). Each lone surrogate escape becomes \ufffd, in rows that fail the
-- jsonb cast only. An escape whose backslash is itself escaped (`\\ud800`, the six characters
-- typed as text) is left alone, and valid pairs need no repair: JSON.stringify writes them raw.
CREATE FUNCTION pg_temp.atelier_is_jsonb(value text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM value::jsonb;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END;
$$;

DO $$
DECLARE
  target record;
  candidate record;
  fixed text;
  previous text;
BEGIN
  FOR target IN
    SELECT c.table_name, c.column_name FROM information_schema.columns c
     WHERE c.table_schema = current_schema() AND c.data_type = 'json'
  LOOP
    FOR candidate IN EXECUTE format(
      'SELECT ctid AS row_id, %1$I::text AS body FROM %2$I WHERE %1$I::text ~ %3$L',
      target.column_name, target.table_name, '\\u[dD][89a-fA-F][0-9a-fA-F]{2}'
    ) LOOP
      CONTINUE WHEN pg_temp.atelier_is_jsonb(candidate.body);
      fixed := candidate.body;
      -- Repeated: one pass cannot replace two adjacent escapes (each match takes the character before it).
      LOOP
        previous := fixed;
        fixed := regexp_replace(fixed, '(^|[^\\])((\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\1\2\\ufffd', 'g');
        EXIT WHEN fixed = previous;
      END LOOP;
      EXECUTE format('UPDATE %I SET %I = $1::json WHERE ctid = $2', target.table_name, target.column_name) USING fixed, candidate.row_id;
    END LOOP;
  END LOOP;
END;
$$;
