import { AuthError } from '@/lib/auth';

/** The AuthError code a promise rejects with; any other outcome fails the test. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AuthError) return err.code;
    throw err;
  }
  throw new Error('expected a rejection');
}
