// WHATWG URL exists in every runtime shared/ runs in (Node, Chromium, Electron), but its
// types live in the DOM lib or @types/node, neither of which shared/ may see. Declare just
// the part shared/ uses.
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly origin: string;
  readonly href: string;
  toString(): string;
}
