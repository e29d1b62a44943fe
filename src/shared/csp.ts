/**
 * The Content-Security-Policy both shells send with the app's pages: the browser host on its
 * HTML responses (src/host/server.ts) and the desktop app on every app:// response
 * (src/main/security.ts). Nothing but the app's own files may run, load or be framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
