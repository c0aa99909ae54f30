// Loads proto/observer/observer.proto (our own minimal copy of Hubble's API) at run time. grpc-js
// and proto-loader are imported dynamically so that they load only when flows are first needed,
// not before the first frame. The client and the demo relay share this one definition.
import path from 'node:path';
import type * as GrpcJs from '@grpc/grpc-js';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';
import { packageRoot } from '../../config/paths.js';

export type Grpc = typeof GrpcJs;

/** proto-loader options from the research note: field names as in hubble's JSON, 64-bit as strings, enums as names. */
export const LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
} as const;

export const OBSERVER_SERVICE = 'observer.Observer';

export interface HubbleProto {
  grpc: Grpc;
  packageDefinition: PackageDefinition;
  /** Serializers, deserializers and paths of observer.Observer's methods. */
  methods: { GetFlows: AnyMethod; ServerStatus: AnyMethod };
  /** The service definition a grpc.Server registers. */
  service: GrpcJs.ServiceDefinition;
}

// Method payloads are validated with zod where they arrive, so the definition itself stays untyped.
export type AnyMethod = MethodDefinition<object, object>;

/** The folder holding flow/, relay/ and observer/ (shipped in the npm package). */
export function hubbleProtoRoot(): string {
  return path.join(packageRoot(), 'proto');
}

let loading: Promise<HubbleProto> | undefined;

export function loadHubbleProto(): Promise<HubbleProto> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined; // let a later call try again
    throw err;
  });
  return loading;
}

async function load(): Promise<HubbleProto> {
  const [grpc, loader] = await Promise.all([import('@grpc/grpc-js'), import('@grpc/proto-loader')]);
  const root = hubbleProtoRoot();
  const packageDefinition = await loader.load('observer/observer.proto', { ...LOADER_OPTIONS, includeDirs: [root] });
  const service = packageDefinition[OBSERVER_SERVICE];
  if (!service || !('GetFlows' in service)) throw new Error(`${OBSERVER_SERVICE} missing from ${root}`);
  const svc = service as unknown as Record<string, AnyMethod>;
  const GetFlows = svc.GetFlows;
  const ServerStatus = svc.ServerStatus;
  if (!GetFlows || !ServerStatus) throw new Error(`${OBSERVER_SERVICE} lacks GetFlows or ServerStatus`);
  return { grpc, packageDefinition, methods: { GetFlows, ServerStatus }, service: svc as GrpcJs.ServiceDefinition };
}
