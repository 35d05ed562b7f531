/**
 * The platform module for this build. Chromium builds use this file as it
 * is; the Firefox build replaces its line with `export * from './firefox.js';`.
 */
export * from './chromium.js';
