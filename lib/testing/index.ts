/**
 * `netid-rp/testing`: what a partner's own tests need from the production package, and nothing
 * that needs a test-only dependency: {@link mintSessionCookie} seals a signed-in session without a
 * sign-in. The simulators (embedded broker, Permission Center, M2M servers) and the `dev-stack`
 * command are the companion package `netid-rp-testing`.
 *
 * @packageDocumentation
 */
export * from './session-cookie';
