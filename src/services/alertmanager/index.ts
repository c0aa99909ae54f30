// The Alertmanager API v2 client's public surface.
export * from './client.js';
export * from './errors.js';
export type {
  Alert,
  AlertGroup,
  AlertState,
  AlertmanagerStatus,
  LabelSet,
  Matcher,
  MatcherInput,
  PostableAlert,
  Silence,
  SilenceInput,
  SilenceState,
} from './schema.js';
