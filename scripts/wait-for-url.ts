/** `tsx scripts/wait-for-url.ts URL [seconds]`: exits 0 once URL answers (any status), 1 after the deadline. */
const [url, seconds = '300'] = process.argv.slice(2);
if (!url) {
  console.error('usage: wait-for-url URL [seconds]');
  process.exit(2);
}
const deadline = Date.now() + Number(seconds) * 1000;
while (Date.now() < deadline) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    process.exit(0);
  } catch {
    await new Promise((r) => setTimeout(r, 500));
  }
}
console.error(`[wait-for-url] ${url} did not answer within ${seconds}s`);
process.exit(1);

export {};
