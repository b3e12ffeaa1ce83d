#!/usr/bin/env node
// The CLI and server are TypeScript run through tsx, so there is no separate build step for the server.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv);
