// zod schemas for the Alertmanager API v2 (the shapes served by 0.25, checked in
// test/alertmanager against the real binary). Optional where newer releases add fields.
import { z } from 'zod';

export const labelSetSchema = z.record(z.string(), z.string());
export type LabelSet = z.infer<typeof labelSetSchema>;

export const alertStateSchema = z.enum(['unprocessed', 'active', 'suppressed']);
export type AlertState = z.infer<typeof alertStateSchema>;

export const gettableAlertSchema = z.object({
  labels: labelSetSchema,
  annotations: labelSetSchema.default({}),
  startsAt: z.string(),
  endsAt: z.string(),
  updatedAt: z.string(),
  generatorURL: z.string().optional(),
  fingerprint: z.string(),
  receivers: z.array(z.object({ name: z.string() })),
  status: z.object({
    state: alertStateSchema,
    silencedBy: z.array(z.string()),
    inhibitedBy: z.array(z.string()),
    mutedBy: z.array(z.string()).optional(), // 0.27+
  }),
});
export type Alert = z.infer<typeof gettableAlertSchema>;
export const gettableAlertsSchema = z.array(gettableAlertSchema);

export const alertGroupsSchema = z.array(
  z.object({ labels: labelSetSchema, receiver: z.object({ name: z.string() }), alerts: gettableAlertsSchema }),
);
export type AlertGroup = z.infer<typeof alertGroupsSchema>[number];

export const matcherSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});
export type Matcher = z.infer<typeof matcherSchema>;

export const silenceStateSchema = z.enum(['expired', 'active', 'pending']);
export type SilenceState = z.infer<typeof silenceStateSchema>;

export const gettableSilenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: silenceStateSchema }),
  updatedAt: z.string(),
  matchers: z.array(matcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});
export type Silence = z.infer<typeof gettableSilenceSchema>;
export const gettableSilencesSchema = z.array(gettableSilenceSchema);

export const postSilenceResponseSchema = z.object({ silenceID: z.string() });

export const statusSchema = z.object({
  cluster: z.object({
    name: z.string().optional(),
    status: z.string(),
    peers: z.array(z.object({ name: z.string(), address: z.string() })).nullish(),
  }),
  versionInfo: z.object({
    version: z.string(),
    revision: z.string(),
    branch: z.string(),
    buildUser: z.string(),
    buildDate: z.string(),
    goVersion: z.string(),
  }),
  config: z.object({ original: z.string() }),
  uptime: z.string(),
});
export type AlertmanagerStatus = z.infer<typeof statusSchema>;

/** What may be POSTed to /api/v2/alerts. Times as Date or RFC 3339 text. */
export interface PostableAlert {
  labels: LabelSet;
  annotations?: LabelSet;
  startsAt?: Date | string;
  endsAt?: Date | string;
  generatorURL?: string;
}

export interface MatcherInput {
  name: string;
  value: string;
  isRegex?: boolean;
  isEqual?: boolean;
}

export interface SilenceInput {
  /** Set to update an existing silence. */
  id?: string;
  matchers: MatcherInput[];
  startsAt?: Date | string;
  endsAt: Date | string;
  createdBy: string;
  comment: string;
}
