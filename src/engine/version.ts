/** Set at build time (scripts/build.mjs) and by vitest.config.ts from package.json. */
export const APP_VERSION: string = process.env.NASCONSOLE_VERSION ?? '0.0.0-dev';
