/**
 * Network world: `parole campaign`. Delegates define the server's campaigns with signed
 * requests; a definition file is checked here first, with the code the server runs, so that a
 * mistake is reported before the passphrase is asked.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  CAMPAIGN_PROBLEM_TEXT,
  CampaignError,
  campaignStatus,
  validateCampaign,
  type CampaignDefinition,
  type CampaignState,
} from '../../crypto/campaign.js';
import { utcDay } from '../clock.js';
import { DelegateApiError, DelegateClient, serverAddress } from '../delegate-client.js';
import { CliError, readJson } from './io.js';
import { unlockSigningKey } from './unlock.js';

type Print = (line: string) => void;

/** What `parole campaign template` prints: every field, one question of each kind. */
export const TEMPLATE: CampaignDefinition = {
  slug: 'nao-2026',
  title: { fr: 'NAO 2026 : vos conditions de travail', en: 'Pay talks 2026: your working conditions' },
  intro: {
    fr: 'Avant les négociations annuelles, dites-nous ce que vous vivez au travail.\n\nVotre témoignage est chiffré sur votre appareil : **seuls les délégués** peuvent le lire.\n\n- répondez aux questions qui vous parlent\n- ou racontez, tout simplement',
    en: 'Before the annual pay talks, tell us what you experience at work.\n\nYour testimony is encrypted on your device: **only the delegates** can read it.\n\n- answer the questions that matter to you\n- or simply tell your story',
  },
  questions: [
    {
      id: 'recit',
      kind: 'long_text',
      required: false,
      label: { fr: 'Racontez une situation vécue', en: 'Describe something that happened' },
      help: { fr: 'Évitez les noms, les dates précises et les détails qui vous feraient reconnaître.', en: 'Leave out names, exact dates and details that would identify you.' },
      choices: [],
    },
    {
      id: 'metier',
      kind: 'short_text',
      required: false,
      label: { fr: 'Votre métier, en quelques mots', en: 'Your job, in a few words' },
      help: { fr: 'Restez général : « technicien », « cadre »…', en: 'Keep it general: “technician”, “manager”…' },
      choices: [],
    },
    {
      id: 'teletravail',
      kind: 'single_choice',
      required: false,
      label: { fr: 'Travaillez-vous à distance ?', en: 'Do you work remotely?' },
      help: { fr: '', en: '' },
      choices: [
        { id: 'jamais', label: { fr: 'Jamais', en: 'Never' } },
        { id: 'parfois', label: { fr: 'Parfois', en: 'Sometimes' } },
        { id: 'souvent', label: { fr: 'Souvent', en: 'Often' } },
      ],
    },
    {
      id: 'sujets',
      kind: 'multiple_choice',
      required: false,
      label: { fr: 'Les sujets qui vous concernent', en: 'The topics that concern you' },
      help: { fr: 'Plusieurs réponses possibles.', en: 'Tick as many as you like.' },
      choices: [
        { id: 'salaires', label: { fr: 'Salaires', en: 'Pay' } },
        { id: 'horaires', label: { fr: 'Horaires', en: 'Working hours' } },
        { id: 'sante', label: { fr: 'Santé et sécurité', en: 'Health and safety' } },
      ],
    },
    {
      id: 'charge',
      kind: 'scale',
      required: false,
      label: { fr: 'Votre charge de travail', en: 'Your workload' },
      help: { fr: 'De 1 (légère) à 5 (intenable).', en: 'From 1 (light) to 5 (unbearable).' },
      choices: [],
    },
  ],
  opens: null,
  closes: null,
  state: 'open',
};

const CONNECTION = { server: { type: 'string' }, key: { type: 'string' } } as const;
const WITH_FILE = { ...CONNECTION, file: { type: 'string' } } as const;

function options(argv: string[], config: NonNullable<ParseArgsConfig['options']>, slugs: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see \`parole help\``);
  }
  if (parsed.positionals.length !== slugs) {
    throw new CliError(slugs === 1 ? 'give one campaign slug; see `parole help`' : 'this takes no argument; see `parole help`');
  }
  const values = parsed.values as Record<string, string | undefined>;
  const required = (name: string, what: string) => {
    const value = values[name];
    if (!value) throw new CliError(`missing --${name} ${what}; see \`parole help\``);
    return value;
  };
  return { required, slug: parsed.positionals[0] };
}

