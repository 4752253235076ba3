"use client";

import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder as placeholderText } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";

type CodeEditorProps = {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** Id of the visible label (the editor is a contenteditable, which <label for> cannot name). */
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  className?: string;
  /** Language support, linting…; fixed for the editor's lifetime (pass a module-level constant). */
  extensions?: Extension;
};

// CodeMirror 6, bundled (no CDN loader), with line numbers, undo history and soft wrapping. Its
// styles are injected as <style> elements, which the page CSP's style-src allows; nothing evals.
const theme = EditorView.theme({
  "&": { fontSize: "0.8125rem", backgroundColor: "var(--background)" },
  "&.cm-focused": { outline: "none" },
  ".cm-content": { fontFamily: "var(--font-geist-mono), ui-monospace, monospace", padding: "0.5rem 0" },
  ".cm-gutters": { backgroundColor: "var(--muted)", color: "var(--muted-foreground)", border: "none" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in oklab, var(--accent) 60%, transparent)" },
});

/** A controlled code/text editor: `value` in, `onChange` out, like a textarea. */
export function CodeEditor({ value, onChange, onBlur, labelledBy, describedBy, invalid, readOnly, placeholder, className, extensions = [] }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onBlur });
  useEffect(() => {
    callbacks.current = { onChange, onBlur };
  });

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          EditorView.lineWrapping,
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          placeholderText(placeholder ?? ""),
          theme,
          extensions,
          EditorState.readOnly.of(Boolean(readOnly)),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ "aria-labelledby": labelledBy, "aria-multiline": "true", ...(describedBy && { "aria-describedby": describedBy }) }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
            if (update.focusChanged && !update.view.hasFocus) callbacks.current.onBlur?.();
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later `value`s are applied below, other props are fixed per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly]);

  // Outside changes (reset, import, reload after a conflict) replace the document.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return (
    <div
      ref={host}
      aria-invalid={invalid}
      className={cn("overflow-hidden rounded-md border border-input shadow-xs focus-within:outline-2 focus-within:outline-offset-1 focus-within:outline-ring aria-invalid:border-destructive", className)}
    />
  );
}
