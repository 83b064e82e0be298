/**
 * Preloaded into a CLI run (NODE_OPTIONS=--require, OFFLINE in test/helpers/cli.ts) to prove a
 * command stays offline: every way out to the network throws, and a run that tried says so on
 * stderr as it exits, even if the command caught the error.
 */
'use strict';
const dns = require('node:dns');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const tls = require('node:tls');

const MARKER = 'NETWORK ATTEMPTED:';
const attempts = new Set();

/**
 * A Unix socket is not the network, and tsx, which bin/parole.js loads, dials one at start-up
 * (its parent's IPC pipe, absent here): let those through, so that only a real attempt shows.
 */
function isLocalSocket(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'string') return !/^\d+$/.test(first);
  return typeof first === 'object' && first !== null && typeof first.path === 'string';
}

function block(owner, name, label, allowLocal = false) {
  const original = owner[name];
  owner[name] = function blocked(...args) {
    if (allowLocal && isLocalSocket(args)) return original.apply(this, args);
    attempts.add(label);
    throw new Error('network blocked');
  };
}

block(net.Socket.prototype, 'connect', 'net.Socket.connect', true);
block(net, 'connect', 'net.connect', true);
block(net, 'createConnection', 'net.createConnection', true);
block(tls, 'connect', 'tls.connect');
block(dns, 'lookup', 'dns.lookup');
block(dns.promises, 'lookup', 'dns.promises.lookup');
block(http, 'request', 'http.request');
block(http, 'get', 'http.get');
block(https, 'request', 'https.request');
block(https, 'get', 'https.get');
block(globalThis, 'fetch', 'fetch');

process.on('exit', () => {
  // Synchronous: the process is about to end and stderr may be a pipe.
  if (attempts.size > 0) fs.writeSync(2, `${MARKER} ${[...attempts].sort().join(', ')}\n`);
});
