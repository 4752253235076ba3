"use client";

import { useState } from "react";
import { McpServerForm } from "@/components/tools/mcp-server-form";
import { PluginForm } from "@/components/tools/plugin-form";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";

// The Tools page's "Add" buttons, each opening its form in a dialog (the form is mounted only while
// open, so a cancelled draft is gone the next time).

export function AddPluginButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        Add plugin
      </Button>
      <ModalDialog open={open} title="Add a plugin" onClose={() => setOpen(false)} className="w-[min(48rem,calc(100vw-2rem))]">
        <PluginForm onSaved={() => setOpen(false)} onCancel={() => setOpen(false)} />
      </ModalDialog>
    </>
  );
}

export function AddMcpServerButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        Add MCP server
      </Button>
      <ModalDialog open={open} title="Add an MCP server" onClose={() => setOpen(false)}>
        <McpServerForm onSaved={() => setOpen(false)} onCancel={() => setOpen(false)} />
      </ModalDialog>
    </>
  );
}
