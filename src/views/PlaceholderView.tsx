// Views whose data feeds are not wired yet show what they will hold, never a blank screen.
import React from 'react';
import { Text } from 'ink';
import type { ViewId } from '../store/types.js';
import type { ViewDefinition } from './types.js';

export function placeholderView(id: ViewId, title: string, what: string): ViewDefinition {
  return {
    id,
    title,
    Component: () => <Text wrap="truncate">{`${title}: ${what} (waiting for data)`}</Text>,
    bindings: () => [],
  };
}
