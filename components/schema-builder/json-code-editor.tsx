"use client";

import { json, jsonParseLinter } from "@codemirror/lang-json";
import { bracketMatching, defaultHighlightStyle, foldGutter, syntaxHighlighting } from "@codemirror/language";
import { linter, lintGutter } from "@codemirror/lint";
import { CodeEditor } from "@/components/ui/code-editor";

// CodeMirror with JSON highlighting, folding and the parser's own syntax-error marks (line gutter
// and underline), all bundled: nothing is fetched at run time.
const JSON_EXTENSIONS = [json(), syntaxHighlighting(defaultHighlightStyle), bracketMatching(), foldGutter(), lintGutter(), linter(jsonParseLinter(), { delay: 250 })];

type JsonCodeEditorProps = Omit<React.ComponentProps<typeof CodeEditor>, "extensions">;

export function JsonCodeEditor(props: JsonCodeEditorProps) {
  return <CodeEditor {...props} extensions={JSON_EXTENSIONS} />;
}
