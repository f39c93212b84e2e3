#!/usr/bin/env node
// `npx farm …` from the checkout: the CLI is TypeScript, run through tsx like the server and worker.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
