// Every node and credential n8n loads from this package has icons the package ships: n8n's loader
// turns each `file:` icon into an `iconUrl` under /icons/<package>/ and serves that file from the
// package directory, for the light and the dark theme.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PackageDirectoryLoader } from 'n8n-core';
import type { INodeTypeBaseDescription, INodeType } from 'n8n-workflow';
import { loadPackage, PACKAGE } from './harness/n8n-engine';

const packageDir = path.join(__dirname, '../..');
let loader: PackageDirectoryLoader;
beforeAll(async () => {
  loader = await loadPackage();
});

/** The files n8n serves for an `iconUrl`, light first. */
function servedFiles(iconUrl: INodeTypeBaseDescription['iconUrl']): string[] {
  if (iconUrl === undefined) return [];
  const urls = typeof iconUrl === 'string' ? [iconUrl] : [iconUrl.light, iconUrl.dark];
  return urls.map((url) => {
    expect(url.startsWith(`icons/${PACKAGE}/`)).toBe(true);
    return path.join(packageDir, url.slice(`icons/${PACKAGE}/`.length));
  });
}

const isSvg = (file: string) => existsSync(file) && /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(readFileSync(file, 'utf8'));

const nodeNames = ['tikTokShopTrigger', 'tikTokShop', 'creatorFlowOrder', 'viralDetection', 'businessRules', 'inventory', 'shippingLabel'];
const credentialNames = ['tikTokShopApi', 'creatorFlowDatabaseApi', 'creatorFlowSelfShipApi', 'shippoApi', 'easyPostApi'];

it('n8n loads exactly these nodes and credentials from the package', () => {
  expect(Object.keys(loader.known.nodes).sort()).toEqual([...nodeNames].sort());
  expect(Object.keys(loader.known.credentials).sort()).toEqual([...credentialNames].sort());
});

it.each(nodeNames)('node %s has a light and a dark SVG icon, and they differ', (name) => {
  const files = servedFiles((loader.getNode(name).type as INodeType).description.iconUrl);
  expect(files).toHaveLength(2);
  expect(files.filter(isSvg)).toEqual(files);
  expect(readFileSync(files[0], 'utf8')).not.toBe(readFileSync(files[1], 'utf8'));
});

it.each(credentialNames)('credential %s has an SVG icon', (name) => {
  const files = servedFiles(loader.getCredential(name).type.iconUrl);
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter(isSvg)).toEqual(files);
});
