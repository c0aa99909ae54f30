// What a prompt edit does: the filter and the pane search follow the text as it is typed, the
// command line shows its completion; enter runs the command or jumps to the match, esc clears.
import { complete, parseCommand } from './commands.js';
import type { PromptEdit } from '../ui/prompt-edit.js';
import type { OpenPrompt } from '../ui/ui-store.js';
import type { ViewContext } from '../views/types.js';

export interface PromptOptions {
  exit(): void;
  clusters(): string[];
}

export function runCommand(ctx: ViewContext, text: string, { exit, clusters }: PromptOptions): void {
  const s = ctx.store.getState();
  const command = parseCommand(text, clusters());
  if (command.kind === 'quit') exit();
  else if (command.kind === 'view') s.setView(command.view);
  else if (command.kind === 'scope') s.setScope(command.cluster);
  else s.flash(`unknown command ":${command.text}" (try :pods, :ctx dev, or ? for help)`, 'error');
}

export function applyPromptEdit(ctx: ViewContext, prompt: OpenPrompt, edit: PromptEdit, options: PromptOptions): void {
  const s = ctx.store.getState();
  const session = ctx.tui.getState().session;
  const close = (): void => ctx.tui.setState({ prompt: { kind: 'none' } });
  switch (edit.kind) {
    case 'ignore':
      return;
    case 'cancel':
      if (prompt.kind === 'filter') s.setFilter(s.ui.view, '');
      if (prompt.kind === 'search') session?.setSearch('');
      close();
      return;
    case 'submit':
      close();
      // Enter on a partial name runs what the completion offered.
      if (prompt.kind === 'command')
        runCommand(
          ctx,
          prompt.completion && parseCommand(edit.text, options.clusters()).kind === 'unknown' ? prompt.completion : edit.text,
          options,
        );
      if (prompt.kind === 'search' && session && !session.findNext(-1)) s.flash(`no line matches "${edit.text}"`, 'error');
      return;
    case 'edit': {
      const { text, cursor } = edit;
      if (prompt.kind === 'filter') {
        s.setFilter(s.ui.view, text);
        ctx.tui.setState({ prompt: { kind: 'filter', text, cursor } });
      } else if (prompt.kind === 'search') {
        session?.setSearch(text);
        ctx.tui.setState({ prompt: { kind: 'search', text, cursor } });
      } else {
        const completion = complete(text, options.clusters());
        ctx.tui.setState({ prompt: completion ? { kind: 'command', text, cursor, completion } : { kind: 'command', text, cursor } });
      }
    }
  }
}
