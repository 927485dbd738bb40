#!/usr/bin/env node
// The `netid-rp-testing` executable (package.json `bin`). Exit codes: 0 done, 1 failed, 2 usage.
import { main } from './index';

process.exitCode = await main(process.argv.slice(2));
