// versions.json: every chart and image pinned to one exact release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_KEYS, INSTALL_STEPS, isPinnedImage, isPinnedVersion, loadVersions } from '../../src/manifests/index.js';

test('versions.json validates: every chart version and image tag is exact', () => {
  const versions = loadVersions();
  for (const key of CHART_KEYS) {
    const pin = versions.charts[key];
    assert.ok(isPinnedVersion(pin.version), `${key}: ${pin.version}`);
    assert.doesNotMatch(pin.version, /latest|[\^~*x><=| ]/i);
  }
  for (const [key, img] of Object.entries(versions.images)) assert.ok(isPinnedImage(img.image), `${key}: ${img.image}`);
  // istio base and istiod must move together.
  assert.equal(versions.charts['istio-base'].version, versions.charts.istiod.version);
});

test('every chart a helm step installs is pinned', () => {
  const versions = loadVersions();
  for (const step of INSTALL_STEPS) if (step.kind === 'helm') assert.ok(versions.charts[step.chart].version);
});

test('the pin checks refuse latest, ranges and untagged images', () => {
  for (const bad of ['latest', '1.x', '^1.2.3', '~1.2.3', '>=1.0.0', '1.2', '1.2.*', '1.2.3 || 1.2.4', '']) assert.equal(isPinnedVersion(bad), false, bad);
  for (const good of ['1.18.14', 'v3.2.6', '1.0.0-rc.1']) assert.equal(isPinnedVersion(good), true, good);
  for (const bad of ['nginx', 'nginx:latest', 'nginx:alpine', 'nginx:1-alpine', 'nginx:1.30-alpine', 'localhost:5000/nginx']) assert.equal(isPinnedImage(bad), false, bad);
  for (const good of ['docker.io/library/nginx:1.30.4-alpine', 'ghcr.io/mccutchen/go-httpbin:2.25.0', `redis@sha256:${'a'.repeat(64)}`]) assert.equal(isPinnedImage(good), true, good);
});
