// Editing the one-line prompts (`:` commands, `/` filter, pane search) as a pure function of the
// line and a key, like dialogKey: the caller applies the result (live filter, search, completion).
// The cursor counts characters (code points), so a pasted emoji is one step, not two.

export interface PromptLine {
  text: string;
  /** Characters before the cursor, 0 … length of text. */
  cursor: number;
}

export type PromptEdit =
  { kind: 'edit'; text: string; cursor: number } | { kind: 'submit'; text: string } | { kind: 'cancel' } | { kind: 'ignore' };

const isControl = (input: string): boolean => /[\x00-\x1f\x7f]/.test(input);

/**
 * The result of `name` (keyName's spelling) with raw `input` on the line. `complete` turns the
 * text into its completion on tab; without it tab does nothing.
 */
export function editPrompt(line: PromptLine, name: string, input: string, complete?: (text: string) => string | undefined): PromptEdit {
  const chars = [...line.text];
  const cursor = Math.max(0, Math.min(chars.length, line.cursor));
  const edit = (next: string[], at: number): PromptEdit => ({ kind: 'edit', text: next.join(''), cursor: at });
  switch (name) {
    case 'esc':
      return { kind: 'cancel' };
    case 'enter':
      return { kind: 'submit', text: line.text };
    case 'tab': {
      const completed = complete?.(line.text);
      return completed === undefined ? { kind: 'ignore' } : edit([...completed], [...completed].length);
    }
    case 'backspace':
      return cursor === 0 ? { kind: 'ignore' } : edit([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
    case 'left':
      return edit(chars, Math.max(0, cursor - 1));
    case 'right':
      return edit(chars, Math.min(chars.length, cursor + 1));
    case 'home':
      return edit(chars, 0);
    case 'end':
      return edit(chars, chars.length);
    case 'space':
      return edit([...chars.slice(0, cursor), ' ', ...chars.slice(cursor)], cursor + 1);
  }
  // Typed or pasted text goes in at the cursor; other control keys (ctrl+x, arrows …) do nothing.
  if (input === '' || isControl(input) || name.startsWith('ctrl+')) return { kind: 'ignore' };
  const typed = [...input];
  return edit([...chars.slice(0, cursor), ...typed, ...chars.slice(cursor)], cursor + typed.length);
}
