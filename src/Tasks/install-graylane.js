'use strict';
// Finds the graylane build for this agent, installing it once into the agent's tool cache. The task carries no
// binary (the Marketplace caps an extension at 25 MB and five tasks cannot share files): it carries payload.json,
// written when the .vsix is built, which names each release asset with its size and SHA-256. An asset is
// downloaded from the GitHub release (or the mirror in GRAYLANE_DOWNLOAD_URL), checked against that pin, unpacked
// to <tool cache>/graylane/<version>/<platform> and marked complete, as the agent's tool installers do.
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const https = require('https');
const os = require('os');
const path = require('path');
const tls = require('tls');
const zlib = require('zlib');

const DOTNET_STEP = 'add this step before it:\n- task: UseDotNet@2\n  inputs:\n    packageType: runtime\n    version: 10.x';

// linux-x64, linux-arm64, win-x64, osx-arm64 …: the .NET runtime identifiers the release builds natively.
// Alpine (musl) cannot run the glibc build, so it gets none and falls back to the portable build.
function platformKey(platform, arch, musl) {
  const system = { linux: 'linux', win32: 'win', darwin: 'osx' }[platform];
  if (!system || !['x64', 'arm64'].includes(arch) || (system === 'linux' && musl)) return null;
  return `${system}-${arch}`;
}

function isMusl() {
  if (process.platform !== 'linux') return false;
  const report = process.report && process.report.getReport ? process.report.getReport() : null;
  return !!report && !(report.header && report.header.glibcVersionRuntime);
}

// The asset to use here: this platform's native build, else the portable one on an installed .NET 10.
function choose(payload, options) {
  const key = platformKey(options.platform, options.arch, options.musl);
  if (key && payload.assets[key]) return { key, asset: payload.assets[key], portable: false };
  const where = key || `${options.platform}-${options.arch}${options.musl ? ' (musl)' : ''}`;
  if (!payload.assets.portable) throw new Error(`this extension has no graylane build for ${where} agents`);
  if (!options.hasDotnet10()) {
    throw new Error(`graylane has no native build for ${where} agents and .NET 10 is not installed here; ${DOTNET_STEP}`);
  }
  return { key: 'portable', asset: payload.assets.portable, portable: true };
}

function hasDotnet10(env) {
  const { spawnSync } = require('child_process');
  const listed = spawnSync('dotnet', ['--list-runtimes'], { env, encoding: 'utf8', timeout: 30000 });
  return listed.status === 0 && /^Microsoft\.NETCore\.App 10\./m.test(listed.stdout || '');
}

function toolsDirectory(env) {
  return env.AGENT_TOOLSDIRECTORY || path.join(env.AGENT_TEMPDIRECTORY || os.tmpdir(), 'graylane-tools');
}

function sha256(buffer) {
  return crypto.createHash('sha256').update(buffer).digest('hex');
}

// The agent's proxy (Agent.ProxyUrl and friends, as azure-pipelines-task-lib's getHttpProxyConfiguration reads
// them) for a URL, or null: none set, or the URL matches a pattern of Agent.ProxyBypassList.
function proxyFor(url, env) {
  if (!env.AGENT_PROXYURL) return null;
  let bypass = [];
  try { bypass = JSON.parse(env.AGENT_PROXYBYPASSLIST || '[]'); } catch (e) { bypass = []; }
  if (bypass.some((pattern) => new RegExp(pattern, 'i').test(url))) return null;
  const proxy = new URL(env.AGENT_PROXYURL);
  const user = env.AGENT_PROXYUSERNAME || decodeURIComponent(proxy.username);
  const password = env.SECRET_AGENT_PROXYPASSWORD || env.AGENT_PROXYPASSWORD || decodeURIComponent(proxy.password);
  return {
    host: proxy.hostname,
    port: Number(proxy.port) || 80,
    name: `${proxy.protocol}//${proxy.host}`, // no credentials: this goes to the log
    headers: user ? { 'Proxy-Authorization': `Basic ${Buffer.from(`${user}:${password || ''}`).toString('base64')}` } : {},
  };
}

// One GET, straight or through the proxy: plain HTTP in absolute form, HTTPS in a CONNECT tunnel.
function request(source, env) {
  const target = new URL(source);
  const headers = { 'User-Agent': 'graylane-azure-task' };
  const proxy = proxyFor(source, env);
  if (!proxy) return Promise.resolve((target.protocol === 'https:' ? https : http).get(source, { headers }));
  if (target.protocol === 'http:') {
    return Promise.resolve(http.get({ host: proxy.host, port: proxy.port, path: source, headers: { ...headers, ...proxy.headers, Host: target.host } }));
  }
  return new Promise((resolve, reject) => {
    const authority = `${target.hostname}:${target.port || 443}`;
    const connect = http.request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: authority, headers: { ...proxy.headers, Host: authority } });
    connect.on('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`the agent's proxy ${proxy.name} answered HTTP ${response.statusCode} to CONNECT ${authority}`));
        return;
      }
      resolve(https.get(source, { headers, agent: false, createConnection: () => tls.connect({ socket, servername: target.hostname }) }));
    });
    connect.on('error', (e) => reject(new Error(`the agent's proxy ${proxy.name}: ${e.message}`)));
    connect.end();
  });
}