/** A definition file, checked as the server will check it. Throws CliError naming the first problem. */
function readDefinition(path: string): CampaignDefinition {
  try {
    return validateCampaign(readJson(path, 'campaign definition'));
  } catch (err) {
    if (err instanceof CampaignError) throw new CliError(`${path}: ${CAMPAIGN_PROBLEM_TEXT[err.code]} at ${err.at || 'the top'}`);
    throw err;
  }
}

async function connect(required: (name: string, what: string) => string): Promise<DelegateClient> {
  const server = required('server', 'URL');
  const keyPath = required('key', 'KEYFILE');
  const address = await talking(async () => serverAddress(server));
  return new DelegateClient(address, await unlockSigningKey(keyPath));
}

/** Turns the client's errors into one CLI line; the two a delegate can fix say how. */
async function talking<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DelegateApiError)) throw err;
    if (err.code === 'campaign_exists') throw new CliError('a campaign with this slug exists already; change it with `parole campaign edit`');
    if (err.code === 'unknown_campaign') throw new CliError('no campaign on the server has this slug');
    throw new CliError(`server: ${err.message}`);
  }
}

/** A definition the server sent, checked before any of it reaches the terminal or a file. */
function fromServer(value: unknown): CampaignDefinition {
  try {
    return validateCampaign(value);
  } catch {
    throw new CliError('server: the server sent an invalid campaign definition');
  }
}

async function allCampaigns(client: DelegateClient): Promise<CampaignDefinition[]> {
  const all: unknown = await talking(() => client.campaigns());
  if (!Array.isArray(all)) throw new CliError('server: the server sent an invalid campaign definition');
  return all.map(fromServer);
}

async function save(client: DelegateClient, def: CampaignDefinition, mode: 'create' | 'replace'): Promise<CampaignDefinition> {
  return fromServer(await talking(() => client.saveCampaign(def, mode)));
}

async function find(client: DelegateClient, slug: string): Promise<CampaignDefinition> {
  const found = (await allCampaigns(client)).find((def) => def.slug === slug);
  if (!found) throw new CliError('no campaign on the server has this slug');
  return found;
}

const days = (def: CampaignDefinition) => `${def.opens ?? '…'} → ${def.closes ?? '…'}`;

/** The status today, and why when the dates, not the state, decide it. */
function statusLine(def: CampaignDefinition): string {
  const status = campaignStatus(def, utcDay(new Date()));
  return def.state === 'open' && status !== 'open' ? `${status} (days ${days(def)})` : status;
}

async function setState(client: DelegateClient, slug: string, state: CampaignState, note: Print): Promise<void> {
  const def = await find(client, slug);
  if (def.state === state) {
    note(`${slug} is ${state} already; nothing changed`);
    return;
  }
  const saved = await save(client, { ...def, state }, 'replace');
  note(`${state === 'open' ? 'opened' : 'closed'} ${slug}: now ${statusLine(saved)}`);
}

/**
 * `parole campaign ACTION …`. Lists and definitions go to stdout, so that `show` can be
 * redirected to a file, edited and sent back with `edit`; confirmations go to stderr.
 */
export async function campaignCommand(action: string | undefined, argv: string[], print: Print, note: Print): Promise<void> {
  switch (action) {
    case 'template': {
      options(argv, {}, 0);
      print(JSON.stringify(TEMPLATE, null, 2));
      return;
    }
    case 'list': {
      const { required } = options(argv, CONNECTION, 0);
      const client = await connect(required);
      const all = await allCampaigns(client);
      if (all.length === 0) print('no campaign on the server: write one from `parole campaign template` and send it with `parole campaign create`');
      for (const def of all) print(`${def.slug}  ${statusLine(def)}  ${days(def)}  ${def.title.fr}`);
      return;
    }
    case 'show': {
      const { required, slug } = options(argv, CONNECTION, 1);
      print(JSON.stringify(await find(await connect(required), slug), null, 2));
      return;
    }
    case 'create':
    case 'edit': {
      const { required } = options(argv, WITH_FILE, 0);
      const def = readDefinition(required('file', 'DEF.json'));
      const client = await connect(required);
      const saved = await save(client, def, action === 'create' ? 'create' : 'replace');
      note(`${action === 'create' ? 'created' : 'replaced'} ${saved.slug}: now ${statusLine(saved)}`);
      return;
    }
    case 'open':
    case 'close': {
      const { required, slug } = options(argv, CONNECTION, 1);
      await setState(await connect(required), slug, action === 'open' ? 'open' : 'closed', note);
      return;
    }
    default:
      throw new CliError('campaign takes template, list, show, create, edit, open or close; see `parole help`');
  }
}
