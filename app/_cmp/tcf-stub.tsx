import { headers } from 'next/headers';

/**
 * The IAB TCF v2.2 CMP stub, as the IAB's own `@iabtcf/stub` shapes it: `window.__tcfapi` exists from
 * the first bytes of the page, answers `ping` (`cmpStatus: 'stub'`) and queues every other call; called
 * without arguments it hands the queue over, which is how `@iabtcf/cmpapi` takes the queued calls when the
 * reference CMP starts (after the app's JavaScript has loaded, which may be after the page's load event).
 */
const STUB = `(function(){if(typeof window.__tcfapi==='function')return;var q=[];window.__tcfapi=function(){if(!arguments.length)return q;var a=[].slice.call(arguments);if(a[0]==='ping'&&typeof a[2]==='function'){a[2]({gdprApplies:undefined,cmpLoaded:false,cmpStatus:'stub',displayStatus:'hidden',apiVersion:'2.2'},true);return;}q.push(a);};})();`;

/** The stub as a `<script>` for the root layout's `<head>`, under this request's CSP nonce (proxy.ts). */
export async function TcfStub() {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: STUB }} />;
}
