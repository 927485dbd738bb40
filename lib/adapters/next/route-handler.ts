/** A Next.js App Router route handler: what a `route.ts` file exports as `GET`, `POST`, … */
export type RouteHandler = (request: Request) => Promise<Response>;
