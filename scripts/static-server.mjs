// A tiny static file server for build/site, bound to loopback only.
// CLI: node scripts/static-server.mjs DIR [PORT]   (PORT 0 picks a free one)
// Module: startServer(dir, port) -> Promise<{server, url}>
import {createReadStream, statSync} from 'node:fs';
import {createServer} from 'node:http';
import {extname, join, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/plain; charset=utf-8',
};

export function startServer(dir, port = 0, host = '127.0.0.1') {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, {Allow: 'GET, HEAD'}).end();
      return;
    }
    let path;
    try {
      // '//app.js' would parse as a URL whose host is app.js: collapse the leading slashes first.
      path = decodeURIComponent(new URL(req.url.replace(/^\/+/, '/'), 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(join(root, path));
    let stat;
    if (file.startsWith(root + sep)) {
      try {
        stat = statSync(file);
      } catch {}
    }
    if (!stat || !stat.isFile()) {
      res.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('404 没有这个文件\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const {port: actual} = server.address();
      done({server, url: `http://${host}:${actual}/`});
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'build/site';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
  startServer(dir, port).then(({url}) => {
    console.log(`\n  揽收 lanshou 已启动：${url}\n  (serving ${resolve(dir)}; Ctrl+C 停止)\n`);
  }, (err) => {
    console.error(`static-server: 无法监听端口 ${port}：${err.message}`);
    process.exit(1);
  });
}
