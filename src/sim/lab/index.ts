// The demo lab (tests, benchmarks and `k8slab-tui demo`); product code reaches it only through the
// endpoints file it prints (src/config/endpoints.ts), never by importing it.
export { DemoLab, demoStatePaths, type DemoLabOptions } from './demo-lab.js';
