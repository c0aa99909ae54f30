// The helm stand-in for the demo lab: the chart catalog, one rendering path for the CLI and the
// lab's in-process "finished" state, helm's release record, and how to put `helm` into a bin/.
export { CHARTS, chartByKey, findChart } from './charts/index.js';
export type { ChartModule, ChartMetadata, Values } from './chart.js';
export {
  renderRelease,
  runtimeObjects,
  releaseSecret,
  renderChart,
  releaseRecord,
  withHelmMetadata,
  installOrder,
  manifestText,
  type RenderedRelease,
  type ReleaseRecordOptions,
} from './render.js';
export {
  buildRelease,
  encodeRelease,
  decodeRelease,
  releaseSecretFor,
  releaseFromSecret,
  releaseSecretName,
  RELEASE_SECRET_TYPE,
  type HelmRelease,
  type ReleaseStatus,
} from './release.js';
export { prepareHelmStandin, type HelmStandin } from './standin-build.js';
export { CILIUM_CRDS } from './charts/cilium.js';
export { MONITORING_CRDS } from './charts/kube-prometheus-stack.js';
export { ISTIO_CRDS } from './charts/istio-base.js';
export type { KubeObject } from './objects.js';
