#!/usr/bin/env node
// The `netid-rp` executable (package.json `bin`). Exit codes: 0 done, 1 failed, 2 usage or configuration.
import { main } from './index';

process.exitCode = await main(process.argv.slice(2));
