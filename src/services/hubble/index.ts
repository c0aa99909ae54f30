// Hubble Relay client: the public surface for feeds and subcommands.
export { HubbleClient, HubbleError, buildRequest, parseRelayAddress } from './client.js';
export type { HubbleClientOptions, HubbleEvent, NodeState, ObserveOptions, ServerStatus } from './client.js';
export { followFlows, followFlowBatches, RecentIds } from './follow.js';
export type { ReconnectBackoff, ConnectionState, FollowOptions } from './follow.js';
export { VERDICTS, normalizeFlow } from './flow.js';
export type { Flow, FlowDns, FlowEndpoint, FlowHttp, FlowL4, FlowL7, FlowType, L4Protocol, TrafficDirection, Verdict } from './flow.js';
export { queryToFilters, toFilterLists } from './filters.js';
export type { FlowFilterLists, FlowQuery } from './filters.js';
export { hubbleProtoRoot, loadHubbleProto } from './proto.js';
