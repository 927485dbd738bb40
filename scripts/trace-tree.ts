/**
 * `npx tsx scripts/trace-tree.ts [port]`: a tiny OTLP/HTTP JSON receiver on 127.0.0.1 (default
 * port 4318) that prints each trace it receives as an indented tree of spans with their durations
 * and attributes: a look at the package's spans without a collector or Jaeger. Point the app at it:
 * `OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/json npm run dev`.
 * Traces are printed a second after their last span arrived. Metrics are acknowledged, not shown.
 */
import { createServer } from 'node:http';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number };
}
interface Received extends OtlpSpan {
  scope: string;
}

const port = Number(process.argv[2] ?? 4318);
const traces = new Map<string, { spans: Received[]; timer?: NodeJS.Timeout }>();

const valueOf = (v: OtlpValue) => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;

function print(spans: Received[]): void {
  const ids = new Set(spans.map((s) => s.spanId));
  const t0 = Math.min(...spans.map((s) => Number(BigInt(s.startTimeUnixNano) / 1000n)));
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const s of spans
      .filter((x) => (parent === undefined ? !x.parentSpanId || !ids.has(x.parentSpanId) : x.parentSpanId === parent))
      .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1))) {
      const start = (Number(BigInt(s.startTimeUnixNano) / 1000n) - t0) / 1000;
      const ms = Number((BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1000n) / 1000;
      const attrs = (s.attributes ?? []).map((a) => `${a.key}=${valueOf(a.value)}`).join(' ');
      const failed = s.status?.code === 2 ? ' ERROR' : '';
      lines.push(`${'  '.repeat(depth)}${s.name}  +${start.toFixed(1)}ms ${ms.toFixed(1)}ms${failed}${attrs ? `  [${attrs}]` : ''}  (${s.scope})`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  console.info(`trace ${spans[0]!.traceId}\n${lines.join('\n')}\n`);
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (req.url !== '/v1/traces' || !String(req.headers['content-type']).includes('json')) return;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] };
    for (const rs of body.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const span of ss.spans) {
          const trace = traces.get(span.traceId) ?? { spans: [] };
          traces.set(span.traceId, trace);
          trace.spans.push({ ...span, scope: ss.scope.name });
          clearTimeout(trace.timer);
          trace.timer = setTimeout(() => {
            traces.delete(span.traceId);
            print(trace.spans);
          }, 1000);
        }
  });
}).listen(port, '127.0.0.1', () => console.info(`[trace-tree] OTLP/HTTP JSON receiver on http://127.0.0.1:${port}`));
