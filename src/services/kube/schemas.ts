// The parts of Kubernetes objects the TUI depends on, checked with zod at the boundary.
// Objects are loose: fields not named here pass through untouched (plain JSON, string
// timestamps — the same shape whether an object came from a list or a watch).
import { z } from 'zod';

const str = z.string();
const labels = z.record(z.string(), z.string());

export const objectMetaSchema = z.looseObject({
  name: str,
  namespace: str.optional(),
  uid: str,
  resourceVersion: str,
  creationTimestamp: str.optional(),
  deletionTimestamp: str.optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
  ownerReferences: z.array(z.looseObject({ kind: str, name: str, uid: str.optional(), controller: z.boolean().optional() })).optional(),
});

const containerState = z.looseObject({
  running: z.looseObject({ startedAt: str.optional() }).optional(),
  waiting: z.looseObject({ reason: str.optional(), message: str.optional() }).optional(),
  terminated: z
    .looseObject({ exitCode: z.number(), signal: z.number().optional(), reason: str.optional(), finishedAt: str.optional() })
    .optional(),
});

const containerStatus = z.looseObject({
  name: str,
  ready: z.boolean(),
  restartCount: z.number(),
  started: z.boolean().optional(),
  state: containerState.optional(),
  lastState: containerState.optional(),
});

export const podSchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      nodeName: str.optional(),
      containers: z.array(z.looseObject({ name: str, image: str.optional() })),
      // restartPolicy Always: a sidecar, which runs beside the containers instead of before them.
      initContainers: z.array(z.looseObject({ name: str, restartPolicy: str.optional() })).optional(),
    })
    .optional(),
  status: z
    .looseObject({
      phase: str.optional(),
      podIP: str.optional(),
      hostIP: str.optional(),
      reason: str.optional(),
      conditions: z.array(z.looseObject({ type: str, status: str, reason: str.optional() })).optional(),
      initContainerStatuses: z.array(containerStatus).optional(),
      containerStatuses: z.array(containerStatus).optional(),
    })
    .optional(),
});

export const nodeSchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      unschedulable: z.boolean().optional(),
      podCIDR: str.optional(),
      taints: z.array(z.looseObject({ key: str, value: str.optional(), effect: str })).optional(),
    })
    .optional(),
  status: z
    .looseObject({
      capacity: labels.optional(),
      allocatable: labels.optional(),
      conditions: z.array(z.looseObject({ type: str, status: str, reason: str.optional(), message: str.optional() })).optional(),
      addresses: z.array(z.looseObject({ type: str, address: str })).optional(),
      nodeInfo: z
        .looseObject({
          kubeletVersion: str.optional(),
          osImage: str.optional(),
          containerRuntimeVersion: str.optional(),
          kernelVersion: str.optional(),
        })
        .optional(),
    })
    .optional(),
});

export const namespaceSchema = z.looseObject({
  metadata: objectMetaSchema,
  status: z.looseObject({ phase: str.optional() }).optional(),
});

export const eventSchema = z.looseObject({
  metadata: objectMetaSchema,
  involvedObject: z.looseObject({ kind: str.optional(), name: str.optional(), namespace: str.optional(), uid: str.optional() }),
  reason: str.optional(),
  message: str.optional(),
  type: str.optional(),
  count: z.number().optional(),
  firstTimestamp: str.nullable().optional(),
  lastTimestamp: str.nullable().optional(),
  eventTime: str.nullable().optional(),
});

export type KubePod = z.infer<typeof podSchema>;
export type KubeNode = z.infer<typeof nodeSchema>;
export type KubeNamespace = z.infer<typeof namespaceSchema>;
export type KubeEvent = z.infer<typeof eventSchema>;

/** A list: items are validated one by one by the informer (a bad item is skipped, not fatal). */
export const listSchema = z.looseObject({
  metadata: z.looseObject({ resourceVersion: str.optional(), continue: str.optional() }),
  items: z.array(z.unknown()),
});

export const watchEventSchema = z.object({
  type: z.enum(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']),
  object: z.looseObject({}),
});

// metrics.k8s.io/v1beta1
const usage = z.looseObject({ cpu: str, memory: str });
export const nodeMetricsListSchema = z.looseObject({
  items: z.array(z.looseObject({ metadata: z.looseObject({ name: str }), timestamp: str.optional(), window: str.optional(), usage })),
});
export const podMetricsListSchema = z.looseObject({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({ name: str, namespace: str }),
      timestamp: str.optional(),
      window: str.optional(),
      containers: z.array(z.looseObject({ name: str, usage })),
    }),
  ),
});
