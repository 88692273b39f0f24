/** The TensorFlow.js backends by name, apart from backend.ts so that option parsing and help do not load tfjs. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
