// The id of an /api/v1 request, sent back as `x-request-id` and logged with it. A caller's own id is
// echoed (it ties their logs to ours) only if it looks like one.

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const newRequestId = () => `req_${crypto.randomUUID().replaceAll("-", "")}`;

export function requestIdFrom(given: string | null | undefined): string {
  return given && CLIENT_REQUEST_ID.test(given) ? given : newRequestId();
}

export const requestIdOf = (request: Request): string => requestIdFrom(request.headers.get("x-request-id"));
