// A call's arguments or output as the chat's tool cards show them: a captioned, scrollable block
// (focusable, so keyboard users can scroll long lines sideways). Shared by the client-function,
// file_search and server-run (plugin, MCP) cards so they read alike.

type CallBlockProps = {
  caption: string;
  text: string;
  /** Outputs wrap; arguments keep their JSON layout. */
  wrap?: boolean;
  children?: React.ReactNode;
};

export function CallBlock({ caption, text, wrap = false, children }: CallBlockProps) {
  return (
    <figure className="flex min-w-0 flex-col gap-1.5">
      <figcaption className="text-xs font-medium text-muted-foreground">{caption}</figcaption>
      <pre tabIndex={0} className={`max-h-64 overflow-auto rounded-md border bg-code px-3 py-2 text-[0.8125rem] leading-relaxed${wrap ? " whitespace-pre-wrap" : ""}`}>
        <code className="font-mono">{text || " "}</code>
      </pre>
      {children}
    </figure>
  );
}
