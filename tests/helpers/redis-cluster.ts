/**
 * A real 3-master Redis Cluster for the tests (Debian's redis-server and redis-cli, installed by
 * scripts/ensure-redis.sh): each node on a free loopback port whose cluster bus port (port +
 * 10 000) is free too, its own temporary directory (nodes.conf and the append-only file, so a
 * stopped node comes back with its slots and data), created with `redis-cli --cluster create`,
 * ready once every node reports `cluster_state:ok`. Bounded waits, killed after.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, portIsFree } from './free-port';
import { redisProcess, waitFor, type RedisProcess } from './redis-server';

const REDIS_CLI = process.env.REDIS_CLI_PATH ?? '/usr/bin/redis-cli';
const run = promisify(execFile);
/** How long a node may be silent before the others mark it failed (ms). */
const NODE_TIMEOUT = 1000;

/** One master of the test cluster. */
export interface ClusterNode {
  port: number;
  url: string;
  /** Stops this node (its data and nodes.conf stay). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
}

/** A running test cluster. */
export interface TestRedisCluster {
  nodes: readonly ClusterNode[];
  urls: string[];
  /** The node that serves `key`'s hash slot, and that slot. */
  ownerOf(key: string): Promise<{ node: ClusterNode; slot: number }>;
  /** Waits until every running node reports `cluster_state:ok`. */
  waitHealthy(ms?: number): Promise<void>;
  /** Stops every node for good and removes the directories. */
  close(): Promise<void>;
}

/** `redis-cli -p port args…`, its stdout; bounded. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 2000 });
  return stdout;
}

/** A free loopback port whose cluster bus port (+10 000) is free as well, and not in `taken`. */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = await freePort();
    const bus = port + 10_000;
    if (bus > 65_535 || [port, bus].some((p) => taken.has(p))) continue;
    if (await portIsFree(bus)) {
      taken.add(port).add(bus);
      return port;
    }
  }
  throw new Error('redis-cluster: no free port pair (port, port + 10000) found');
}

/** The port of the master that holds `slot`, from `CLUSTER NODES` (`id ip:port@bus flags … 0-5460 …`). */
function slotOwner(clusterNodes: string, slot: number): number | undefined {
  for (const line of clusterNodes.split('\n')) {
    const fields = line.trim().split(' ');
    const ranges = fields.slice(8).filter((r) => /^\d+(-\d+)?$/.test(r));
    const owns = ranges.some((r) => {
      const [from, to = from] = r.split('-').map(Number);
      return slot >= from! && slot <= to!;
    });
    if (owns) return Number(fields[1]?.split('@')[0]?.split(':')[1]);
  }
  return undefined;
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await cli(port, 'cluster', 'info')).includes('cluster_state:ok');
  } catch {
    return false;
  }
}

/** Starts a 3-master cluster for a test file (call `close()` in `afterAll`). */
export async function startTestRedisCluster(): Promise<TestRedisCluster> {
  const root = await mkdtemp(path.join(tmpdir(), 'netid-redis-cluster-'));
  const taken = new Set<number>();
  const running = new Set<RedisProcess>();
  const nodes: Array<ClusterNode & { process: RedisProcess }> = [];
  const close = async () => {
    await Promise.all([...running].map((p) => p.stop()));
    running.clear();
    await rm(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      const port = await clusterPort(taken);
      const dir = path.join(root, `node-${i}`);
      await mkdir(dir);
      const server = redisProcess(port, dir, ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf'), '--cluster-node-timeout', String(NODE_TIMEOUT)]);
      const node = {
        process: server,
        port,
        url: `redis://127.0.0.1:${port}`,
        async start() {
          running.add(server);
          await server.start();
        },
        async stop() {
          running.delete(server);
          await server.stop();
        },
      };
      await node.start();
      nodes.push(node);
    }
    await run(REDIS_CLI, ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
  } catch (err) {
    await close();
    throw err;
  }
  const waitHealthy = async (ms = 20_000) => {
    const up = nodes.filter((n) => running.has(n.process));
    await waitFor(async () => (await Promise.all(up.map((n) => healthy(n.port)))).every(Boolean), 'cluster_state:ok on every node', ms);
  };
  try {
    await waitHealthy();
  } catch (err) {
    await close();
    throw err;
  }
  return {
    nodes,
    urls: nodes.map((n) => n.url),
    waitHealthy,
    async ownerOf(key) {
      const asker = nodes.find((n) => running.has(n.process)) ?? nodes[0]!;
      const slot = Number((await cli(asker.port, 'cluster', 'keyslot', key)).trim());
      const port = slotOwner(await cli(asker.port, 'cluster', 'nodes'), slot);
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error(`redis-cluster: no node serves slot ${slot}`);
      return { node, slot };
    },
    close,
  };
}
