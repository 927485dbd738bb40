import { z } from 'zod';
import { isLoopbackHost } from './loopback';

/** The one rule for every outbound service URL: `https://`, or `http://` on a loopback host only. */
export const SERVICE_URL_RULE = 'must use https:// (http:// is accepted only for loopback hosts)';

/**
 * A required absolute service URL (issuer, app, Permission Center, token endpoint), validated with
 * {@link SERVICE_URL_RULE}. Messages name the problem and never echo the value.
 */
export const serviceUrl = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required' })
  .superRefine((v, ctx) => {
    if (!URL.canParse(v)) {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
      return;
    }
    const u = new URL(v);
    if (!(u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname))))
      ctx.addIssue({ code: 'custom', message: SERVICE_URL_RULE });
  });
