// Kept only for sim/kube/state.ts (being reworked elsewhere); the one ring buffer is
// util/ring-buffer.ts. Remove this alias once state.ts imports RingBuffer directly.
export { RingBuffer as Ring } from '../../util/ring-buffer.js';
