// Modal dialogs: yes/no confirmation, typed confirmation (type the target's name), a small form
// (the silence form) and a picker (containers). Key handling is a pure function so dialogs are
// tested without a terminal; while one is open it receives every key.

export interface FormField {
  id: string;
  label: string;
  value: string;
  /** Returns an error text, or undefined when the value is fine. */
  validate?: (value: string) => string | undefined;
}

export type Dialog =
  | { kind: 'confirm'; title: string; message: string; onConfirm: () => void }
  | { kind: 'typed'; title: string; message: string; expected: string; text: string; onConfirm: () => void }
  | { kind: 'form'; title: string; fields: FormField[]; focus: number; error?: string; onSubmit: (values: Record<string, string>) => void }
  | { kind: 'pick'; title: string; options: string[]; index: number; onPick: (value: string) => void };

export type DialogStep = { next: Dialog } | { close: true; run?: () => void };

const printable = (input: string): boolean => input !== '' && !/[\x00-\x1f\x7f]/.test(input);

export function dialogKey(dialog: Dialog, name: string, input: string): DialogStep {
  if (name === 'esc') return { close: true };
  switch (dialog.kind) {
    case 'confirm':
      if (name === 'y' || name === 'Y') return { close: true, run: dialog.onConfirm };
      if (name === 'n' || name === 'N') return { close: true };
      return { next: dialog };
    case 'typed':
      if (name === 'enter') return dialog.text === dialog.expected ? { close: true, run: dialog.onConfirm } : { next: dialog };
      if (name === 'backspace') return { next: { ...dialog, text: dialog.text.slice(0, -1) } };
      if (printable(input)) return { next: { ...dialog, text: dialog.text + input } };
      return { next: dialog };
    case 'pick':
      if (name === 'down' || name === 'j' || name === 'tab')
        return { next: { ...dialog, index: (dialog.index + 1) % dialog.options.length } };
      if (name === 'up' || name === 'k' || name === 'shift+tab')
        return { next: { ...dialog, index: (dialog.index - 1 + dialog.options.length) % dialog.options.length } };
      if (name === 'enter') {
        const value = dialog.options[dialog.index];
        return value === undefined ? { close: true } : { close: true, run: () => dialog.onPick(value) };
      }
      if (/^[1-9]$/.test(name) && Number(name) <= dialog.options.length) {
        const value = dialog.options[Number(name) - 1]!;
        return { close: true, run: () => dialog.onPick(value) };
      }
      return { next: dialog };
    case 'form': {
      const fields = dialog.fields;
      if (name === 'tab' || name === 'down') return { next: { ...dialog, focus: (dialog.focus + 1) % fields.length } };
      if (name === 'shift+tab' || name === 'up') return { next: { ...dialog, focus: (dialog.focus - 1 + fields.length) % fields.length } };
      const edit = (fn: (v: string) => string): DialogStep => ({
        next: { ...dialog, fields: fields.map((f, i) => (i === dialog.focus ? { ...f, value: fn(f.value) } : f)) },
      });
      if (name === 'backspace') return edit((v) => v.slice(0, -1));
      if (name === 'enter') {
        // Enter moves to the next field; on the last one it submits once every field validates.
        if (dialog.focus < fields.length - 1) return { next: { ...dialog, focus: dialog.focus + 1 } };
        for (const [i, f] of fields.entries()) {
          const error = f.validate?.(f.value);
          if (error) return { next: { ...dialog, focus: i, error: `${f.label}: ${error}` } };
        }
        const values = Object.fromEntries(fields.map((f) => [f.id, f.value]));
        return { close: true, run: () => dialog.onSubmit(values) };
      }
      if (printable(input)) return edit((v) => v + input);
      return { next: dialog };
    }
  }
}

/** Parses durations like 30m, 2h, 1d, 90 (minutes) into minutes. */
export function parseDurationMinutes(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([mhd]?)\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const minutes = unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n;
  return minutes > 0 ? minutes : undefined;
}