// GET with redirects (GitHub sends release downloads to another host); a local directory or file:// works too.
async function fetchAsset(source, env, redirects = 5) {
  if (!/^https?:\/\//i.test(source)) {
    const file = source.startsWith('file://') ? new URL(source) : source;
    return fs.readFileSync(file);
  }
  const req = await request(source, env);
  return new Promise((resolve, reject) => {
    req.on('response', (response) => {
      const status = response.statusCode || 0;
      if (status >= 300 && status < 400 && response.headers.location && redirects > 0) {
        response.resume();
        resolve(fetchAsset(new URL(response.headers.location, source).toString(), env, redirects - 1));
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new Error(`GET ${source} answered HTTP ${status}`));
        return;
      }
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    });
    req.setTimeout(120000, () => req.destroy(new Error(`GET ${source} timed out`)));
    req.on('error', (e) => reject(new Error(`GET ${source} failed: ${e.message}`)));
  });
}

// The entries of a .tar.gz (ustar, GNU long names, pax headers skipped), refusing paths that leave the folder.
function untar(gzipped, destination) {
  const tar = zlib.gunzipSync(gzipped);
  let offset = 0;
  let longName = null;
  const text = (start, length) => tar.toString('utf8', start, start + length).replace(/\0.*$/s, '');
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const mode = parseInt(text(offset + 100, 8).trim() || '644', 8);
    const prefix = text(offset + 345, 155);
    let name = longName || (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    longName = null;
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = data.toString('utf8').replace(/\0.*$/s, ''); continue; }
    if (type !== '0' && type !== '5') continue; // pax headers, links: not in our archives
    name = name.replace(/^(\.\/)+/, '');
    if (!name || name === '.') continue;
    const target = path.resolve(destination, name);
    if (path.isAbsolute(name) || !target.startsWith(path.resolve(destination) + path.sep)) {
      throw new Error(`the archive holds "${name}", outside its folder`);
    }
    if (type === '5') { fs.mkdirSync(target, { recursive: true }); continue; }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data, { mode: mode & 0o777 });
  }
}

function formatSize(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

// Returns { file, args } to start graylane with. log receives one line per meaningful event.
async function install(taskDirectory, options = {}) {
  const env = options.env || process.env;
  const log = options.log || ((line) => process.stdout.write(`${line}\n`));
  const payloadFile = path.join(taskDirectory, 'payload.json');
  if (!fs.existsSync(payloadFile)) throw new Error(`${payloadFile} is missing: the task was not built by build-vsix.sh`);
  const payload = JSON.parse(fs.readFileSync(payloadFile, 'utf8'));
  const { key, asset, portable } = choose(payload, {
    platform: options.platform || process.platform,
    arch: options.arch || process.arch,
    musl: options.musl === undefined ? isMusl() : options.musl,
    hasDotnet10: options.hasDotnet10 || (() => hasDotnet10(env)),
  });
  const exe = portable ? 'graylane.dll' : (key.startsWith('win-') ? 'graylane.exe' : 'graylane');
  const start = (folder) => (portable
    ? { file: 'dotnet', args: [path.join(folder, exe)] }
    : { file: path.join(folder, exe), args: [] });

  const folder = path.join(toolsDirectory(env), 'graylane', payload.version, key);
  const marker = `${folder}.complete`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === asset.sha256 && fs.existsSync(path.join(folder, exe))) {
    log(`graylane ${payload.version} (${key}) from the tool cache: ${folder}`);
    return start(folder);
  }

  const base = env.GRAYLANE_DOWNLOAD_URL || payload.url;
  const source = /^https?:\/\//i.test(base) || base.startsWith('file://')
    ? base.replace(/\/?$/, '/') + asset.file
    : path.join(base, asset.file);
  const proxy = /^https?:/i.test(source) ? proxyFor(source, env) : null;
  log(`graylane ${payload.version} (${key}): downloading ${asset.file} (${formatSize(asset.size)}) from ${source}` +
    (proxy ? ` through the agent's proxy ${proxy.name}` : ''));
  const data = await fetchAsset(source, env);
  const actual = sha256(data);
  if (actual !== asset.sha256) {
    throw new Error(`${asset.file} from ${source} has SHA-256 ${actual}, but this task pins ${asset.sha256} ` +
      `(${data.length} bytes, expected ${asset.size}); nothing was run. A mirror (GRAYLANE_DOWNLOAD_URL) must hold the ` +
      `release's files unchanged, for graylane ${payload.version}`);
  }

  // Unpacked beside the final folder and renamed into place, so a job killed halfway leaves no half install.
  const staging = `${folder}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  untar(data, staging);
  if (!fs.existsSync(path.join(staging, exe))) throw new Error(`${asset.file} holds no ${exe}`);
  if (!portable) fs.chmodSync(path.join(staging, exe), 0o755);
  fs.rmSync(marker, { force: true });
  fs.rmSync(folder, { recursive: true, force: true });
  fs.renameSync(staging, folder);
  fs.writeFileSync(marker, `${asset.sha256}\n`);
  log(`graylane ${payload.version} (${key}): SHA-256 verified, cached in ${folder}`);
  return start(folder);
}

module.exports = { install, choose, platformKey, proxyFor, untar, sha256, DOTNET_STEP };
