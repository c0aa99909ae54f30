// The demo lab (tests, benchmarks, `--demo` and `k8slab-tui demo`); production code paths never
// import it except through those entry points.
export { DemoLab, demoStatePaths, type DemoLabOptions } from './demo-lab.js';
export { demoLabInfoSchema, type DemoLabInfo } from './info.js';
export { DemoClusterOps } from './demo-ops.js';
