export * from './bytes.js';
export * from './envelope.js';
export * from './keyfile.js';
export * from './keys.js';
export * from './padding.js';
export * from './sealedbox.js';
export * from './testimony.js';
