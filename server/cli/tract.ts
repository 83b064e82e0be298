/**
 * `parole tract`: a campaign's tract kit (web/tract/) as files to print or hand to a print shop.
 * Reads only public data from the server's database: the campaign's wording and the keyring.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { CAMPAIGN_SLUG } from '../../crypto/bundle.js';
import { LOCALES, type Locale } from '../../crypto/campaign.js';
import { fingerprintWords, flyerHtml, QR_OPTIONS, qrSvg, tractLink, type FlyerSize } from '../../web/tract/index.js';
import type { Db } from '../db/client.js';
import { campaigns } from '../db/schema.js';
import { DelegateApiError, serverAddress } from '../delegate-client.js';
import { activeKeyring } from '../store.js';
import { CliError, refuseExisting } from './io.js';

/** Opens the server's database for the time of `work` (withDb in server/cli/index.ts). */
export type WithDb = <T>(work: (db: Db) => Promise<T>) => Promise<T>;

// 16 pixels a module: a typical 45-module code is 720 pixels wide, about 260 dpi at 7 cm.
const PNG_SCALE = 16;

interface TractOptions {
  slug: string;
  server: string;
  out: string;
  locale: Locale;
}

function tractOptions(argv: string[]): TractOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { campaign: { type: 'string' }, server: { type: 'string' }, out: { type: 'string' }, locale: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see \`parole help\``);
  }
  const required = (value: string | undefined, flag: string): string => {
    if (!value) throw new CliError(`missing ${flag}; see \`parole help\``);
    return value;
  };
  const slug = required(values.campaign, '--campaign SLUG');
  const server = required(values.server, '--server URL');
  const out = required(values.out, '--out DIR');
  const locale = (values.locale ?? 'fr') as Locale;
  if (!LOCALES.includes(locale)) throw new CliError('--locale takes fr or en');
  // The slug names the files: one that no campaign could have never reaches the file system.
  if (!CAMPAIGN_SLUG.test(slug)) throw new CliError('no campaign has this slug');
  try {
    serverAddress(server);
  } catch (err) {
    if (err instanceof DelegateApiError) throw new CliError(err.message);
    throw err;
  }
  return { slug, server, out, locale };
}

/**
 * Writes OUT/SLUG-qr.svg, -qr.png, -flyer-a4.html and -flyer-a5.html, all or none: every
 * check, the database read and the rendering come first; a file that exists stops the run
 * before anything is written, and one that appears meanwhile undoes what this run wrote.
 * Prints the link and each key's fingerprint with its words.
 */
export async function tractCommand(
  argv: string[],
  print: (line: string) => void,
  note: (line: string) => void,
  withDb: WithDb,
): Promise<void> {
  const { slug, server, out, locale } = tractOptions(argv);
  const names = ['qr.svg', 'qr.png', 'flyer-a4.html', 'flyer-a5.html'].map((suffix) => `${slug}-${suffix}`);
  const paths = names.map((name) => join(out, name));
  for (const path of paths) refuseExisting(path);

  const { campaign, keys } = await withDb(async (db) => {
    const [row] = await db
      .select({ titleFr: campaigns.titleFr, titleEn: campaigns.titleEn, introFr: campaigns.introFr, introEn: campaigns.introEn })
      .from(campaigns)
      .where(eq(campaigns.slug, slug))
      .limit(1);
    return { campaign: row, keys: await activeKeyring(db) };
  });
  if (!campaign) throw new CliError('no campaign has this slug');
  if (keys.length === 0) throw new CliError('the keyring is empty: add a delegate key with `npx parole keyring add FILE`');

  const fingerprints = keys.map((k) => k.fingerprint);
  const link = tractLink(server, slug, fingerprints);
  const svg = qrSvg(link);
  const flyer = (size: FlyerSize) =>
    flyerHtml({
      campaign: {
        slug,
        title: { fr: campaign.titleFr, en: campaign.titleEn },
        intro: { fr: campaign.introFr, en: campaign.introEn },
      },
      link,
      fingerprints,
      locale,
      size,
      qrSvg: svg,
    });
  const png = await QRCode.toBuffer(link, { ...QR_OPTIONS, type: 'png', scale: PNG_SCALE, color: { dark: '#000000', light: '#ffffff' } });
  await writeAll(out, paths, [svg, png, flyer('A4'), flyer('A5')]);

  print(link);
  for (const key of keys) print(`${key.fingerprint}  ${fingerprintWords(key.fingerprint).join(' ')}  ${key.label}`.trimEnd());
  note(`wrote ${names.join(', ')} in ${out}`);
}

async function writeAll(folder: string, paths: string[], contents: (string | Uint8Array)[]): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch {
    throw new CliError(`cannot write ${folder}`);
  }
  const written: string[] = [];
  try {
    for (const [i, path] of paths.entries()) {
      // 'wx' fails rather than replace a file that appeared since the check.
      await writeFile(path, contents[i], { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST'
          ? new CliError(`${path} already exists: choose another name or move it away`)
          : new CliError(`cannot write ${path}`);
      });
      written.push(path);
    }
  } catch (err) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw err;
  }
}
